//! 筛选条件: which proposals the list and the search cover, as SQL conditions
//! on the `proposals` row aliased `p`, so filtering costs no read of records
//! the page does not show.

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};
use tian_domain::{AnswerClass, Stage};
use ts_rs::TS;

/// The filters the clerk sets above the list; the search honours the same.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProposalFilters {
    /// 届次
    pub session: Option<String>,
    /// 办理阶段
    pub stage: Option<Stage>,
    /// 主办部门, exact name.
    pub lead_unit: Option<String>,
    /// 督办领导, exact name.
    pub leader: Option<String>,
    /// 提案者, exact name: the lead proposer or any co-signer (附议人).
    #[serde(default)]
    pub proposer: Option<String>,
    /// 答复类别 of the lead unit's latest reply.
    pub answer_class: Option<AnswerClass>,
    /// 提案类别, exact; [`UNCATEGORIZED`] for proposals without one.
    #[serde(default)]
    pub category: Option<String>,
    /// 已逾期: only proposals whose answer is past due.
    pub overdue: bool,
}

/// The 类别 filter's choice for proposals without a category.
pub const UNCATEGORIZED: &str = "未分类";

/// The proposals one lead unit (the parameter, by name) is assigned, from
/// the index by unit: the same set as the 主办部门 filter's per-row check,
/// for reading when the unit's proposals are to drive the query.
pub(crate) const OF_LEAD_UNIT: &str =
    "p.id IN (SELECT l.proposal_id FROM proposal_lead_units l WHERE l.unit_id = (SELECT id FROM units WHERE name = ?))";

/// When answers started counting are late today: the core works these out
/// from the deadline rules (`DeadlineRules::latest_overdue_start`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverdueStarts {
    /// A reply deadline is late when 交办 was on or before this day.
    pub reply: NaiveDate,
    /// A 再办理 deadline is late when it started on or before this day.
    pub rehandling: NaiveDate,
    /// A due date the committee set (延期, a 再办理 decision) is late when it is before this day.
    pub today: NaiveDate,
}

impl ProposalFilters {
    /// Appends the conditions and their parameters, in order.
    pub(crate) fn push_conditions(
        &self,
        overdue: OverdueStarts,
        conditions: &mut Vec<String>,
        params: &mut Vec<SqlValue>,
    ) {
        let text = |s: &str| SqlValue::Text(s.to_owned());
        if let Some(session) = &self.session {
            conditions.push("p.session = ?".into());
            params.push(text(session));
        }
        if let Some(stage) = self.stage {
            conditions.push("p.stage = ?".into());
            params.push(text(stage.label()));
        }
        if let Some(unit) = &self.lead_unit {
            conditions.push("EXISTS (SELECT 1 FROM proposal_lead_units l JOIN units u ON u.id = l.unit_id WHERE l.proposal_id = p.id AND u.name = ?)".into());
            params.push(text(unit));
        }
        if let Some(leader) = &self.leader {
            conditions.push("EXISTS (SELECT 1 FROM proposal_leaders l JOIN leaders x ON x.id = l.leader_id WHERE l.proposal_id = p.id AND x.name = ?)".into());
            params.push(text(leader));
        }
        if let Some(proposer) = &self.proposer {
            conditions.push(
                "(p.proposer = ? OR EXISTS (SELECT 1 FROM json_each(coalesce(p.co_signers, '[]')) s WHERE s.value = ?))"
                    .into(),
            );
            params.push(text(proposer));
            params.push(text(proposer));
        }
        match self.category.as_deref() {
            Some(UNCATEGORIZED) => conditions.push("p.category IS NULL".into()),
            Some(category) => {
                conditions.push("p.category = ?".into());
                params.push(text(category));
            }
            None => {}
        }
        if let Some(class) = self.answer_class {
            conditions.push("p.answer_class = ?".into());
            params.push(text(class.letter()));
        }
        if self.overdue {
            // Mirrors the core's choice of deadline: a due date the committee
            // set where there is one, else a later round's 再办理 clock where
            // one runs, else the reply clock from 交办.
            let owed = format!(
                "p.stage IN ('{}', '{}', '{}')",
                Stage::Assigned.label(),
                Stage::Handling.label(),
                Stage::Rehandling.label()
            );
            let rehandling = format!(
                "p.round > 1 AND p.rehandling_start IS NOT NULL AND p.stage IN ('{}', '{}')",
                Stage::Rehandling.label(),
                Stage::Handling.label()
            );
            // Every branch needs a stage that owes an answer: said first, it
            // lets the stage index pick the few rows the rest is checked on.
            conditions.push(format!(
                "{owed} AND ((p.due_date IS NOT NULL AND p.due_date < ?)
                  OR (p.due_date IS NULL AND {rehandling} AND p.rehandling_start <= ?)
                  OR (p.due_date IS NULL AND NOT ({rehandling}) AND p.stage IN ('{}', '{}') AND json_extract(p.assignment, '$.date') <= ?))",
                Stage::Assigned.label(),
                Stage::Handling.label()
            ));
            params.push(text(&overdue.today.to_string()));
            params.push(text(&overdue.rehandling.to_string()));
            params.push(text(&overdue.reply.to_string()));
        }
    }
}
