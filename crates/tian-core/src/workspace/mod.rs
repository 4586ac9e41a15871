//! 工作区: the installation itself, as distinct from the proposals in it:
//! where its database lives and what it starts with, its settings and the
//! directory of units, the files kept beside the database (attachments,
//! backups), and the progress long work reports.

pub(crate) mod attachments;
pub(crate) mod backup;
pub(crate) mod default_data;
pub(crate) mod directory;
pub(crate) mod files;
pub mod location;
pub(crate) mod progress;
pub(crate) mod settings;
pub(crate) mod user;
