//! 规划部署: what the city government has already committed to in its plans
//! (the five-year plan's chapters and 专栏 items, the implementation plan's
//! numbered tasks, the work report's undertakings), so that a proposal can be
//! tied to the commitments it asks the government to keep.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// 规划条目: one commitment of a plan document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlanItem {
    /// The document's title: 《…实施方案》, 政府工作报告 …
    pub document: String,
    /// Where it stands in the document, outermost first:
    /// ["第十五篇 …", "第五十四章 建设高质量教育体系", "专栏 48 教育稳市"].
    pub path: Vec<String>,
    /// How the clerk cites it: "任务25", "专栏46-1", "第五十四章（一）".
    pub label: String,
    /// Its heading or lead sentence: "加快调整能源结构".
    pub title: String,
    pub text: String,
    /// Its place in the document, from 1.
    pub ord: u32,
}

impl PlanItem {
    /// The identity every installation derives alike: "政府工作报告/任务25".
    pub fn id(&self) -> String {
        format!("{}/{}", self.document, self.label)
    }
}

/// 关联状态: the clerk's verdict on a suggested commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum PlanLinkState {
    /// 已确认: the proposal concerns this commitment; it shows in the report.
    #[serde(rename = "已确认")]
    Confirmed,
    /// 已排除: suggested, but not related; no longer suggested.
    #[serde(rename = "已排除")]
    Rejected,
}

/// 规划关联: the clerk's verdict on one commitment for one proposal, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLink {
    /// The commitment's id: "政府工作报告/任务25".
    pub item: String,
    pub state: PlanLinkState,
}
