//! 导入: what comes into Tian from the committee's own files: the
//! announcement of key proposals, a ledger (台账) in both directions, the
//! summaries of past years, and the city's plan documents.

pub(crate) mod announcement;
pub(crate) mod history;
pub(crate) mod ledger;
pub(crate) mod plans;
