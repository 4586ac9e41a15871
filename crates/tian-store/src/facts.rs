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
pub(crate) const DERIVED_TABLES: &[&str] = &[
    "proposal_facts",
    "fact_answers",
    "fact_lead_units",
    "fact_owing",
    "facts_stale",
    "fact_tally",
    "fact_answer_tally",
    "fact_lead_unit_tally",
];

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
    pub on_time: bool,
    pub late_reply: bool,
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
    /// Each answer counted (under 分办, one per lead unit).
    pub answers: Vec<AnswerFact>,
    pub lead_units: Vec<String>,
    /// The answer due now (the first or a 再办理 answer), if one is: 即将到期
    /// as today nears it, and 逾期未答复 once today is past it.
    pub deadline_due: Option<NaiveDate>,
    /// The committee has a decision to make (不满意, or a request for 延期).
    pub decision_due: bool,
    /// What each unit owes, and by when, in the order of its units.
    pub owing: Vec<(String, NaiveDate)>,
}

/// One answer as the figures count it: its class, the verdict on its
/// result and, where the 征询意见表 says it, on the unit's attitude.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct AnswerFact {
    pub class: Option<AnswerClass>,
    pub verdict: Option<Satisfaction>,
    pub attitude: Option<Satisfaction>,
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
    /// The answers of the counted proposals: how many of each class and verdicts.
    pub answers: Vec<(AnswerFact, u32)>,
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
            // Deleted and inserted, not replaced: the counts kept beside the
            // rows (migration 0029) move by the delete's trigger and the insert's.
            tx.prepare_cached("DELETE FROM proposal_facts WHERE proposal_id = ?1")?.execute([id])?;
            tx.prepare_cached(
                "INSERT INTO proposal_facts (proposal_id, session, stage, registered, counted, place,
                     replied_on, on_time, late_reply, feedback_due, close_kind, extended, handed_back, any_contact,
                     contacted, met, category, proposer_kind, withdrawn, deadline_due, decision_due)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
            )?
            .execute(rusqlite::params![
                id,
                f.session,
                name(&f.stage)?,
                f.registered,
                f.place.is_some(),
                f.place.map_or("", Place::name),
                day(f.replied_on),
                f.on_time,
                f.late_reply,
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
            for (n, answer) in f.answers.iter().enumerate() {
                tx.prepare_cached(
                    "INSERT INTO fact_answers (proposal_id, n, class, verdict, attitude, session, counted)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute((
                    id,
                    n as i64,
                    answer.class.as_ref().map(name).transpose()?,
                    answer.verdict.as_ref().map(name).transpose()?,
                    answer.attitude.as_ref().map(name).transpose()?,
                    &f.session,
                    f.place.is_some(),
                ))?;
            }
            tx.prepare_cached("DELETE FROM fact_lead_units WHERE proposal_id = ?1")?.execute([id])?;
            for unit in &f.lead_units {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO fact_lead_units (proposal_id, unit, session, registered)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute((id, unit, &f.session, f.registered))?;
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
    /// The proposals whose rows are stale, and, `looking` for them, those
    /// with none (a scan of every proposal's id).
    pub fn stale_facts(&self, looking: bool) -> Result<Vec<String>> {
        let sql = if looking {
            "SELECT proposal_id FROM facts_stale
             UNION SELECT id FROM proposals WHERE id NOT IN (SELECT proposal_id FROM proposal_facts)"
        } else {
            "SELECT proposal_id FROM facts_stale"
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The counts of `scope` as of today. Over a 届次 or all, from the
    /// counts kept by group (migration 0029: a few hundred rows, whatever
    /// the number of proposals); over named proposals, from their rows.
    /// Both have the same columns, so each figure is written once, below.
    pub fn fact_counts(&self, scope: &FactScope, today: NaiveDate) -> Result<FactCounts> {
        let (rows, answers, lead_units) = if scope.ids.is_some() {
            (
                "fact_rows",
                "(SELECT proposal_id, session, counted, coalesce(class, '') AS class,
                         coalesce(verdict, '') AS verdict, coalesce(attitude, '') AS attitude, 1 AS n
                  FROM fact_answers)",
                "(SELECT proposal_id, session, registered, unit, 1 AS n FROM fact_lead_units)",
            )
        } else {
            ("fact_tally", "fact_answer_tally", "fact_lead_unit_tally")
        };
        let today = today.format("%Y-%m-%d").to_string();
        let closed = name(&Stage::Closed)?;
        let (explained, deemed) = (name(&CloseKind::Explained)?, name(&CloseKind::Deemed)?);
        // ?1–?5 are these; the scope's own values follow.
        let mut bound: Vec<SqlValue> = [today.clone(), today, closed, explained, deemed].map(SqlValue::Text).into();
        let (condition, values) = scope.condition(bound.len() + 1)?;
        bound.extend(values);
        // `rows`, `answers` and `lead_units` are this function's literals.
        let sql = format!(
            "SELECT stage, registered, category, proposer_kind, sum(n), sum(n * counted),
                sum(n * (counted AND replied)), sum(n * (counted AND on_time)), sum(n * (counted AND late_reply)),
                sum(n * (overdue_from <> '' AND overdue_from < ?1)),
                sum(n * (place = 'in_hand')), sum(n * (place = 'rehandling')), sum(n * (place = 'returned')),
                sum(n * (place = 'undecided')), sum(n * (place = 'closed')), sum(n * (place = 'awaiting')),
                sum(n * (feedback_from <> '' AND feedback_from < ?2)),
                sum(n * (counted AND stage = ?3 AND close_kind = ?4)),
                sum(n * (counted AND stage = ?3 AND close_kind = ?5)),
                sum(n * (counted AND extended)), sum(n * withdrawn), sum(n * (counted AND handed_back)),
                max(counted AND any_contact), sum(n * (counted AND contacted)), sum(n * (counted AND met))
             FROM {rows} f WHERE {condition} GROUP BY stage, registered, category, proposer_kind"
        );
        let mut counts = FactCounts::default();
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(bound.iter()))?;
        let add = |pairs: &mut Vec<(String, u32)>, key: String, n: u32| match pairs.iter_mut().find(|(k, _)| *k == key)
        {
            Some((_, total)) => *total += n,
            None => pairs.push((key, n)),
        };
        while let Some(r) = rows.next()? {
            let n = |i: usize| r.get::<_, Option<u32>>(i).map(Option::unwrap_or_default);
            let (stage, registered, category, kind): (String, bool, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let all = n(4)?;
            counts.collected += all;
            if registered {
                counts.registered += all;
                add(&mut counts.by_category, category, all);
                add(&mut counts.by_proposer_kind, kind, all);
            }
            if let Some(stage) = named::<Stage>(Some(stage)) {
                match counts.stages.iter_mut().find(|(s, _)| *s == stage) {
                    Some((_, total)) => *total += all,
                    None => counts.stages.push((stage, all)),
                }
            }
            counts.assigned += n(5)?;
            counts.replied += n(6)?;
            counts.on_time += n(7)?;
            counts.late_replies += n(8)?;
            counts.overdue += n(9)?;
            counts.in_hand += n(10)?;
            counts.rehandling += n(11)?;
            counts.returned += n(12)?;
            counts.undecided += n(13)?;
            counts.closed += n(14)?;
            counts.awaiting += n(15)?;
            counts.feedback_overdue += n(16)?;
            counts.closed_explained += n(17)?;
            counts.closed_deemed += n(18)?;
            counts.extended += n(19)?;
            counts.withdrawn += n(20)?;
            counts.handed_back += n(21)?;
            counts.any_contact |= n(22)? != 0;
            counts.contacted += n(23)?;
            counts.met += n(24)?;
        }
        // The answers and the lead units carry their proposal's session and
        // whether it counts, so the scope needs no join. An answer with no
        // class or verdict yet is kept as '' (read back as none).
        let (condition, values) = scope.condition(1)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT class, verdict, attitude, sum(n) FROM {answers} f WHERE counted AND {condition}
             GROUP BY class, verdict, attitude"
        ))?;
        let rows =
            stmt.query_map(params_from_iter(values.iter()), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        for row in rows {
            let (class, verdict, attitude, n): (Option<String>, Option<String>, Option<String>, u32) = row?;
            let answer = AnswerFact { class: named(class), verdict: named(verdict), attitude: named(attitude) };
            counts.answers.push((answer, n));
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT unit, sum(n) FROM {lead_units} f WHERE registered AND {condition} GROUP BY unit"
        ))?;
        let rows = stmt.query_map(params_from_iter(values.iter()), |r| Ok((r.get(0)?, r.get(1)?)))?;
        counts.by_lead_unit = rows.collect::<Result<_, _>>()?;
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
        // `limit` is this build's own number, never a caller's text. The
        // total is counted apart, from the index alone: counted beside the
        // list (a window over it), it made the list sort every match before
        // taking the first `limit` (thousands at 100,000 proposals). The
        // few due are found first (CROSS JOIN keeps SQLite from walking
        // every proposal in the list's order instead, 250 ms when none is).
        let listed = |condition: &str, first: &str, bound: &[&dyn rusqlite::ToSql]| -> Result<(Vec<String>, u32)> {
            let sql = format!(
                "SELECT f.proposal_id FROM proposal_facts f CROSS JOIN proposals p ON p.id = f.proposal_id
                 WHERE {condition} ORDER BY {first} p.session_rank, p.session, p.number LIMIT {limit}"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let ids = stmt.query_map(bound, |r| r.get(0))?.collect::<Result<_, _>>()?;
            let total = self
                .conn
                .prepare_cached(&format!("SELECT count(*) FROM proposal_facts f WHERE {condition}"))?
                .query_row(bound, |r| r.get(0))?;
            Ok((ids, total))
        };
        let (due, due_total) = listed("f.deadline_due <= ?1", "f.deadline_due,", &[&soon])?;
        let (feedback, feedback_total) = listed("f.feedback_due < ?1", "f.feedback_due,", &[&today])?;
        let (decisions, decisions_total) = listed("f.decision_due", "", &[])?;
        // Each unit where its most urgent item stands in that order: the
        // items are read most urgent first until every unit owing one has
        // come, not all of them (thousands at 100,000 proposals).
        let owing: usize = self
            .conn
            .prepare_cached("SELECT count(DISTINCT unit) FROM fact_owing WHERE due <= ?1")?
            .query_row([&soon], |r| r.get(0))?;
        let mut units: Vec<String> = Vec::with_capacity(owing);
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.unit FROM fact_owing o CROSS JOIN proposals p ON p.id = o.proposal_id WHERE o.due <= ?1
             ORDER BY o.due, p.session_rank, p.session, p.number, o.n",
        )?;
        let mut rows = stmt.query([&soon])?;
        while units.len() < owing {
            let Some(row) = rows.next()? else { break };
            let unit: String = row.get(0)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProposalField;

    /// A row for `proposal` drawn from `seed`: every kind of place, date and
    /// answer, in two 届次.
    fn row(proposal: usize, seed: u64) -> ProposalFacts {
        let bit = |k: u32| seed >> k & 1 == 1;
        let pick = |k: u32, n: u64| (seed >> k) % n;
        let day = |k: u32| NaiveDate::from_ymd_opt(2026, 1, 1).map(|d| d + chrono::Days::new(pick(k, 300)));
        let stages = [Stage::Handling, Stage::Replied, Stage::Closed, Stage::HandedBack, Stage::Undecided];
        let places = [None, Some(Place::InHand), Some(Place::Awaiting), Some(Place::Closed), Some(Place::Returned)];
        let classes = [None, Some(AnswerClass::A), Some(AnswerClass::B), Some(AnswerClass::C)];
        let verdicts = [None, Some(Satisfaction::Satisfied), Some(Satisfaction::Unsatisfied)];
        let session = if proposal.is_multiple_of(4) { "十三届四次" } else { "十三届五次" };
        ProposalFacts {
            proposal_id: format!("{session}/{proposal:04}"),
            session: session.into(),
            stage: stages[pick(1, 5) as usize],
            registered: bit(4),
            place: places[pick(5, 5) as usize],
            replied_on: bit(8).then(|| day(9)).flatten(),
            on_time: bit(12),
            late_reply: bit(13),
            feedback_due: bit(15).then(|| day(16)).flatten(),
            close_kind: bit(18).then_some(CloseKind::ALL[pick(19, 3) as usize]),
            extended: bit(21),
            handed_back: bit(22),
            any_contact: bit(23),
            contacted: bit(24),
            met: bit(25),
            category: ["经济建设", "社会事业"][pick(26, 2) as usize].into(),
            proposer_kind: ["党派", "委员"][pick(27, 2) as usize].into(),
            withdrawn: bit(28),
            answers: (0..pick(29, 3))
                .map(|k| AnswerFact {
                    class: classes[pick(31 + k as u32, 4) as usize],
                    verdict: verdicts[pick(34, 3) as usize],
                    attitude: verdicts[pick(37 + k as u32, 3) as usize],
                })
                .collect(),
            lead_units: (0..pick(36, 3)).map(|k| ["市教育局", "市科技局", "市民政局"][k as usize].to_owned()).collect(),
            deadline_due: bit(10).then(|| day(11)).flatten(),
            decision_due: false,
            owing: Vec::new(),
        }
    }

    /// The counts kept by group are always the rows counted afresh: as
    /// rows are written, rewritten and taken away, for all 届次 and for one.
    #[test]
    fn the_counts_kept_by_group_are_the_rows_counted_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::Store::open(&dir.path().join("tian.db")).unwrap();
        let ids: Vec<String> = (0..60).map(|p| row(p, 0).proposal_id).collect();
        store
            .transact("张三", "导入", |w| -> Result<()> {
                for id in &ids {
                    let (session, number) = id.split_once('/').unwrap();
                    w.set(ProposalField::Session, id, session.into())?;
                    w.set(ProposalField::Number, id, number.into())?;
                }
                Ok(())
            })
            .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        for round in 0..8_usize {
            let rows: Vec<ProposalFacts> = (0..60)
                .filter(|p| !(p + round).is_multiple_of(3))
                .map(|p| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    row(p, seed)
                })
                .collect();
            store.keep_facts(&rows).unwrap();
            for session in [None, Some("十三届五次"), Some("十三届四次")] {
                let kept = FactScope { session: session.map(str::to_owned), ids: None };
                let named = FactScope { ids: Some(ids.clone()), ..kept.clone() };
                let read = store.read();
                let (by_group, by_row) =
                    (read.fact_counts(&kept, today).unwrap(), read.fact_counts(&named, today).unwrap());
                assert_eq!(by_group, by_row, "round {round}, {session:?}");
                assert!(by_row.collected > 0 && !by_row.answers.is_empty(), "{by_row:?}");
                assert!(session.is_some() || by_row.overdue > 0 && by_row.feedback_overdue > 0, "{by_row:?}");
            }
        }
        // A proposal gone (a backup restored without it) leaves its groups.
        store.conn.execute("DELETE FROM proposals WHERE id = ?1", [&ids[1]]).unwrap();
        store.keep_facts(&[]).unwrap();
        let read = store.read();
        let all = FactScope { session: None, ids: Some(ids.clone()) };
        assert_eq!(read.fact_counts(&FactScope::default(), today).unwrap(), read.fact_counts(&all, today).unwrap());
        let groups: i64 = store.conn.query_row("SELECT sum(n) FROM fact_tally", [], |r| r.get(0)).unwrap();
        assert_eq!(groups, 59);
    }
}
