//! 提案类别: which field of work a proposal belongs to (经济建设, 社会民生 …),
//! the breakdown the statistics and the 台账 give. The categories are this
//! city's own list, a setting; the committee sets a proposal's category,
//! one at a time or for every proposal the list's filters pick.

use tian_domain::ProposalId;
use tian_store::{PageQuery, ProposalFilters};

use crate::{CoreError, Result, Tian};

/// The categories a city starts with, after the headings its five-year
/// summaries report under.
pub(crate) fn default_categories() -> Vec<String> {
    ["经济建设", "科技创新", "社会民生", "教育文化", "卫生健康", "生态环境", "城乡建设", "民主法治", "其他"]
        .map(String::from)
        .to_vec()
}

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
        let (actor, action) = (self.actor.clone(), format!("设置类别：{}", category.unwrap_or("未分类")));
        let value = category.map_or(serde_json::Value::Null, |c| serde_json::Value::String(c.to_owned()));
        let mut changed = 0;
        self.store.transact(&actor, &action, |w| -> Result<()> {
            for id in ids {
                if w.read().proposal(id)?.is_none() {
                    return Err(CoreError::NoSuchProposal { number: id.to_string() });
                }
                changed += usize::from(w.set("proposal", id.as_str(), "category", value.clone())?);
            }
            Ok(())
        })?;
        Ok(changed)
    }

    /// 批量设置类别: the category of every proposal `filters` pick, as the
    /// list shows them; returns how many changed.
    pub fn set_category_where(&mut self, filters: &ProposalFilters, category: Option<&str>) -> Result<usize> {
        // The store's page gives the ids; no row needs its deadline worked out.
        let overdue = crate::dossier::overdue_starts(&self.settings()?.deadlines, self.today);
        let query = PageQuery { filters: filters.clone(), limit: u32::MAX, ..PageQuery::default() };
        let ids: Vec<ProposalId> =
            self.store.read().proposal_page(&query, overdue)?.1.into_iter().map(|r| r.id).collect();
        self.set_category(&ids, category)
    }
}
