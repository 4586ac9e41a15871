//! 办理记录: what happens to a key proposal after 立案, each kept as a record
//! of its own so that units can add theirs and exchange packages can carry
//! them field by field.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AnswerClass, CloseKind, ReviewOutcome, Satisfaction};

/// A handling unit's part in a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum UnitRole {
    #[serde(rename = "主办")]
    Lead,
    /// 会办: a co-unit, whose 会办意见 goes to the lead unit.
    #[serde(rename = "会办")]
    Co,
}

/// Older records and exchange packages call a co-unit 协办; they read as 会办.
impl<'de> Deserialize<'de> for UnitRole {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let word = String::deserialize(deserializer)?;
        match word.as_str() {
            "主办" => Ok(UnitRole::Lead),
            "会办" | "协办" => Ok(UnitRole::Co),
            other => Err(serde::de::Error::unknown_variant(other, &["主办", "会办"])),
        }
    }
}

/// 承办单位 as assigned, with the person the committee deals with there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnitAssignment {
    pub unit: String,
    pub role: UnitRole,
    /// 联系人
    pub contact: String,
    /// 联系电话
    pub phone: String,
}

/// 主办方式: how several lead units answer the proposer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum LeadMode {
    /// 联合主办: the lead units send one joint answer and get one verdict.
    #[default]
    #[serde(rename = "联合主办")]
    Joint,
    /// 分办: each lead unit answers separately and gets its own verdict and,
    /// when that is 不满意, its own 再办理.
    #[serde(rename = "分办")]
    Split,
}

impl LeadMode {
    pub fn label(self) -> &'static str {
        match self {
            LeadMode::Joint => "联合主办",
            LeadMode::Split => "分办",
        }
    }

    pub fn parse(s: &str) -> Option<LeadMode> {
        [LeadMode::Joint, LeadMode::Split].into_iter().find(|m| m.label() == s.trim())
    }
}

/// 交办.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Assignment {
    /// 交办日期
    pub date: NaiveDate,
    pub units: Vec<UnitAssignment>,
    /// 主办方式, which matters only with several lead units; assignments
    /// recorded before it existed were 联合主办.
    #[serde(default)]
    pub mode: LeadMode,
}

impl Assignment {
    pub fn units_in(&self, role: UnitRole) -> Vec<String> {
        self.units.iter().filter(|u| u.role == role).map(|u| u.unit.clone()).collect()
    }

    /// 分办 in effect: chosen, with more than one lead unit to split between.
    pub fn split(&self) -> bool {
        self.mode == LeadMode::Split && self.units.iter().filter(|u| u.role == UnitRole::Lead).count() > 1
    }
}

/// 分办: a lead unit's own 办理轮次, once a 再办理 or re-opening set the
/// units' rounds apart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRound {
    pub unit: String,
    pub round: u32,
    /// 再办理起算日: the decision that began this unit's round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    /// The due date that decision set, where it set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// 说明办结 of this unit's answer, which the proposer found 不满意.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explained: Option<UnitExplanation>,
}

/// 说明办结 of one lead unit's answer under 分办: the committee explains why
/// no more can be done, and that unit's course ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnitExplanation {
    pub date: NaiveDate,
    /// 说明理由
    pub text: String,
}

/// 沟通方式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum ContactMethod {
    #[serde(rename = "见面")]
    Meeting,
    #[serde(rename = "电话")]
    Phone,
    #[serde(rename = "座谈")]
    Forum,
}

impl ContactMethod {
    pub fn label(self) -> &'static str {
        match self {
            ContactMethod::Meeting => "见面",
            ContactMethod::Phone => "电话",
            ContactMethod::Forum => "座谈",
        }
    }

    /// Face to face (见面, 座谈): a 面商 where the proposer's form does not say.
    pub fn face_to_face(self) -> bool {
        matches!(self, ContactMethod::Meeting | ContactMethod::Forum)
    }
}

/// 与提案者沟通: a handling unit's contact with the proposer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Contact {
    pub id: String,
    pub date: NaiveDate,
    pub method: ContactMethod,
    /// The unit that made contact, if one did.
    pub unit: Option<String>,
    /// 参加人员
    pub people: String,
    /// 沟通内容
    pub content: String,
}

