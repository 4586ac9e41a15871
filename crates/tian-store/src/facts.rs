//! 办理数字的底账: one row per proposal of what it counts as in the
//! figures (交办, 已答复, 按期, its place in the 办理进度, its answers and
//! their verdicts), so that counting is a query over indexed rows, not a
//! read of every dossier. The core decides each row from the proposal's
//! dossier ([`ProposalFacts`] is filled there, by the one definition of
//! every figure); a write marks its proposals stale ([`crate::Writer`]) and
//! the next count brings them up to date first. What turns with the day is
//! kept as the date it turns and compared with today when counted.

use chrono::NaiveDate;
use rusqlite::{params_from_iter, types::Value as SqlValue};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tian_domain::{AnswerClass, CloseKind, Satisfaction, Stage};

use crate::{Reader, Result, Store};

/// The tables of this module: derived from the log, never recorded by a
/// safety point ([`crate::Store::recording`]).
pub(crate) const DERIVED_TABLES: &[&str] =
    &["proposal_facts", "fact_answers", "fact_lead_units", "fact_owing", "facts_stale"];

/// 办理进度: where a proposal handed over stands, in exactly one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// 已办结
    Closed,
    /// 待决定: the proposer unsatisfied, the committee yet to decide.
    Undecided,
    /// 退回待改办
    Returned,
    /// 再办理
    Rehandling,
    /// 正在办理: not yet answered.
    InHand,
    /// 已答复待反馈或待办结
    Awaiting,
}

impl Place {
    fn name(self) -> &'static str {
        match self {
            Place::Closed => "closed",
            Place::Undecided => "undecided",
            Place::Returned => "returned",
            Place::Rehandling => "rehandling",
            Place::InHand => "in_hand",
            Place::Awaiting => "awaiting",
        }
    }
}

/// What one proposal counts as.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalFacts {
    pub proposal_id: String,
    pub session: String,
    pub stage: Stage,
    /// 立案: not 不予立案, 并案 or 转意见.
    pub registered: bool,
    /// Its place, when it counts among the 交办件数.
    pub place: Option<Place>,
    pub replied_on: Option<NaiveDate>,
    pub reply_due: Option<NaiveDate>,
    pub on_time: bool,
    pub late_reply: bool,
    /// Counts as 逾期未答复 once today is past `reply_due`.
    pub may_overdue: bool,
    /// Its feedback is overdue once today is past this day.
    pub feedback_due: Option<NaiveDate>,
    pub close_kind: Option<CloseKind>,
    pub extended: bool,
    pub handed_back: bool,
    pub any_contact: bool,
    /// Answered after a contact with the proposer, and after one face to face.
    pub contacted: bool,
    pub met: bool,
    pub category: String,
    pub proposer_kind: String,
    pub withdrawn: bool,
    /// Each answer counted (under 分办, one per lead unit): class and verdict.
    pub answers: Vec<(Option<AnswerClass>, Option<Satisfaction>)>,
    pub lead_units: Vec<String>,
    /// The answer due now, if one is.
    pub deadline_due: Option<NaiveDate>,
    /// The committee has a decision to make (不满意, or a request for 延期).
    pub decision_due: bool,
    /// What each unit owes, and by when, in the order of its units.
    pub owing: Vec<(String, NaiveDate)>,
}

/// Which proposals a count is over: those of one 届次, those named, or all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FactScope {
    pub session: Option<String>,
    /// Proposal ids; `None` for every proposal.
    pub ids: Option<Vec<String>>,
}

impl FactScope {
    /// The scope as a condition on `proposal_facts` (alias `f`), its
    /// parameters numbered from `first`, and their values: bound, never spliced.
    fn condition(&self, first: usize) -> Result<(String, Vec<SqlValue>)> {
        let mut sql = String::from("1");
        let mut values = Vec::new();
        if let Some(session) = &self.session {
            sql.push_str(&format!(" AND f.session = ?{}", first + values.len()));
            values.push(SqlValue::Text(session.clone()));
        }
        if let Some(ids) = &self.ids {
            sql.push_str(&format!(" AND f.proposal_id IN (SELECT value FROM json_each(?{}))", first + values.len()));
            values.push(SqlValue::Text(serde_json::to_string(ids)?));
        }
        Ok((sql, values))
    }
}

