//! Driving the real Tian window for end-to-end tests (`tests/`) and the
//! startup benchmark (`src/bin/startup.rs`).

mod fixtures;
mod window;

pub use fixtures::{answer, assign_lead, committee_and_unit};

pub use window::{artifacts_dir, wait_until, workspace_root, Element, Launch, Window};
