//! 提案列表分页: one page of the proposal list, filtered and sorted in SQL,
//! with the facts each row shows, in one query whatever the size of the
//! database.

use rusqlite::{params_from_iter, types::Value as SqlValue, OptionalExtension};
use serde::{Deserialize, Serialize};
use tian_domain::{ProposalId, ProposerKind, Stage};
use ts_rs::TS;

use crate::filter::{OverdueStarts, ProposalFilters};
use crate::{Reader, Result};

/// How the list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ListSort {
    /// 届次 in the order they met, then 提案号.
    #[default]
    Number,
    /// 案由, by pinyin.
    Title,
    /// 提案者, by pinyin.
    Proposer,
    /// 主办部门 (the first named), by pinyin.
    #[serde(rename = "lead_unit")]
    LeadUnit,
    /// 督办领导 (the first 市政府领导 named), by pinyin.
    Leader,
    /// 办理阶段, in the order of the stages.
    Stage,
    /// 交办日期; proposals not yet assigned last.
    Assigned,
}

/// Which page of which proposals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PageQuery {
    #[serde(flatten)]
    pub filters: ProposalFilters,
    pub sort: ListSort,
    pub descending: bool,
    pub offset: u32,
    pub limit: u32,
}

/// One row of the list as the store holds it; the core adds the deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRow {
    pub id: ProposalId,
    pub number: String,
    pub session: String,
    pub title: String,
    pub proposer: String,
    pub proposer_kind: ProposerKind,
    pub stage: Stage,
    pub round: u32,
    pub assigned_on: Option<String>,
    pub rehandling_start: Option<String>,
    /// The due date the committee set, and whether an extension set it.
    pub due_date: Option<String>,
    pub extended_to: Option<String>,
    pub lead_units: Vec<String>,
    pub gov_leaders: Vec<String>,
    pub cppcc_leaders: Vec<String>,
    pub suggestions: u32,
    pub done: u32,
    pub partly: u32,
    /// 提案类别
    pub category: Option<String>,
}

/// Separates names inside one aggregated column; it never occurs in a name.
const UNIT_SEPARATOR: char = '\u{1f}';

fn names(joined: Option<String>) -> Vec<String> {
    joined.map(|j| j.split(UNIT_SEPARATOR).map(str::to_owned).collect()).unwrap_or_default()
}

/// The ORDER BY of the list sorted by `sort`. Each order has an index on
/// these very expressions (migrations 0008, 0010, 0015, 0016), so a page is
/// read from an index rather than by sorting every row.
fn order_by(sort: ListSort, descending: bool) -> String {
    let direction = if descending { "DESC" } else { "ASC" };
    let stage_order = Stage::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| format!("WHEN '{}' THEN {i}", s.label()))
        .collect::<Vec<_>>()
        .join(" ");
    let then = "p.session_rank, p.session, p.number";
    match sort {
        ListSort::Number => format!("p.session_rank {direction}, p.session {direction}, p.number {direction}"),
        ListSort::Title => format!("p.title_key {direction}, {then}"),
        ListSort::Proposer => format!("p.proposer_key {direction}, {then}"),
        ListSort::LeadUnit => format!("p.unit_key {direction}, {then}"),
        ListSort::Leader => format!("p.leader_key {direction}, {then}"),
        ListSort::Stage => format!("CASE p.stage {stage_order} END {direction}, {then}"),
        ListSort::Assigned => format!(
            "json_extract(p.assignment, '$.date') IS NULL, json_extract(p.assignment, '$.date') {direction}, {then}"
        ),
    }
}

/// Below this many matches a filtered page is read from the matches and
/// sorted, above it in list order until the page is full.
const FEW: u32 = 2000;