/// 督办活动的形式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum ActivityKind {
    #[serde(rename = "视察")]
    Inspection,
    #[serde(rename = "调研")]
    Survey,
    #[serde(rename = "座谈会")]
    Forum,
    #[serde(rename = "协商会")]
    Consultation,
    #[serde(rename = "督办会")]
    SupervisionMeeting,
    /// 催办函: a notice sent to a late unit, recorded when it is exported.
    #[serde(rename = "催办函")]
    Notice,
}

impl ActivityKind {
    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::Inspection => "视察",
            ActivityKind::Survey => "调研",
            ActivityKind::Forum => "座谈会",
            ActivityKind::Consultation => "协商会",
            ActivityKind::SupervisionMeeting => "督办会",
            ActivityKind::Notice => "催办函",
        }
    }
}

/// 落实事项: a follow-up item agreed at an activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowUp {
    pub item: String,
    /// 责任单位或责任人
    pub owner: String,
    pub due: Option<NaiveDate>,
}

/// 督办活动.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Activity {
    pub id: String,
    pub kind: ActivityKind,
    pub date: NaiveDate,
    pub place: String,
    /// 参加领导
    pub leaders: Vec<String>,
    /// 参加单位
    pub units: Vec<String>,
    pub summary: String,
    pub follow_ups: Vec<FollowUp>,
}

/// A file kept with a reply, stored by content hash so it is never lost or duplicated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Attachment {
    pub name: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
}

/// 办理复文: a unit's reply letter; the lead unit's is the answer to the proposer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Reply {
    pub id: String,
    pub unit: String,
    /// Whether the unit is a lead unit (主办) rather than a co-unit (会办意见).
    pub lead: bool,
    /// 办理轮次 the reply answers.
    pub round: u32,
    pub date: NaiveDate,
    /// 答复类别 of a lead unit's answer; a co-unit's 会办意见 carries none.
    pub class: Option<AnswerClass>,
    /// 复文文号, such as 教提复〔2026〕12号.
    #[serde(default)]
    pub number: String,
    /// 签发领导
    pub signer: String,
    /// 签发人职务
    #[serde(default)]
    pub signer_post: String,
    /// 联系人及电话
    pub contact: String,
    /// 复文全文
    pub text: String,
    pub attachments: Vec<Attachment>,
    /// 是否公开: whether the answer may be published (`tian publish`).
    pub public: bool,
    /// 不公开的理由; empty for a public answer.
    #[serde(default)]
    pub private_reason: String,
}

impl Reply {
    /// 答复公开: an answer kept from publication says why; a public one
    /// keeps no reason. The reason to keep, or why the choice is incomplete.
    pub fn publicity_reason(public: bool, reason: &str) -> Result<String, String> {
        // A reason of spaces or invisible marks alone is none.
        let reason = reason.trim_matches(|c: char| c.is_whitespace() || crate::text::invisible(c));
        match (public, reason.is_empty()) {
            (false, true) => Err("答复不公开的，须写明不公开的理由。".to_owned()),
            (false, false) => Ok(reason.to_owned()),
            (true, _) => Ok(String::new()),
        }
    }

    /// 已定: what was judged stays as it was judged. A lead unit's answer is
    /// settled once the proposer's verdict on it is recorded; any reply is
    /// settled once the proposal is closed (视为满意办结 included, which has
    /// no verdict) or the unit has moved on to a later round. From then on
    /// its class, date, text, signer and 文号 stay, and it is not deleted:
    /// on every path (the clerk's correction, a unit's package), the steps
    /// built on it are taken back first.
    pub fn is_settled(&self, feedback: &[Feedback], stage: crate::Stage, unit_round: u32) -> bool {
        stage == crate::Stage::Closed
            || self.round < unit_round
            || (self.lead
                && feedback.iter().any(|f| f.round == self.round && f.unit.as_ref().is_none_or(|u| *u == self.unit)))
    }
}

