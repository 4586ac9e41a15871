//! 数字与报告: what the committee reads off its proposals: the one
//! definition of every figure ([`Figures`]), the 督办总览, the statistics
//! page, the 督办报告 and the units' yearly 考评 built on them.

pub(crate) mod dashboard;
mod definitions;
mod evaluation;
mod facts;
pub(crate) mod report;
pub(crate) mod statistics;

pub use definitions::{ClassFigure, Count, Figures, Share, UnitFigures};
pub use evaluation::{Evaluation, EvaluationRequest, EvaluationWeights, UnitEvaluation};
