//! 督办: the people and bodies a key proposal is assigned to, as records of
//! their own so the clerk can ask "what does 市卫生健康委员会 lead?".

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which body a supervising leader belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum LeaderBody {
    /// 市政府领导
    Gov,
    /// 市政协领导
    Cppcc,
}

impl LeaderBody {
    pub fn label(self) -> &'static str {
        match self {
            LeaderBody::Gov => "市政府领导",
            LeaderBody::Cppcc => "市政协领导",
        }
    }
}

/// A supervising leader with the number of key proposals they supervise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LeaderSummary {
    pub name: String,
    pub body: LeaderBody,
    pub proposals: u32,
}

/// 届次 with the number of proposals it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SessionSummary {
    pub session: String,
    pub proposals: u32,
}

/// 承办单位 with the number of proposals it leads (主办).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnitSummary {
    pub name: String,
    pub lead_proposals: u32,
}

/// 单位名录: a unit as the clerk's directory holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DirectoryUnit {
    pub name: String,
    /// 简称, as the clerk writes it in tables and talk ("市教育局" for "石家庄市教育局").
    pub short_name: String,
    /// 主办 proposals, in any session.
    pub lead_proposals: u32,
    /// The name it now goes by, once renamed; it is then no longer offered.
    pub renamed_to: Option<String>,
    /// Its exchange key is trusted here.
    pub has_key: bool,
}