impl Reader<'_> {
    /// The total of proposals passing the query's filters, and the rows of its page.
    pub fn proposal_page(&self, q: &PageQuery, overdue: OverdueStarts) -> Result<(u32, Vec<PageRow>)> {
        let mut conditions = vec!["1".to_owned()];
        let mut params: Vec<SqlValue> = Vec::new();
        q.filters.push_conditions(overdue, &mut conditions, &mut params);
        let filter = conditions.join(" AND ");
        // One lead unit's proposals can be read from the index by unit
        // instead of checking every row: for the count always, and for the
        // page when they are few (when they are many, reading in list order
        // finds a page of them sooner).
        let by_unit = q.filters.lead_unit.as_ref().map(|unit| {
            let mut driven = vec![SqlValue::Text(unit.clone())];
            driven.extend(params.iter().cloned());
            (format!("{} AND {filter}", crate::filter::OF_LEAD_UNIT), driven)
        });
        let count = |filter: &str, params: &[SqlValue]| -> Result<u32> {
            Ok(self
                .conn
                .prepare_cached(&format!("SELECT count(*) FROM proposals p WHERE {filter}"))?
                .query_row(params_from_iter(params), |r| r.get(0))?)
        };
        let total = match (&q.filters.lead_unit, &by_unit) {
            // The unit alone: its links are the count.
            (Some(unit), _)
                if q.filters == (ProposalFilters { lead_unit: Some(unit.clone()), ..Default::default() }) =>
            {
                self.conn
                    .prepare_cached(
                        "SELECT count(*) FROM proposal_lead_units
                         WHERE unit_id = (SELECT id FROM units WHERE name = ?1)",
                    )?
                    .query_row([unit], |r| r.get(0))?
            }
            (_, Some((filter, params))) => count(filter, params)?,
            _ => count(&filter, &params)?,
        };
        let (filter, mut params) = match by_unit {
            Some(driven) if total < FEW => driven,
            _ => (filter, params),
        };

        let order = order_by(q.sort, q.descending);
        let sql = format!(
            "SELECT p.id, p.number, p.session, p.title, p.proposer, p.proposer_kind, p.stage, p.round,
                    json_extract(p.assignment, '$.date'), p.rehandling_start,
                    (SELECT group_concat(u.name, char(31) ORDER BY l.ord) FROM proposal_lead_units l JOIN units u ON u.id = l.unit_id WHERE l.proposal_id = p.id),
                    (SELECT group_concat(x.name, char(31) ORDER BY l.ord) FROM proposal_leaders l JOIN leaders x ON x.id = l.leader_id WHERE l.proposal_id = p.id AND x.body = 'gov'),
                    (SELECT group_concat(x.name, char(31) ORDER BY l.ord) FROM proposal_leaders l JOIN leaders x ON x.id = l.leader_id WHERE l.proposal_id = p.id AND x.body = 'cppcc'),
                    (SELECT count(*) FROM suggestions s WHERE s.proposal_id = p.id),
                    (SELECT count(*) FROM records r WHERE r.entity = 'suggestion' AND r.proposal_id = p.id AND json_extract(r.data, '$.status') = '已落实'),
                    (SELECT count(*) FROM records r WHERE r.entity = 'suggestion' AND r.proposal_id = p.id AND json_extract(r.data, '$.status') = '部分落实'),
                    p.due_date, p.extended_to, p.category
             FROM proposals p WHERE {filter} ORDER BY {order} LIMIT ? OFFSET ?"
        );
        params.push(SqlValue::Integer(if q.limit == 0 { 50 } else { q.limit.into() }));
        params.push(SqlValue::Integer(q.offset.into()));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(&params), |r| {
            let kind: String = r.get(5)?;
            let stage: String = r.get(6)?;
            Ok(PageRow {
                id: ProposalId::parse(r.get::<_, String>(0)?),
                number: r.get(1)?,
                session: r.get(2)?,
                title: r.get(3)?,
                proposer: r.get(4)?,
                proposer_kind: if kind == "organization" { ProposerKind::Organization } else { ProposerKind::Member },
                stage: Stage::from_label(&stage).unwrap_or_default(),
                round: r.get(7)?,
                assigned_on: r.get(8)?,
                rehandling_start: r.get(9)?,
                lead_units: names(r.get(10)?),
                gov_leaders: names(r.get(11)?),
                cppcc_leaders: names(r.get(12)?),
                suggestions: r.get(13)?,
                done: r.get(14)?,
                partly: r.get(15)?,
                due_date: r.get(16)?,
                extended_to: r.get(17)?,
                category: r.get(18)?,
            })
        })?;
        Ok((total, rows.collect::<Result<_, _>>()?))
    }
}

/// The proposal before and the one after another in a list, its place (from
/// 1) and how many the list holds.
pub type Neighbours = (Option<ProposalId>, Option<ProposalId>, u32, u32);

