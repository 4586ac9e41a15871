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
    /// 再办理: handled again after an unsatisfied feedback, as the committee decided.
    #[serde(rename = "再办理")]
    Rehandling,
    /// 待决定: the proposer is unsatisfied; the committee decides 再办理 or
    /// 说明办结. An unsatisfied verdict opens no new round by itself, or a
    /// proposal answered 不满意 twice could never be closed.
    #[serde(rename = "待决定")]
    Undecided,
    /// 已退回: a lead unit handed it back as wrongly assigned; it waits for
    /// the committee to 改办 (assign it anew).
    #[serde(rename = "已退回")]
    HandedBack,
    /// 撤案: the proposer withdrew it before 办结; it stays in the registry.
    #[serde(rename = "撤案")]
    Withdrawn,
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
    pub const ALL: [Stage; 13] = [
        Stage::Registered,
        Stage::Assigned,
        Stage::HandedBack,
        Stage::Handling,
        Stage::Replied,
        Stage::FeedbackReceived,
        Stage::Undecided,
        Stage::Closed,
        Stage::Rehandling,
        Stage::Withdrawn,
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
            Stage::Undecided => "待决定",
            Stage::Withdrawn => "撤案",
            Stage::HandedBack => "已退回",
            Stage::NotRegistered => "不予立案",
            Stage::Merged => "并案",
            Stage::ToOpinion => "转意见建议",
        }
    }

    pub fn from_label(label: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.label() == label)
    }

    /// Whether work is still owed on it: handed over and neither closed,
    /// withdrawn nor ended at review.
    pub fn is_pending(self) -> bool {
        !matches!(
            self,
            Stage::Registered
                | Stage::Closed
                | Stage::Withdrawn
                | Stage::NotRegistered
                | Stage::Merged
                | Stage::ToOpinion
        )
    }

    /// Whether a proposal here is handled at all, and so can take another
    /// merged into it (并案): not one withdrawn, refused or itself merged.
    pub fn is_handled(self) -> bool {
        !matches!(self, Stage::Withdrawn | Stage::NotRegistered | Stage::Merged | Stage::ToOpinion)
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
