//! 提案: finding a proposal and reading it: by number, as a page of the
//! list, as its whole dossier, as the timeline of what was done, and by the
//! category it is filed under.

pub(crate) mod category;
pub(crate) mod dossier;
pub(crate) mod list;
pub(crate) mod resolve;
pub(crate) mod revise;
pub(crate) mod similar;
pub(crate) mod timeline;
