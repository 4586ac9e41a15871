//! 办理: every change to a proposal's handling: the steps from 交办 to 办结,
//! corrections and deletions of what was recorded, 撤销 of a step, and the
//! papers the process sends out (催办函, 征询意见表).

pub(crate) mod corrections;
pub(crate) mod forms;
pub(crate) mod letter;
pub(crate) mod steps;
pub(crate) mod undo;