/// The counts of a scope, as the figures need them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FactCounts {
    /// Every proposal in the scope.
    pub collected: u32,
    pub registered: u32,
    pub assigned: u32,
    pub replied: u32,
    pub on_time: u32,
    pub late_replies: u32,
    pub overdue: u32,
    pub in_hand: u32,
    pub rehandling: u32,
    pub returned: u32,
    pub undecided: u32,
    pub closed: u32,
    pub awaiting: u32,
    pub feedback_overdue: u32,
    pub closed_explained: u32,
    pub closed_deemed: u32,
    pub extended: u32,
    pub withdrawn: u32,
    pub handed_back: u32,
    pub any_contact: bool,
    pub contacted: u32,
    pub met: u32,
    /// Per stage, over the whole scope.
    pub stages: Vec<(Stage, u32)>,
    /// The answers of the counted proposals: class and verdict.
    pub answers: Vec<(Option<AnswerClass>, Option<Satisfaction>)>,
    /// Of the registered: by 类别, by kind of proposer, by lead unit.
    pub by_category: Vec<(String, u32)>,
    pub by_proposer_kind: Vec<(String, u32)>,
    pub by_lead_unit: Vec<(String, u32)>,
}

/// A domain value by its serde name, as the rows keep it.
fn name<T: Serialize>(value: &T) -> Result<String> {
    Ok(serde_json::to_value(value)?.as_str().unwrap_or_default().to_owned())
}

/// A domain value back from its serde name; `None` for one this build does not know.
fn named<T: DeserializeOwned>(text: Option<String>) -> Option<T> {
    text.and_then(|t| serde_json::from_value(serde_json::Value::String(t)).ok())
}

fn day(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m-%d").to_string())
}

impl Store {
    /// Keeps the rows of `facts` as decided now, and takes their proposals
    /// off the stale list, in one transaction. Derived rows only: nothing
    /// enters the log, so any reader may bring them up to date.
    pub fn keep_facts(&self, facts: &[ProposalFacts]) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        for f in facts {
            let id = f.proposal_id.as_str();
            tx.prepare_cached(
                "INSERT OR REPLACE INTO proposal_facts (proposal_id, session, stage, registered, counted, place,
                     replied_on, reply_due, on_time, late_reply, may_overdue, feedback_due, close_kind, extended,
                     handed_back, any_contact, contacted, met, category, proposer_kind, withdrawn, deadline_due,
                     decision_due)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                         ?22, ?23)",
            )?
            .execute(rusqlite::params![
                id,
                f.session,
                name(&f.stage)?,
                f.registered,
                f.place.is_some(),
                f.place.map_or("", Place::name),
                day(f.replied_on),
                day(f.reply_due),
                f.on_time,
                f.late_reply,
                f.may_overdue,
                day(f.feedback_due),
                f.close_kind.as_ref().map(name).transpose()?,
                f.extended,
                f.handed_back,
                f.any_contact,
                f.contacted,
                f.met,
                f.category,
                f.proposer_kind,
                f.withdrawn,
                day(f.deadline_due),
                f.decision_due,
            ])?;
            tx.prepare_cached("DELETE FROM fact_answers WHERE proposal_id = ?1")?.execute([id])?;
            for (n, (class, verdict)) in f.answers.iter().enumerate() {
                tx.prepare_cached("INSERT INTO fact_answers (proposal_id, n, class, verdict) VALUES (?1, ?2, ?3, ?4)")?
                    .execute((
                        id,
                        n as i64,
                        class.as_ref().map(name).transpose()?,
                        verdict.as_ref().map(name).transpose()?,
                    ))?;
            }
            tx.prepare_cached("DELETE FROM fact_lead_units WHERE proposal_id = ?1")?.execute([id])?;
            for unit in &f.lead_units {
                tx.prepare_cached("INSERT OR IGNORE INTO fact_lead_units (proposal_id, unit) VALUES (?1, ?2)")?
                    .execute((id, unit))?;
            }
            tx.prepare_cached("DELETE FROM fact_owing WHERE proposal_id = ?1")?.execute([id])?;
            for (n, (unit, due)) in f.owing.iter().enumerate() {
                tx.prepare_cached("INSERT INTO fact_owing (proposal_id, n, unit, due) VALUES (?1, ?2, ?3, ?4)")?
                    .execute((id, n as i64, unit, day(Some(*due))))?;
            }
            tx.prepare_cached("DELETE FROM facts_stale WHERE proposal_id = ?1")?.execute([id])?;
        }
        // A proposal gone (a backup restored without it) leaves no row behind.
        tx.execute_batch(
            "DELETE FROM proposal_facts WHERE proposal_id NOT IN (SELECT id FROM proposals);
             DELETE FROM fact_answers WHERE proposal_id NOT IN (SELECT id FROM proposals);
             DELETE FROM fact_lead_units WHERE proposal_id NOT IN (SELECT id FROM proposals);
             DELETE FROM fact_owing WHERE proposal_id NOT IN (SELECT id FROM proposals);
             DELETE FROM facts_stale WHERE proposal_id NOT IN (SELECT id FROM proposals);",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Marks every proposal's row stale: the rules they were decided by changed.
    pub fn stale_all_facts(&self) -> Result<()> {
        self.conn.execute("INSERT OR IGNORE INTO facts_stale SELECT id FROM proposals", [])?;
        Ok(())
    }
}

