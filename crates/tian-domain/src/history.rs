//! 往年提案: proposals of past years as the committee's summaries record
//! them — the year, the title, the core suggestions and how they were
//! handled — kept as a searchable archive that reports can cite.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// 往年提案.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryEntry {
    pub year: i32,
    /// The title as the summary gives it, without the year.
    pub title: String,
    /// 栏目: the heading it was listed under (聚焦中心热点·建真言).
    pub theme: String,
    /// 核心建议
    pub suggestions: String,
    /// 办理情况
    pub handling: String,
    /// The document it came from: its headline.
    pub source: String,
}

impl HistoryEntry {
    /// The identity every installation derives alike: "2021/加快培育先进制造业集群".
    pub fn id(&self) -> String {
        format!("{}/{}", self.year, self.title)
    }
}