/// 提案者反馈.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Feedback {
    pub id: String,
    /// Under 分办, the lead unit whose answer the verdict is on.
    #[serde(default)]
    pub unit: Option<String>,
    /// 办理轮次: the proposal's, or under 分办 the unit's.
    pub round: u32,
    pub date: NaiveDate,
    /// 办理结果: the verdict on what the answer achieved.
    pub result: Satisfaction,
    pub comment: String,
    /// The rest of the 征询意见表, where the proposer filled it in.
    #[serde(default)]
    pub form: FeedbackForm,
}

/// 征询意见表: what the proposer says beside the verdict on the result,
/// each answer left out where the form was not filled in or not returned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct FeedbackForm {
    /// 沟通方式: how the unit consulted the proposer, in the proposer's words.
    #[ts(optional)]
    pub consultation: Option<Consultation>,
    /// 办理态度: the verdict on the unit's attitude, apart from the result.
    #[ts(optional)]
    pub attitude: Option<Satisfaction>,
    /// 答复针对性: whether the answer met the proposal's point.
    #[ts(optional)]
    pub pertinence: Option<Pertinence>,
    /// 建议落实: the proposer's judgement of each numbered suggestion.
    pub suggestions: Vec<SuggestionVerdict>,
}

impl FeedbackForm {
    /// The most suggestions a form may judge: more than any proposal has
    /// (announcements hold a few, an imported one perhaps a hundred).
    pub const MOST_SUGGESTIONS: u32 = 999;

    /// Why the form cannot be kept as it is, in the clerk's words: each
    /// suggestion judged once, by its number among the proposal's
    /// `suggestions`.
    pub fn problem(&self, suggestions: usize) -> Option<String> {
        let mut seen = Vec::new();
        for s in &self.suggestions {
            if s.index == 0 || s.index as usize > suggestions {
                return Some(format!("本提案有{suggestions}条建议，没有第{}条。", s.index));
            }
            if seen.contains(&s.index) {
                return Some(format!("第{}条建议的落实情况填了两次。", s.index));
            }
            seen.push(s.index);
        }
        None
    }

    /// What the form says beyond the verdict, as one line:
    /// “沟通方式：面商；办理态度：满意；建议落实：第1条已落实、第2条正在落实”.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = self.consultation {
            parts.push(format!("沟通方式：{}", c.label()));
        }
        if let Some(a) = self.attitude {
            parts.push(format!("办理态度：{}", a.label()));
        }
        if let Some(p) = self.pertinence {
            parts.push(format!("答复针对性：{}", p.label()));
        }
        if !self.suggestions.is_empty() {
            let mut judged = self.suggestions.clone();
            judged.sort_by_key(|s| s.index);
            let each: Vec<String> = judged.iter().map(|s| format!("第{}条{}", s.index, s.state.label())).collect();
            parts.push(format!("建议落实：{}", each.join("、")));
        }
        parts.join("；")
    }
}

/// 沟通方式 on the 征询意见表.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Consultation {
    #[serde(rename = "面商")]
    FaceToFace,
    #[serde(rename = "电话")]
    Phone,
    #[serde(rename = "书面")]
    Written,
    #[serde(rename = "未沟通")]
    None,
}

impl Consultation {
    pub const ALL: [Consultation; 4] =
        [Consultation::FaceToFace, Consultation::Phone, Consultation::Written, Consultation::None];

    pub fn label(self) -> &'static str {
        match self {
            Consultation::FaceToFace => "面商",
            Consultation::Phone => "电话",
            Consultation::Written => "书面",
            Consultation::None => "未沟通",
        }
    }

    pub fn parse(s: &str) -> Option<Consultation> {
        Consultation::ALL.into_iter().find(|x| x.label() == s.trim())
    }
}

/// 答复针对性 on the 征询意见表.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Pertinence {
    #[serde(rename = "针对性强")]
    Strong,
    #[serde(rename = "基本针对")]
    Fair,
    #[serde(rename = "针对性不强")]
    Weak,
}

impl Pertinence {
    pub const ALL: [Pertinence; 3] = [Pertinence::Strong, Pertinence::Fair, Pertinence::Weak];

