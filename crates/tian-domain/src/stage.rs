//! 办理阶段: where a proposal stands in its handling.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// 办理阶段. The serialized form is the Chinese word the clerk reads, so the CLI's
/// JSON, the database and the window all say the same thing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Stage {
    /// 立案: registered; every key proposal starts here.
    #[default]
    #[serde(rename = "立案")]
    Registered,
    /// 交办: assigned to its handling units.
    #[serde(rename = "交办")]
    Assigned,
    /// 办理中
    #[serde(rename = "办理中")]
    Handling,
    /// 已答复: the lead unit's reply letter is in.
    #[serde(rename = "已答复")]
    Replied,
    /// 已反馈: the proposer has answered the reply.
    #[serde(rename = "已反馈")]
    FeedbackReceived,
    /// 办结
    #[serde(rename = "办结")]
    Closed,
    /// 再办理: handled again after an unsatisfied feedback.
    #[serde(rename = "再办理")]
    Rehandling,
    /// 不予立案
    #[serde(rename = "不予立案")]
    NotRegistered,
    /// 并案: merged into another proposal.
    #[serde(rename = "并案")]
    Merged,
    /// 转意见建议: passed on as an opinion rather than a proposal.
    #[serde(rename = "转意见建议")]
    ToOpinion,
}

impl Stage {
    pub const ALL: [Stage; 10] = [
        Stage::Registered,
        Stage::Assigned,
        Stage::Handling,
        Stage::Replied,
        Stage::FeedbackReceived,
        Stage::Closed,
        Stage::Rehandling,
        Stage::NotRegistered,
        Stage::Merged,
        Stage::ToOpinion,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Stage::Registered => "立案",
            Stage::Assigned => "交办",
            Stage::Handling => "办理中",
            Stage::Replied => "已答复",
            Stage::FeedbackReceived => "已反馈",
            Stage::Closed => "办结",
            Stage::Rehandling => "再办理",
            Stage::NotRegistered => "不予立案",
            Stage::Merged => "并案",
            Stage::ToOpinion => "转意见建议",
        }
    }

    pub fn from_label(label: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.label() == label)
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::Stage;

    #[test]
    fn every_label_reads_back_as_its_stage_and_matches_the_json_form() {
        for stage in Stage::ALL {
            assert_eq!(Stage::from_label(stage.label()), Some(stage));
            assert_eq!(serde_json::to_value(stage).unwrap(), stage.label());
        }
        assert_eq!(Stage::from_label("已撤回"), None);
    }
}