impl Reader<'_> {
    /// The proposals whose rows are stale, or missing.
    pub fn stale_facts(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT proposal_id FROM facts_stale
             UNION SELECT id FROM proposals WHERE id NOT IN (SELECT proposal_id FROM proposal_facts)",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The counts of `scope` as of `today`, from the rows alone.
    pub fn fact_counts(&self, scope: &FactScope, today: NaiveDate) -> Result<FactCounts> {
        let today = today.format("%Y-%m-%d").to_string();
        let (closed, handed_back) = (name(&Stage::Closed)?, name(&Stage::HandedBack)?);
        let (explained, deemed) = (name(&CloseKind::Explained)?, name(&CloseKind::Deemed)?);
        // ?1–?6 are these; the scope's own values follow.
        let mut bound: Vec<SqlValue> =
            [today.clone(), today, closed, handed_back, explained, deemed].map(SqlValue::Text).into();
        let (condition, values) = scope.condition(bound.len() + 1)?;
        bound.extend(values);
        let p = |i: usize| format!("?{i}");
        let sql = format!(
            "SELECT count(*), coalesce(sum(registered), 0), coalesce(sum(counted), 0),
                coalesce(sum(counted AND replied_on IS NOT NULL), 0),
                coalesce(sum(counted AND on_time), 0),
                coalesce(sum(counted AND late_reply), 0),
                coalesce(sum(counted AND may_overdue AND stage <> {hb} AND reply_due < {t1}), 0),
                coalesce(sum(place = 'in_hand'), 0), coalesce(sum(place = 'rehandling'), 0),
                coalesce(sum(place = 'returned'), 0), coalesce(sum(place = 'undecided'), 0),
                coalesce(sum(place = 'closed'), 0), coalesce(sum(place = 'awaiting'), 0),
                coalesce(sum(counted AND feedback_due < {t2}), 0),
                coalesce(sum(counted AND stage = {closed} AND close_kind = {explained}), 0),
                coalesce(sum(counted AND stage = {closed} AND close_kind = {deemed}), 0),
                coalesce(sum(counted AND extended), 0), coalesce(sum(withdrawn), 0),
                coalesce(sum(counted AND handed_back), 0), coalesce(max(counted AND any_contact), 0),
                coalesce(sum(counted AND contacted), 0), coalesce(sum(counted AND met), 0)
             FROM proposal_facts f WHERE {condition}",
            t1 = p(1),
            t2 = p(2),
            closed = p(3),
            hb = p(4),
            explained = p(5),
            deemed = p(6),
        );
        let mut counts = self.conn.prepare(&sql)?.query_row(params_from_iter(bound.iter()), |r| {
            let n = |i: usize| r.get::<_, u32>(i);
            Ok(FactCounts {
                collected: n(0)?,
                registered: n(1)?,
                assigned: n(2)?,
                replied: n(3)?,
                on_time: n(4)?,
                late_replies: n(5)?,
                overdue: n(6)?,
                in_hand: n(7)?,
                rehandling: n(8)?,
                returned: n(9)?,
                undecided: n(10)?,
                closed: n(11)?,
                awaiting: n(12)?,
                feedback_overdue: n(13)?,
                closed_explained: n(14)?,
                closed_deemed: n(15)?,
                extended: n(16)?,
                withdrawn: n(17)?,
                handed_back: n(18)?,
                any_contact: r.get::<_, i64>(19)? != 0,
                contacted: n(20)?,
                met: n(21)?,
                ..FactCounts::default()
            })
        })?;
        let (condition, values) = scope.condition(1)?;
        let pairs = |sql: String| -> Result<Vec<(Option<String>, u32)>> {
            let mut stmt = self.conn.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(values.iter()), |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        counts.stages =
            pairs(format!("SELECT stage, count(*) FROM proposal_facts f WHERE {condition} GROUP BY stage"))?
                .into_iter()
                .filter_map(|(stage, n)| Some((named(stage)?, n)))
                .collect();
        let text =
            |rows: Vec<(Option<String>, u32)>| rows.into_iter().map(|(k, n)| (k.unwrap_or_default(), n)).collect();
        counts.by_category = text(pairs(format!(
            "SELECT category, count(*) FROM proposal_facts f WHERE registered AND {condition} GROUP BY category"
        ))?);
        counts.by_proposer_kind = text(pairs(format!(
            "SELECT proposer_kind, count(*) FROM proposal_facts f WHERE registered AND {condition} GROUP BY proposer_kind"
        ))?);
        counts.by_lead_unit = text(pairs(format!(
            "SELECT u.unit, count(*) FROM fact_lead_units u JOIN proposal_facts f USING (proposal_id)
             WHERE f.registered AND {condition} GROUP BY u.unit"
        ))?);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT a.class, a.verdict FROM fact_answers a JOIN proposal_facts f USING (proposal_id)
             WHERE f.counted AND {condition} ORDER BY a.proposal_id, a.n"
        ))?;
        let rows = stmt.query_map(params_from_iter(values.iter()), |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            let (class, verdict): (Option<String>, Option<String>) = row?;
            counts.answers.push((named(class), named(verdict)));
        }
        Ok(counts)
    }

    /// 督办总览's lists as of `today`, each in the list's order of proposals
    /// and cut at `limit`, with how many there are in all: answers due
    /// within `soon_days` or overdue, feedback overdue, decisions to make;
    /// and the units that owe something due within `soon_days`, the most
    /// urgent first.
    pub fn attention(&self, today: NaiveDate, soon_days: i64, limit: usize) -> Result<Attention> {
        let soon = day(today.checked_add_signed(chrono::Duration::days(soon_days)).or(Some(NaiveDate::MAX)));
        let today = day(Some(today));
        // `limit` is this build's own number, never a caller's text.
        let listed = |condition: &str, first: &str, bound: &[&dyn rusqlite::ToSql]| -> Result<(Vec<String>, u32)> {
            let sql = format!(
                "SELECT f.proposal_id, count(*) OVER () FROM proposal_facts f JOIN proposals p ON p.id = f.proposal_id
                 WHERE {condition} ORDER BY {first} p.session_rank, p.session, p.number LIMIT {limit}"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(bound, |r| Ok((r.get(0)?, r.get(1)?)))?;
            let rows: Vec<(String, u32)> = rows.collect::<Result<_, _>>()?;
            let total = rows.first().map_or(0, |(_, n)| *n);
            Ok((rows.into_iter().map(|(id, _)| id).collect(), total))
        };
        let (due, due_total) = listed("f.deadline_due <= ?1", "f.deadline_due,", &[&soon])?;
        let (feedback, feedback_total) = listed("f.feedback_due < ?1", "f.feedback_due,", &[&today])?;
        let (decisions, decisions_total) = listed("f.decision_due", "", &[])?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.unit FROM fact_owing o JOIN proposals p ON p.id = o.proposal_id WHERE o.due <= ?1
             ORDER BY o.due, p.session_rank, p.session, p.number, o.n",
        )?;
        let mut units: Vec<String> = Vec::new();
        for unit in stmt.query_map([&soon], |r| r.get::<_, String>(0))? {
            let unit = unit?;
            if !units.contains(&unit) {
                units.push(unit);
            }
        }
        Ok(Attention { due, due_total, feedback, feedback_total, decisions, decisions_total, units })
    }
}

/// 督办总览's lists, by proposal id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attention {
    pub due: Vec<String>,
    pub due_total: u32,
    pub feedback: Vec<String>,
    pub feedback_total: u32,
    pub decisions: Vec<String>,
    pub decisions_total: u32,
    pub units: Vec<String>,
}