impl Reader<'_> {
    /// The proposals before and after `id` in the list as `q` filters and
    /// sorts it, and its place among them (from 1) of how many; `None` when
    /// `id` is not in that list (a step has since moved it out of a filter).
    pub fn neighbours_in(&self, q: &PageQuery, overdue: OverdueStarts, id: &ProposalId) -> Result<Option<Neighbours>> {
        let mut conditions = vec!["1".to_owned()];
        let mut params: Vec<SqlValue> = Vec::new();
        q.filters.push_conditions(overdue, &mut conditions, &mut params);
        let sql = format!(
            "WITH listed AS (SELECT p.id, row_number() OVER (ORDER BY {}) AS n FROM proposals p WHERE {})
             SELECT (SELECT id FROM listed WHERE n = me.n - 1), (SELECT id FROM listed WHERE n = me.n + 1),
                    me.n, (SELECT count(*) FROM listed)
             FROM listed me WHERE me.id = ?",
            order_by(q.sort, q.descending),
            conditions.join(" AND ")
        );
        params.push(SqlValue::Text(id.as_str().to_owned()));
        let mut stmt = self.conn.prepare(&sql)?;
        let found = stmt
            .query_row(params_from_iter(&params), |r| {
                let id = |i: usize| r.get::<_, Option<String>>(i).map(|id| id.map(ProposalId::parse));
                Ok((id(0)?, id(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        Ok(found)
    }

    /// The proposals before and after `id` in the list's default order, and
    /// its place among all of them (from 1).
    pub fn neighbours(&self, id: &ProposalId) -> Result<Neighbours> {
        let key = |sql: &str| -> Result<Option<ProposalId>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let mut rows = stmt.query([id.as_str()])?;
            Ok(match rows.next()? {
                Some(r) => Some(ProposalId::parse(r.get::<_, String>(0)?)),
                None => None,
            })
        };
        let previous = key("SELECT p.id FROM proposals p, proposals c
             WHERE c.id = ?1 AND (p.session_rank, p.session, p.number) < (c.session_rank, c.session, c.number)
             ORDER BY p.session_rank DESC, p.session DESC, p.number DESC LIMIT 1")?;
        let next = key("SELECT p.id FROM proposals p, proposals c
             WHERE c.id = ?1 AND (p.session_rank, p.session, p.number) > (c.session_rank, c.session, c.number)
             ORDER BY p.session_rank, p.session, p.number LIMIT 1")?;
        let position: u32 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM proposals p, proposals c
             WHERE c.id = ?1 AND (p.session_rank, p.session, p.number) <= (c.session_rank, c.session, c.number)",
            )?
            .query_row([id.as_str()], |r| r.get(0))?;
        let total: u32 = self.conn.prepare_cached("SELECT count(*) FROM proposals")?.query_row([], |r| r.get(0))?;
        Ok((previous, next, position, total))
    }
}

#[cfg(test)]
mod tests {
    use super::{order_by, ListSort};

    /// The steps of SQLite's plan for `sql`.
    fn plan(store: &crate::Store, sql: &str, params: &[rusqlite::types::Value]) -> Vec<String> {
        store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(rusqlite::params_from_iter(params), |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn every_sort_order_of_the_list_reads_its_first_page_from_an_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(&dir.path().join("tian.db")).unwrap();
        for sort in [
            ListSort::Number,
            ListSort::Title,
            ListSort::Proposer,
            ListSort::LeadUnit,
            ListSort::Leader,
            ListSort::Stage,
            ListSort::Assigned,
        ] {
            let plan = plan(
                &store,
                &format!("SELECT p.id FROM proposals p ORDER BY {} LIMIT 100", order_by(sort, false)),
                &[],
            );
            assert!(
                plan.iter().any(|step| step.contains("USING INDEX")) && !plan.iter().any(|s| s.contains("TEMP B-TREE")),
                "{sort:?}: {plan:?}"
            );
        }
    }

    #[test]
    fn a_proposals_page_finds_those_merged_into_it_by_an_index_not_by_reading_its_session() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(&dir.path().join("tian.db")).unwrap();
        let plan =
            plan(&store, crate::proposals::MERGED_INTO, &["十三届五次".to_owned().into(), "0069".to_owned().into()]);
        assert!(plan.iter().any(|step| step.contains("USING INDEX proposals_merged_into")), "{plan:?}");
    }

    #[test]
    fn counting_the_late_reads_the_index_of_proposals_owing_an_answer_not_their_rows() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(&dir.path().join("tian.db")).unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let overdue = crate::OverdueStarts { reply: day, rehandling: day, today: day };
        let filters = crate::filter::ProposalFilters { overdue: true, ..Default::default() };
        let (mut conditions, mut params) = (vec!["1".to_owned()], Vec::new());
        filters.push_conditions(overdue, &mut conditions, &mut params);
        let plan =
            plan(&store, &format!("SELECT count(*) FROM proposals p WHERE {}", conditions.join(" AND ")), &params);
        assert!(plan.iter().any(|step| step.contains("COVERING INDEX proposals_owing")), "{plan:?}");
    }
}