    pub fn label(self) -> &'static str {
        match self {
            Pertinence::Strong => "针对性强",
            Pertinence::Fair => "基本针对",
            Pertinence::Weak => "针对性不强",
        }
    }

    pub fn parse(s: &str) -> Option<Pertinence> {
        Pertinence::ALL.into_iter().find(|x| x.label() == s.trim())
    }
}

/// The proposer's judgement of one numbered suggestion: 已落实, 正在落实 or 未落实.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SuggestionVerdict {
    /// The suggestion's number, from 1.
    pub index: u32,
    pub state: SuggestionState,
}

/// 建议落实情况.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum SuggestionState {
    #[serde(rename = "已落实")]
    Done,
    #[serde(rename = "部分落实")]
    Partly,
    #[serde(rename = "正在落实")]
    InProgress,
    #[serde(rename = "未落实")]
    NotDone,
}

impl SuggestionState {
    pub const ALL: [SuggestionState; 4] =
        [SuggestionState::Done, SuggestionState::Partly, SuggestionState::InProgress, SuggestionState::NotDone];

    pub fn label(self) -> &'static str {
        match self {
            SuggestionState::Done => "已落实",
            SuggestionState::Partly => "部分落实",
            SuggestionState::InProgress => "正在落实",
            SuggestionState::NotDone => "未落实",
        }
    }

    pub fn parse(s: &str) -> Option<SuggestionState> {
        SuggestionState::ALL.into_iter().find(|x| x.label() == s.trim())
    }
}

/// How far one numbered suggestion has been carried out, and the evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SuggestionProgress {
    /// The suggestion's number, from 1.
    pub index: u32,
    pub status: SuggestionState,
    /// 佐证: a sentence, a document's name, …
    pub evidence: String,
    pub date: Option<NaiveDate>,
}

impl SuggestionState {
    /// Whether a suggestion in this state needs its 佐证 written: any state
    /// but 未落实 says something was done, and the evidence says what.
    pub fn needs_evidence(self) -> bool {
        self != SuggestionState::NotDone
    }
}

/// 办结, with the outcome of the handling (办理成效).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Closure {
    pub date: NaiveDate,
    /// 办理成效, or for 说明办结 the committee's explanation.
    pub summary: String,
    /// 办结方式; closures recorded before it existed were all 满意办结.
    #[serde(default)]
    pub kind: CloseKind,
}

/// 退回: a lead unit hands back a proposal it holds wrongly assigned, within
/// the days the rules allow after 交办.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HandBack {
    pub id: String,
    pub unit: String,
    /// The 交办 date of the assignment handed back.
    pub assigned: NaiveDate,
    /// 退回日期
    pub date: NaiveDate,
    /// 退回理由
    pub reason: String,
}

/// 撤案: the proposer withdraws the proposal before 办结.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Withdrawal {
    pub date: NaiveDate,
    pub reason: String,
}

/// 延期申请: a unit asks for more time to answer, and the committee's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Extension {
    pub id: String,
    /// The unit asking.
    pub unit: String,
    /// 办理轮次 whose answer it would delay.
    pub round: u32,
    /// 申请日期
    pub date: NaiveDate,
    /// 申请延期至
    pub requested_to: NaiveDate,
    /// 延期理由
    pub reason: String,
    /// 审批; `None` while the request waits.
    pub decision: Option<ExtensionDecision>,
}

/// 延期审批.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExtensionDecision {
    pub approved: bool,
    /// 审批日期
    pub date: NaiveDate,
    /// 批准延期至: the new due date, for an approval.
    pub due: Option<NaiveDate>,
    /// 审批意见
    pub note: String,
}

/// 审查结论 for a proposal that is not handled: why, and for 并案 into which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Review {
    pub outcome: ReviewOutcome,
    pub reason: String,
    /// 并入的提案号 for 并案.
    pub merged_into: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::UnitRole;

    #[test]
    fn a_co_unit_is_written_as_huiban_and_the_older_xieban_still_reads() {
        assert_eq!(serde_json::to_value(UnitRole::Co).unwrap(), "会办");
        for word in ["会办", "协办"] {
            assert_eq!(serde_json::from_value::<UnitRole>(word.into()).unwrap(), UnitRole::Co);
        }
        assert!(serde_json::from_value::<UnitRole>("参办".into()).is_err());
    }
}
