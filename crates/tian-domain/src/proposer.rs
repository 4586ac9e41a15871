//! 提案者: who submitted a proposal, and whether that is a body or a person.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whether the proposer is a body (民主党派, 界别, 专委会, 人民团体) or a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ProposerKind {
    /// 集体提案: 市民盟, 市九三学社, 经济界 …
    Organization,
    /// 委员提案: 慈志勇, 宋学 …
    Member,
}

/// Party and body names that mark a collective proposer wherever they stand
/// in the name; a personal name never contains them.
const BODY_MARKERS: &[&str] = &[
    "民革",
    "民盟",
    "民建",
    "民进",
    "农工",
    "致公",
    "九三学社",
    "台盟",
    "工商联",
    "委员会",
    "专委会",
    "联合会",
    "总工会",
    "团市委",
    "妇联",
    "科协",
    "侨联",
    "界别",
];

impl ProposerKind {
    /// Reads the kind from the name as the announcement prints it.
    ///
    /// Collective proposers are written with their level ("市民盟") or as a
    /// sector ("经济界"); members by their two- to four-character name.
    pub fn of_name(name: &str) -> Self {
        let name = name.trim();
        let is_body = name.starts_with('市')
            || name.ends_with('界')
            || name.ends_with("小组")
            || BODY_MARKERS.iter().any(|m| name.contains(m));
        if is_body {
            Self::Organization
        } else {
            Self::Member
        }
    }

    /// 集体 / 个人, for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Organization => "集体",
            Self::Member => "委员",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ProposerKind::{self, *};

    #[test]
    fn parties_and_sectors_are_organizations() {
        for name in ["市民盟", "市九三学社", "市民革", "市农工党", "市民建", "经济界", "民进石家庄市委员会"]
        {
            assert_eq!(ProposerKind::of_name(name), Organization, "{name}");
        }
    }

    #[test]
    fn personal_names_are_members_even_when_short() {
        for name in ["慈志勇", "宋学", "赵玉斌", "王燕华", "张佐英", "尹超"] {
            assert_eq!(ProposerKind::of_name(name), Member, "{name}");
        }
    }
}
