//! 规划部署: the city's plan documents as a library of commitments, the
//! commitments each proposal most likely concerns (BM25 over its text), and
//! the clerk's verdict on each suggestion. Confirmed ones show on the
//! proposal and in its 督办报告 section 相关规划部署.

use std::path::Path;

use serde::Serialize;
use tian_domain::{PlanItem, PlanLink, PlanLinkState, ProposalId};
use tian_store::Entity;
use ts_rs::TS;

use crate::{CoreError, Result, Tian};

/// What importing a plan document did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PlanImport {
    pub document: String,
    pub items: u32,
    pub added: u32,
    pub message: String,
}

/// A commitment suggested for (or linked to) a proposal.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PlanSuggestion {
    pub id: String,
    pub item: PlanItem,
    /// BM25 relevance; 0 for a confirmed link that no longer ranks.
    pub score: f64,
    /// The clerk's verdict, if given.
    pub state: Option<PlanLinkState>,
}

/// How many unjudged commitments are suggested for a proposal.
const SUGGESTED: u32 = 5;

impl Tian {
    /// 导入规划文件: a plan document's commitments, all of them or nothing.
    pub fn import_plan_file(&mut self, path: &Path) -> Result<PlanImport> {
        let document = self.read_import("导入规划文件", path, tian_import::parse_plan)?;
        let actor = self.actor.clone();
        self.save_plan(&actor, document)
    }

    pub(crate) fn save_plan(&mut self, actor: &str, document: tian_import::PlanDocument) -> Result<PlanImport> {
        let saved = self.store.save_plan(actor, &document.items)?;
        Ok(PlanImport {
            message: format!(
                "《{}》规划条目 {} 条：新增 {} 条，更新 {} 条，未变 {} 条。",
                document.title,
                document.items.len(),
                saved.added,
                saved.changed,
                saved.unchanged
            ),
            document: document.title,
            items: document.items.len() as u32,
            added: saved.added as u32,
        })
    }

    /// The id of the commitment the clerk names: its id ("文件/任务25"), or a
    /// label ("任务25", "专栏46") or title that only one commitment has.
    fn plan_item_named(&self, name: &str) -> Result<String> {
        let name = name.trim();
        let items = self.plan_items()?;
        if items.iter().any(|(id, _)| id == name) {
            return Ok(name.to_owned());
        }
        let found: Vec<&String> =
            items.iter().filter(|(_, i)| i.label == name || i.title == name).map(|(id, _)| id).collect();
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(CoreError::Invalid(format!("规划库中没有“{name}”。"))),
            many => Err(CoreError::Invalid(format!(
                "“{name}”在多份规划文件中都有，请写全：{}",
                many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("、")
            ))),
        }
    }

    /// Every commitment in the library.
    pub fn plan_items(&self) -> Result<Vec<(String, PlanItem)>> {
        Ok(self.store.read().plan_items()?)
    }

    fn plan_links(&self, id: &ProposalId) -> Result<Vec<PlanLink>> {
        Ok(self.store.read().records(tian_store::Entity::PlanLink, id)?)
    }

    /// 相关规划部署 of proposal `id`: the confirmed commitments first, then
    /// the closest ones not yet judged, best first.
    pub fn plan_suggestions(&self, id: &ProposalId) -> Result<Vec<PlanSuggestion>> {
        let proposal =
            self.store.read().proposal(id)?.ok_or_else(|| CoreError::NoSuchProposal { number: id.to_string() })?;
        let links = self.plan_links(id)?;
        let judged = |item: &str| links.iter().find(|l| l.item == item).map(|l| l.state);
        let text = format!("{}\n{}\n{}", proposal.title, proposal.summary, proposal.suggestions.join("\n"));
        let limit = SUGGESTED + links.len() as u32;
        let matches = self.store.read().plan_matches(&text, limit)?;
        let mut out: Vec<PlanSuggestion> = Vec::new();
        for link in links.iter().filter(|l| l.state == PlanLinkState::Confirmed) {
            if let Some(item) = self.store.read().plan_item(&link.item)? {
                let score = matches.iter().find(|m| m.id == link.item).map_or(0.0, |m| m.score);
                out.push(PlanSuggestion { id: link.item.clone(), item, score, state: Some(PlanLinkState::Confirmed) });
            }
        }
        out.extend(
            matches.into_iter().filter(|m| judged(&m.id).is_none()).take(SUGGESTED as usize).map(|m| PlanSuggestion {
                id: m.id,
                item: m.item,
                score: m.score,
                state: None,
            }),
        );
        Ok(out)
    }

    /// The commitments confirmed for proposal `id`, for its dossier and report.
    pub fn confirmed_plan_items(&self, id: &ProposalId) -> Result<Vec<PlanItem>> {
        let mut out = Vec::new();
        for link in self.plan_links(id)?.into_iter().filter(|l| l.state == PlanLinkState::Confirmed) {
            out.extend(self.store.read().plan_item(&link.item)?);
        }
        Ok(out)
    }

    /// 确认或排除: records the clerk's verdict on commitment `item` (its id,
    /// or a label or title only one commitment has) for proposal `id`.
    pub fn link_plan(&mut self, id: &ProposalId, item: &str, state: PlanLinkState) -> Result<Vec<PlanSuggestion>> {
        self.committee_only("关联规划部署")?;
        let item = &self.plan_item_named(item)?;
        let Some(found) = self.store.read().plan_item(item)? else {
            return Err(CoreError::Invalid(format!("规划库中没有“{item}”。")));
        };
        let actor = self.actor.clone();
        let action = match state {
            PlanLinkState::Confirmed => format!("确认相关规划部署：{}", found.title),
            PlanLinkState::Rejected => format!("排除规划部署：{}", found.title),
        };
        let record = format!("{}#{item}", id.as_str());
        self.store.transact(&actor, &action, |w| -> Result<()> {
            w.record(Entity::PlanLink, &record, id.as_str(), &PlanLink { item: item.to_owned(), state })?;
            if w.changed() {
                Ok(())
            } else {
                Err(CoreError::Unchanged)
            }
        })?;
        self.plan_suggestions(id)
    }
}
