//! 提案: a proposal as the announcement publishes it, with the supervision
//! assignments that make it a key proposal (重点提案).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ProposerKind, Stage};

/// 提案. The number is unique within a session (届次), so the pair is the
/// identity that every installation derives the same way; see [`ProposalId`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Proposal {
    /// 提案号, four digits as printed: "0069".
    pub number: String,
    /// 届次, e.g. "十三届五次".
    pub session: String,
    /// 案由 (title): "关于……的建议".
    pub title: String,
    /// 提案者: a party or body (市民盟) or a member (慈志勇).
    pub proposer: String,
    pub proposer_kind: ProposerKind,
    /// 内容摘要: the problem statement that precedes the suggestions.
    pub summary: String,
    /// 建议: the numbered suggestions, without their numbers.
    pub suggestions: Vec<String>,
    /// 类别, when known (the announcement does not print it).
    pub category: Option<String>,
    /// 市政府领导: supervising leaders of the city government.
    pub gov_leaders: Vec<String>,
    /// 市政协领导: supervising leaders of the CPPCC.
    pub cppcc_leaders: Vec<String>,
    /// 市政府主办部门: lead units; #0020 has two.
    pub lead_units: Vec<String>,
    /// 市政协协办部门 / 协办专委会: the CPPCC committees that co-supervise.
    pub co_committees: Vec<String>,
    pub stage: Stage,
}

impl Proposal {
    pub fn id(&self) -> ProposalId {
        ProposalId::new(&self.session, &self.number)
    }

    /// Every supervising leader, government first, as the announcement lists them.
    pub fn leaders(&self) -> impl Iterator<Item = &str> {
        self.gov_leaders.iter().chain(&self.cppcc_leaders).map(String::as_str)
    }
}

/// The identity of a proposal across installations: "十三届五次/0069".
///
/// It is derived from the session and number rather than generated, so two
/// installations that import the same announcement name the same records and
/// their exchange packages merge instead of duplicating.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProposalId(pub String);

impl ProposalId {
    pub fn new(session: &str, number: &str) -> Self {
        Self(format!("{session}/{number}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ProposalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the clerk narrows the key-proposal list by. Names match exactly:
/// the leader 宋学恭 is not the proposer 宋学.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProposalFilter {
    /// 主办部门, exact name.
    pub lead_unit: Option<String>,
    /// 督办领导 (government or CPPCC), exact name.
    pub leader: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_identity_joins_session_and_number() {
        assert_eq!(ProposalId::new("十三届五次", "0069").as_str(), "十三届五次/0069");
    }

    #[test]
    fn the_json_form_uses_the_keys_the_cli_contract_names() {
        let p = Proposal {
            number: "0069".into(),
            session: "十三届五次".into(),
            title: "关于大力发展智慧教育的建议".into(),
            proposer: "市民盟".into(),
            proposer_kind: ProposerKind::Organization,
            summary: "摘要".into(),
            suggestions: vec!["一".into()],
            category: None,
            gov_leaders: vec!["孟祥红".into()],
            cppcc_leaders: vec![],
            lead_units: vec!["市教育局".into()],
            co_committees: vec![],
            stage: Stage::Registered,
        };
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["proposer_kind"], "organization");
        assert_eq!(json["stage"], "立案");
        assert_eq!(json["lead_units"][0], "市教育局");
        assert_eq!(p.leaders().collect::<Vec<_>>(), ["孟祥红"]);
    }
}
