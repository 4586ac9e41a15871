//! Driving the real Tian window for end-to-end tests (`tests/`) and the
//! startup benchmark (`src/bin/startup.rs`).

mod window;

pub use window::{artifacts_dir, wait_until, workspace_root, Element, Launch, Window};
