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
    /// 提案者: a party or body (市民盟) or a member (慈志勇); for a joint
    /// proposal (联名提案) its lead proposer (领衔人).
    pub proposer: String,
    /// 附议人: the members who co-signed a joint proposal, after the lead.
    /// `None` where the source says nothing of them (the announcement, a
    /// ledger without the column): such a source writes nothing for it, and
    /// a ledger that gives the column empty clears them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co_signers: Option<Vec<String>>,
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

    /// 领衔人 and 附议人: everyone who put the proposal forward.
    pub fn proposers(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.proposer.as_str()).chain(self.co_signers.iter().flatten().map(String::as_str))
    }

    /// Every supervising leader, government first, as the announcement lists them.
    pub fn leaders(&self) -> impl Iterator<Item = &str> {
        self.gov_leaders.iter().chain(&self.cppcc_leaders).map(String::as_str)
    }
}

/// The identity of a proposal across installations: its 届次 and 提案号,
/// written "十三届五次/0069" in the log, the tables and exchange packages.
///
/// It is derived from the session and number rather than generated, so two
/// installations that import the same announcement name the same records and
/// their exchange packages merge instead of duplicating.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, TS)]
#[ts(export, type = "string")]
pub struct ProposalId {
    key: String,
    /// Where the session ends in `key`.
    split: usize,
}

/// 提案号 as a clerk, a ledger or an announcement writes it ("69", "0069",
/// "第0069号", "０６９", "000069"), in the one form the store keeps: four
/// digits, more only where the number needs them. `None` where it is not a
/// number (一〇三, 69a, 0, more than six digits), so that every path that
/// reads a number agrees on which proposal it names.
pub fn proposal_number(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text.strip_prefix('第').unwrap_or(text);
    let text = text.strip_suffix('号').unwrap_or(text).trim();
    let digits = crate::text::ascii_digits(text);
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let significant = digits.trim_start_matches('0');
    (!significant.is_empty()).then(|| format!("{significant:0>4}"))
}

impl ProposalId {
    pub fn new(session: &str, number: &str) -> Self {
        Self::parse(format!("{session}/{number}"))
    }

    /// The id as the log, a table or a package writes it, read once: the
    /// number is what follows the last "/", the session what stands before
    /// it (a ledger may write a session with a slash, "2026/十三届五次"; a
    /// number never has one). A key without one is a number of no session.
    pub fn parse(key: impl Into<String>) -> Self {
        let key = key.into();
        let split = key.rfind('/').unwrap_or(0);
        Self { key, split }
    }

    /// 届次.
    pub fn session(&self) -> &str {
        &self.key[..self.split]
    }

    /// 提案号.
    pub fn number(&self) -> &str {
        let rest = &self.key[self.split..];
        rest.strip_prefix('/').unwrap_or(rest)
    }

    /// As the log, the tables and exchange packages write it.
    pub fn as_str(&self) -> &str {
        &self.key
    }
}

impl std::fmt::Display for ProposalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key)
    }
}

impl Serialize for ProposalId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key)
    }
}

impl<'de> Deserialize<'de> for ProposalId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(ProposalId::parse)
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

/// Where 届次 stands in time: "十三届五次" comes after "十三届四次" and before
/// "十四届一次", which comparing the text would not give. Sessions not
/// written that way sort first, by their text.
pub fn session_order(session: &str) -> (u32, u32, &str) {
    let numbers = session
        .split_once('届')
        .and_then(|(term, rest)| Some((small_numeral(term)?, small_numeral(rest.strip_suffix('次')?)?)));
    let (term, meeting) = numbers.unwrap_or_default();
    (term, meeting, session)
}

/// [`session_order`] as one number a database can index: 13005 for
/// 十三届五次, 0 for a session not written that way.
pub fn session_rank(session: &str) -> u32 {
    let (term, meeting, _) = session_order(session);
    term * 1000 + meeting
}

/// A Chinese numeral below one hundred: 五, 十三, 二十一.
fn small_numeral(text: &str) -> Option<u32> {
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|d| d as u32);
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_read_the_same_however_it_is_written() {
        for written in ["69", "0069", "第0069号", " 第69号 ", "０６９", "第００６９号", "000069"] {
            assert_eq!(proposal_number(written).as_deref(), Some("0069"), "{written}");
        }
        assert_eq!(proposal_number("12345").as_deref(), Some("12345"));
        for not_one in ["", "第号", "一〇三", "69a", "6 9", "0", "0000", "1234567", "٦٩"] {
            assert_eq!(proposal_number(not_one), None, "{not_one}");
        }
    }

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
            co_signers: None,
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

    #[test]
    fn sessions_follow_their_numbers_not_their_text() {
        let mut sessions =
            vec!["十三届五次", "十四届一次", "十三届四次", "十届十次", "十二届二十次", "其他", "十届九次"];
        sessions.sort_by_key(|s| session_order(s));
        assert_eq!((session_rank("十三届五次"), session_rank("其他")), (13005, 0));
        assert_eq!(
            sessions,
            ["其他", "十届九次", "十届十次", "十二届二十次", "十三届四次", "十三届五次", "十四届一次"]
        );
    }

    #[test]
    fn an_id_is_read_once_into_its_session_and_number_and_written_as_before() {
        let id = super::ProposalId::new("十三届五次", "0069");
        assert_eq!((id.session(), id.number(), id.as_str()), ("十三届五次", "0069", "十三届五次/0069"));
        assert_eq!(serde_json::to_value(&id).unwrap(), serde_json::json!("十三届五次/0069"));
        let read: super::ProposalId = serde_json::from_str("\"十三届五次/0069\"").unwrap();
        assert_eq!(read, id);
        // A key of no session (never written by Tian) still reads, as a number.
        let bare = super::ProposalId::parse("0069");
        assert_eq!((bare.session(), bare.number()), ("", "0069"));
        let slashed = super::ProposalId::new("2026/十三届五次", "0044");
        assert_eq!((slashed.session(), slashed.number()), ("2026/十三届五次", "0044"));
    }
}
