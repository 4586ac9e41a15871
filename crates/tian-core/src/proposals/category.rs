//! 提案类别: which field of work a proposal belongs to (经济建设, 社会民生 …),
//! the breakdown the statistics and the 台账 give. The categories are this
//! city's own list, a setting; the committee sets a proposal's category,
//! one at a time, for the rows it selected, or for every proposal the
//! list's filters pick; and a change to many is taken back in one step.

use tian_domain::ProposalId;
use tian_store::{PageQuery, ProposalField, ProposalFilters};

use crate::{CoreError, Result, Tian};

/// The name every category change is recorded under, before its value.
const ACTION: &str = "设置类别：";
/// Its 撤销.
const TAKEN_BACK: &str = "撤销：设置类别：";

impl Tian {
    /// 设置类别: sets the category of the proposals `ids` (or clears it with
    /// `None`) in one action; returns how many changed.
    pub fn set_category(&mut self, ids: &[ProposalId], category: Option<&str>) -> Result<usize> {
        self.committee_only("设置提案类别")?;
        let category = category.map(str::trim).filter(|c| !c.is_empty());
        if let Some(c) = category {
            if !self.settings()?.categories.iter().any(|known| known == c) {
                return Err(CoreError::Invalid(format!("“{c}”不在类别设置中，请先在“设置”中添加这个类别。")));
            }
        }
        if ids.is_empty() {
            return Err(CoreError::Invalid("没有选中提案。".into()));
        }
        let (actor, action) = (self.actor.clone(), format!("{ACTION}{}", category.unwrap_or("未分类")));
        let value = category.map_or(serde_json::Value::Null, |c| serde_json::Value::String(c.to_owned()));
        let mut changed = 0;
        self.store.transact(&actor, &action, |w| -> Result<()> {
            for id in ids {
                if w.read().proposal(id)?.is_none() {
                    return Err(CoreError::NoSuchProposal { number: id.to_string() });
                }
                changed += usize::from(w.set(ProposalField::Category, id.as_str(), value.clone())?);
            }
            Ok(())
        })?;
        Ok(changed)
    }

    /// 批量设置类别: the category of every proposal `filters` pick, as the
    /// list shows them; returns how many changed.
    pub fn set_category_where(&mut self, filters: &ProposalFilters, category: Option<&str>) -> Result<usize> {
        // The store's page gives the ids; no row needs its deadline worked out.
        let overdue = crate::proposals::dossier::overdue_starts(&self.settings()?.deadlines, self.today);
        let query = PageQuery { filters: filters.clone(), limit: u32::MAX, ..PageQuery::default() };
        let ids: Vec<ProposalId> =
            self.store.read().proposal_page(&query, overdue)?.1.into_iter().map(|r| r.id).collect();
        self.set_category(&ids, category)
    }

    /// The last category change made here, if it may be taken back: (its
    /// category, how many proposals it changed).
    pub fn last_category_change(&self) -> Result<Option<(String, usize)>> {
        let ops = self.store.read().latest_action_of(self.store.origin(), &[ACTION, TAKEN_BACK])?;
        Ok(match ops.first() {
            Some(op) if op.action.starts_with(ACTION) => {
                Some((op.action.trim_start_matches(ACTION).to_owned(), ops.len()))
            }
            _ => None,
        })
    }

    /// 撤销设置类别: takes back the last category change made here, to one
    /// proposal or many, in one step; refused where a proposal's category
    /// changed again since. Returns how many proposals went back.
    pub fn undo_category_change(&mut self) -> Result<usize> {
        self.committee_only("撤销设置类别")?;
        let ops = self.store.read().latest_action_of(self.store.origin(), &[ACTION, TAKEN_BACK])?;
        let Some(first) = ops.first().filter(|op| op.action.starts_with(ACTION)) else {
            return Err(CoreError::Invalid("没有可以撤销的设置类别。".into()));
        };
        let action = format!("撤销：{}", first.action);
        let actor = self.actor.clone();
        for op in &ops {
            let proposal = ProposalId::parse(op.entity_id.as_str());
            let now = self.store.read().proposal(&proposal)?.map(|p| p.category);
            let set = op.value.as_str().map(str::to_owned);
            if now != Some(set) {
                let number = proposal.number();
                return Err(CoreError::Invalid(format!(
                    "第{number}号提案的类别此后又改过，不能整批撤销；请逐件修改。"
                )));
            }
        }
        self.store.transact(&actor, &action, |w| -> Result<()> {
            for op in &ops {
                w.set(
                    ProposalField::Category,
                    &op.entity_id,
                    op.prev_value.clone().unwrap_or(serde_json::Value::Null),
                )?;
            }
            Ok(())
        })?;
        Ok(ops.len())
    }
}
