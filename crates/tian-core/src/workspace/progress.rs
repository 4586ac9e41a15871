//! 进度: what a long piece of work (a package import, a restore, a report)
//! is doing now, so the window can show a bar with the step named while it
//! runs. The work reports to a [`ProgressHandle`]; whoever started it (the
//! window) decides where the reports go.

use std::sync::{Arc, Mutex};

use serde::Serialize;
use ts_rs::TS;

/// One report: the step, and how far into it (`done` of `total`; a total of
/// 0 means the step's size is not known).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Progress {
    /// "核验签名", "合并修改" …
    pub step: String,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// 进行中的工作, as the window shows it: the work the clerk started, its
/// latest step, and whether it is still running.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Job {
    /// "导入交换包", "恢复备份" …
    pub work: String,
    pub progress: Option<Progress>,
    pub running: bool,
}

/// Where progress goes.
pub type ProgressSink = Box<dyn FnMut(&Progress) + Send>;

/// A cheap, cloneable handle long work reports through; it reports nowhere
/// until a sink is set.
#[derive(Clone, Default)]
pub struct ProgressHandle(Arc<Mutex<Option<ProgressSink>>>);

impl ProgressHandle {
    pub fn set(&self, sink: Option<ProgressSink>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = sink;
    }

    /// Reports `step` at `done` of `total`.
    pub fn report(&self, step: &str, done: u64, total: u64) {
        if let Some(sink) = self.0.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            sink(&Progress { step: step.to_owned(), done, total });
        }
    }

    /// Reports `step` as begun, of unknown size.
    pub fn step(&self, step: &str) {
        self.report(step, 0, 0);
    }
}

impl std::fmt::Debug for ProgressHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressHandle")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_reach_the_sink_once_one_is_set() {
        let handle = ProgressHandle::default();
        handle.step("无人接收");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let into = seen.clone();
        handle.set(Some(Box::new(move |p| into.lock().unwrap().push(p.clone()))));
        handle.clone().report("合并修改", 500, 1000);
        handle.set(None);
        handle.step("又无人接收");
        let seen = seen.lock().unwrap();
        assert_eq!(*seen, [Progress { step: "合并修改".into(), done: 500, total: 1000 }]);
    }
}
