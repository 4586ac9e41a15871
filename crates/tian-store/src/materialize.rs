//! Brings the tables in line with the winning operation of a field.
//!
//! The op log is the truth; these tables exist so that reading a proposal, or
//! filtering the list by unit or leader, is a plain indexed query. Each field
//! of a proposal maps to a column or to a set of link rows.

use rusqlite::{types::Value as SqlValue, Connection, OptionalExtension};
use serde_json::Value;
use tian_domain::{session_rank, Assignment, Handling, HandlingRecord, Satisfaction, Stage, UnitRole};

use crate::collation::sort_key;
use crate::fields::{Entity, Target};
use crate::{oplog::Operation, Result, StoreError};

pub(crate) const PROPOSAL: &str = "proposal";
/// 往年提案, one row of `history` per entry.
pub(crate) const HISTORY: &str = "history";
/// 规划条目, one row of `plan_items` per commitment.
pub(crate) const PLAN_ITEM: &str = "plan_item";

/// Writes the winning operation `op`, of `entity`.`field` as the field list
/// names them, into the tables. Table and column names, and the JSON paths
/// of records, come from the field list, never from the operation's own strings.
pub(crate) fn apply(tx: &Connection, op: &Operation) -> Result<()> {
    let field = op.target.field;
    match op.target.entity {
        Entity::Proposal => proposal_field(tx, &op.entity_id, field.name, &op.value),
        Entity::History => table_field(tx, HISTORY_TABLE, &op.entity_id, field.name, &op.value),
        Entity::PlanItem => table_field(tx, PLAN_TABLE, &op.entity_id, field.name, &op.value),
        record => write_record(
            tx,
            record.name(),
            &op.entity_id,
            &RecordWrite { born: op.hlc.born(), fields: vec![(field.name, &op.value)] },
        ),
    }
}

fn proposal_field(tx: &Connection, id: &str, field: &str, value: &Value) -> Result<()> {
    write_proposal(tx, id, &[(field, value)])
}

/// Writes `fields` of the proposal `id`, its row made if new: its columns
/// in one statement, then its lists. A proposal written whole (a new one
/// from an announcement, a ledger or a package) costs one row write, not
/// one per field.
pub(crate) fn write_proposal(tx: &Connection, id: &str, fields: &[(&str, &Value)]) -> Result<()> {
    let mut columns: Vec<(&'static str, SqlValue)> = Vec::new();
    let mut lists = Vec::new();
    for &(field, value) in fields {
        match proposal_columns(field, value)? {
            Some(set) => columns.extend(set),
            None => lists.push((field, value)),
        }
    }
    // Column names are the literals of `proposal_columns`, never caller text.
    let names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
    let sql = if names.is_empty() {
        "INSERT INTO proposals (id) VALUES (?1) ON CONFLICT (id) DO NOTHING".to_owned()
    } else {
        let places: Vec<String> = (2..names.len() + 2).map(|i| format!("?{i}")).collect();
        let updates: Vec<String> = names.iter().map(|c| format!("{c} = excluded.{c}")).collect();
        format!(
            "INSERT INTO proposals (id, {}) VALUES (?1, {}) ON CONFLICT (id) DO UPDATE SET {}",
            names.join(", "),
            places.join(", "),
            updates.join(", ")
        )
    };
    let values = std::iter::once(SqlValue::Text(id.to_owned())).chain(columns.into_iter().map(|(_, v)| v));
    tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values))?;
    for (field, value) in lists {
        proposal_list(tx, id, field, value)?;
    }
    Ok(())
}

/// The proposal's fields kept as a column of its row, under their own name.
const PROPOSAL_COLUMNS: &[&str] = &[
    "session",
    "number",
    "title",
    "proposer",
    "proposer_kind",
    "summary",
    "category",
    "stage",
    "round",
    "assignment",
    "rehandling_start",
    "closure",
    "review",
    "due_date",
    "extended_to",
    "withdrawal",
    "co_signers",
    "unit_rounds",
];

/// The proposal's fields kept as rows of their own (see [`proposal_list`]).
const PROPOSAL_LISTS: &[&str] = &["suggestions", "lead_units", "co_committees", "gov_leaders", "cppcc_leaders"];

/// The columns a scalar field of a proposal sets, with the keys the list
/// sorts by beside the text they spell; `None` for a field kept as rows.
fn proposal_columns(field: &str, value: &Value) -> Result<Option<Vec<(&'static str, SqlValue)>>> {
    // The column's name is the list's literal, never the caller's text.
    let Some(column) = PROPOSAL_COLUMNS.iter().copied().find(|c| *c == field) else {
        if PROPOSAL_LISTS.contains(&field) {
            return Ok(None);
        }
        return Err(StoreError::UnknownField { entity: PROPOSAL.into(), field: field.into() });
    };
    let scalar = match value {
        Value::Null => SqlValue::Null,
        Value::String(s) => SqlValue::Text(s.clone()),
        Value::Number(n) if n.is_i64() => SqlValue::Integer(n.as_i64().unwrap_or_default()),
        other => SqlValue::Text(other.to_string()),
    };
    let text = value.as_str().unwrap_or_default();
    let mut set = vec![(column, scalar)];
    match field {
        "title" => set.push(("title_key", SqlValue::Text(sort_key(text)))),
        "proposer" => set.push(("proposer_key", SqlValue::Text(sort_key(text)))),
        "session" => set.push(("session_rank", SqlValue::Integer(session_rank(text).into()))),
        _ => {}
    }
    Ok(Some(set))
}

/// Writes a list field of a proposal: its rows, and the key the list
/// sorts by where the first name is one.
fn proposal_list(tx: &Connection, id: &str, field: &str, value: &Value) -> Result<()> {
    match field {
        "suggestions" => {
            tx.prepare_cached("DELETE FROM suggestions WHERE proposal_id = ?1")?.execute([id])?;
            let mut insert =
                tx.prepare_cached("INSERT INTO suggestions (proposal_id, ord, text) VALUES (?1, ?2, ?3)")?;
            for (ord, text) in strings(value)?.iter().enumerate() {
                insert.execute((id, ord as i64 + 1, text))?;
            }
        }
        "lead_units" => {
            link_names(tx, id, value, Named::Unit)?;
            let first = strings(value)?.into_iter().next().unwrap_or_default();
            tx.prepare_cached("UPDATE proposals SET unit_key = ?2 WHERE id = ?1")?.execute((id, sort_key(&first)))?;
        }
        "co_committees" => link_names(tx, id, value, Named::Committee)?,
        "gov_leaders" => {
            link_names(tx, id, value, Named::Leader("gov"))?;
            // The list sorts 督办领导 by the first 市政府领导 named.
            let first = strings(value)?.into_iter().next().unwrap_or_default();
            tx.prepare_cached("UPDATE proposals SET leader_key = ?2 WHERE id = ?1")?.execute((id, sort_key(&first)))?;
        }
        "cppcc_leaders" => link_names(tx, id, value, Named::Leader("cppcc"))?,
        _ => return Err(StoreError::UnknownField { entity: PROPOSAL.into(), field: field.into() }),
    }
    Ok(())
}

/// Ranks the sessions of proposals that have no rank yet (rows from before
/// migration 0010): few distinct sessions, one update each.
pub(crate) fn rank_sessions(conn: &Connection) -> Result<()> {
    let unranked: Vec<String> = conn
        .prepare("SELECT DISTINCT session FROM proposals WHERE session_rank = 0 AND session IS NOT NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for session in unranked.into_iter().filter(|s| session_rank(s) > 0) {
        conn.prepare_cached("UPDATE proposals SET session_rank = ?2 WHERE session = ?1")?
            .execute((&session, session_rank(&session)))?;
    }
    Ok(())
}

/// A table whose rows are one entity each, and the columns its fields map to.
struct Table {
    entity: &'static str,
    name: &'static str,
    columns: &'static [&'static str],
}

const HISTORY_TABLE: Table = Table {
    entity: HISTORY,
    name: "history",
    columns: &["year", "title", "theme", "suggestions", "handling", "source"],
};
const PLAN_TABLE: Table =
    Table { entity: PLAN_ITEM, name: "plan_items", columns: &["document", "path", "label", "title", "text", "ord"] };

fn table_field(tx: &Connection, table: Table, id: &str, field: &str, value: &Value) -> Result<()> {
    // Table and column names are the literals above, never caller text.
    tx.prepare_cached(&format!("INSERT INTO {} (id) VALUES (?1) ON CONFLICT (id) DO NOTHING", table.name))?
        .execute([id])?;
    let Some(column) = table.columns.iter().find(|c| **c == field) else {
        return Err(StoreError::UnknownField { entity: table.entity.into(), field: field.into() });
    };
    let value = match value {
        Value::Number(n) => SqlValue::Integer(n.as_i64().unwrap_or_default()),
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    };
    tx.prepare_cached(&format!("UPDATE {} SET {column} = ?2 WHERE id = ?1", table.name))?.execute((id, value))?;
    Ok(())
}

/// What a merge writes to one record: the fields whose write won, and the
/// clock of its earliest write in the merge (`born`, as wall ms × 2²⁰ + counter).
pub(crate) struct RecordWrite<'v> {
    pub born: i64,
    pub fields: Vec<(&'static str, &'v Value)>,
}

impl RecordWrite<'_> {
    /// A record's proposal and data with these fields written over them.
    fn onto(
        &self,
        mut proposal: String,
        mut data: serde_json::Map<String, Value>,
    ) -> (String, serde_json::Map<String, Value>) {
        for (field, value) in &self.fields {
            // `field` is a name from the field list: plain ASCII, one JSON key.
            match *field {
                "proposal_id" => proposal = value.as_str().unwrap_or_default().to_owned(),
                field => {
                    data.insert(field.to_owned(), (*value).clone());
                }
            }
        }
        (proposal, data)
    }
}

/// Makes the row of a record the tables do not hold yet, with all its
/// fields: one row written once, where [`write_record`] makes the row and
/// then rewrites it (and its place in both indexes by proposal).
pub(crate) fn insert_record(tx: &Connection, entity: &'static str, id: &str, write: &RecordWrite) -> Result<()> {
    let (proposal, data) = write.onto(String::new(), serde_json::Map::new());
    // A row the log knows nothing of has nothing in it worth keeping.
    tx.prepare_cached(
        "INSERT INTO records (entity, id, born, proposal_id, data) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (entity, id) DO UPDATE SET born = excluded.born, proposal_id = excluded.proposal_id,
                                                data = excluded.data",
    )?
    .execute((entity, id, write.born, proposal, serde_json::to_string(&data)?))?;
    Ok(())
}

/// Writes the winning fields of one record into its row, made if new, and
/// moves its birth back to the earliest write seen.
pub(crate) fn write_record(tx: &Connection, entity: &'static str, id: &str, write: &RecordWrite) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO records (entity, id, born) VALUES (?1, ?2, ?3)
         ON CONFLICT (entity, id) DO UPDATE SET born = excluded.born WHERE born = 0 OR excluded.born < born",
    )?
    .execute((entity, id, write.born))?;
    match write.fields.as_slice() {
        [] => return Ok(()),
        // One field (every local write): set in place.
        [(field, value)] if *field != "proposal_id" => {
            tx.prepare_cached("UPDATE records SET data = json_set(data, ?3, json(?4)) WHERE entity = ?1 AND id = ?2")?
                .execute((entity, id, format!("$.{field}"), value.to_string()))?;
            return Ok(());
        }
        _ => {}
    }
    let (proposal, data): (String, String) = tx
        .prepare_cached("SELECT proposal_id, data FROM records WHERE entity = ?1 AND id = ?2")?
        .query_row((entity, id), |r| Ok((r.get(0)?, r.get(1)?)))?;
    let (proposal, data) = write.onto(proposal, serde_json::from_str(&data)?);
    tx.prepare_cached("UPDATE records SET proposal_id = ?3, data = ?4 WHERE entity = ?1 AND id = ?2")?.execute((
        entity,
        id,
        proposal,
        serde_json::to_string(&data)?,
    ))?;
    Ok(())
}

/// The records a list-valued field names: 承办单位, 协办专委会, or 督办领导
/// of one body ("gov" or "cppcc").
#[derive(Clone, Copy)]
enum Named {
    Unit,
    Committee,
    Leader(&'static str),
}

impl Named {
    /// The id of the record called `name`, created if new. Looked up
    /// first: an upsert would rewrite the row of every name it finds.
    fn id(self, tx: &Connection, name: &str) -> Result<i64> {
        let (find, make, body) = match self {
            Named::Unit => ("SELECT id FROM units WHERE name = ?1", "INSERT INTO units (name) VALUES (?1)", None),
            Named::Committee => {
                ("SELECT id FROM committees WHERE name = ?1", "INSERT INTO committees (name) VALUES (?1)", None)
            }
            Named::Leader(body) => (
                "SELECT id FROM leaders WHERE name = ?1 AND body = ?2",
                "INSERT INTO leaders (name, body) VALUES (?1, ?2)",
                Some(body),
            ),
        };
        let params = rusqlite::params_from_iter(std::iter::once(name).chain(body));
        if let Some(id) = tx.prepare_cached(find)?.query_row(params.clone(), |r| r.get(0)).optional()? {
            return Ok(id);
        }
        tx.prepare_cached(make)?.execute(params)?;
        Ok(tx.last_insert_rowid())
    }

    fn clear(self, tx: &Connection, proposal: &str) -> Result<()> {
        match self {
            Named::Unit => tx.prepare_cached("DELETE FROM proposal_lead_units WHERE proposal_id = ?1")?.execute([proposal]),
            Named::Committee => tx.prepare_cached("DELETE FROM proposal_committees WHERE proposal_id = ?1")?.execute([proposal]),
            Named::Leader(body) => tx.prepare_cached("DELETE FROM proposal_leaders WHERE proposal_id = ?1 AND leader_id IN (SELECT id FROM leaders WHERE body = ?2)")?.execute((proposal, body),
            ),
        }?;
        Ok(())
    }

    fn link(self, tx: &Connection, proposal: &str, target: i64, ord: i64) -> Result<()> {
        // A name listed twice keeps its first place.
        let sql = match self {
            Named::Unit => "INSERT INTO proposal_lead_units (proposal_id, unit_id, ord) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            Named::Committee => "INSERT INTO proposal_committees (proposal_id, committee_id, ord) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            Named::Leader(_) => "INSERT INTO proposal_leaders (proposal_id, leader_id, ord) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        };
        tx.prepare_cached(sql)?.execute((proposal, target, ord))?;
        Ok(())
    }
}

fn link_names(tx: &Connection, id: &str, value: &Value, named: Named) -> Result<()> {
    named.clear(tx, id)?;
    for (ord, name) in strings(value)?.iter().enumerate() {
        let target = named.id(tx, name)?;
        named.link(tx, id, target, ord as i64 + 1)?;
    }
    Ok(())
}

fn strings(value: &Value) -> Result<Vec<String>> {
    Ok(serde_json::from_value(value.clone())?)
}

/// Which of its proposal's settled columns a write of `entity.field` can
/// move: the stage ([`settle_stage`] reads the recorded stage, the round,
/// the assignment and the units' rounds, and the replies, feedback,
/// contacts, activities and hand-backs) and the answer class
/// ([`settle_answer_class`] reads the replies). A step that moves neither,
/// a suggestion's progress say, settles nothing.
pub(crate) fn settles(target: Target) -> (bool, bool) {
    use crate::fields::ProposalField as P;
    match target.entity {
        Entity::Proposal => {
            ([P::Stage, P::Round, P::Assignment, P::UnitRounds].into_iter().any(|f| target.is(f)), false)
        }
        Entity::Reply => (true, true),
        Entity::Feedback | Entity::Contact | Entity::Activity | Entity::HandBack => (true, false),
        _ => (false, false),
    }
}

/// Sets the `stage` column of `proposal` to where its recorded facts put it.
pub(crate) fn settle_stage(tx: &Connection, proposal: &str) -> Result<()> {
    if let Some((handling, anything_recorded)) = handling(tx, proposal)? {
        let settled = handling.settled(anything_recorded);
        tx.prepare_cached("UPDATE proposals SET stage = ?2 WHERE id = ?1 AND stage <> ?2")?
            .execute((proposal, settled.label()))?;
    }
    Ok(())
}

/// Sets the `answer_class` column of `proposal` to its answer's class, as
/// the dossier reads it: each lead unit's latest reply, and of those the
/// least resolved (C before B before A), so the list filters by it through
/// an index.
pub(crate) fn settle_answer_class(tx: &Connection, proposal: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE proposals SET answer_class = latest.class
         FROM (SELECT MAX(class) AS class FROM (
                 SELECT json_extract(r.data, '$.class') AS class,
                        ROW_NUMBER() OVER (PARTITION BY json_extract(r.data, '$.unit')
                                           ORDER BY r.born DESC, r.id DESC) AS nth
                 FROM records r
                 WHERE r.entity = 'reply' AND r.proposal_id = ?1
                   AND json_extract(r.data, '$.lead') = 1 AND json_extract(r.data, '$.deleted') IS NOT 1)
               WHERE nth = 1) AS latest
         WHERE id = ?1 AND answer_class IS NOT latest.class",
    )?
    .execute([proposal])?;
    Ok(())
}

/// The handling of `proposal` at the stage the committee's steps recorded,
/// with its recorded facts (units' replies and verdicts included), and
/// whether anything was recorded under it: what
/// [`tian_domain::Handling::settled`] moves the stage on from. `None`
/// before anything was recorded.
pub(crate) fn handling(tx: &Connection, proposal: &str) -> Result<Option<(Handling, bool)>> {
    let recorded: Option<String> = tx
        .prepare_cached(
            "SELECT value FROM ops WHERE entity = 'proposal' AND entity_id = ?1 AND field = 'stage'
             ORDER BY hlc_wall DESC, hlc_counter DESC, origin DESC LIMIT 1",
        )?
        .query_row([proposal], |r| r.get(0))
        .optional()?;
    let Some(stage) = recorded.and_then(|v| serde_json::from_str::<Stage>(&v).ok()) else { return Ok(None) };
    let as_recorded = |stage: Stage| Handling { stage, ..Handling::default() };
    // The facts move the handling stages, and 已答复 back when its answer goes.
    if !matches!(stage, Stage::Assigned | Stage::Handling | Stage::Rehandling | Stage::Replied) {
        return Ok(Some((as_recorded(stage), false)));
    }
    let (round, assignment, unit_rounds): (u32, Option<String>, Option<String>) = tx
        .prepare_cached("SELECT round, assignment, unit_rounds FROM proposals WHERE id = ?1")?
        .query_row([proposal], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let assignment: Option<Assignment> = assignment.map(|a| serde_json::from_str(&a)).transpose()?;
    let Some(assignment) = assignment else { return Ok(Some((as_recorded(stage), false))) };
    let unit_rounds: Vec<tian_domain::UnitRound> =
        unit_rounds.map(|u| serde_json::from_str(&u)).transpose()?.unwrap_or_default();
    let mut replies = tx.prepare_cached(
        "SELECT DISTINCT json_extract(data, '$.unit'), json_extract(data, '$.round') FROM records
         WHERE proposal_id = ?1 AND entity = 'reply' AND json_extract(data, '$.lead') = 1
           AND json_extract(data, '$.deleted') IS NOT 1",
    )?;
    let answers = replies
        .query_map([proposal], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut verdicts = tx.prepare_cached(
        "SELECT json_extract(data, '$.unit'), json_extract(data, '$.round'), json_extract(data, '$.result')
         FROM records WHERE proposal_id = ?1 AND entity = 'feedback' AND json_extract(data, '$.deleted') IS NOT 1
         ORDER BY born, id",
    )?;
    let verdicts = verdicts
        .query_map([proposal], |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, u32>(1)?, r.get::<_, String>(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    // A 催办函 the committee sent is no handling by the unit: it leaves 交办 as it is.
    let anything_recorded: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM records WHERE proposal_id = ?1 AND entity IN ('contact', 'activity', 'reply')
                        AND json_extract(data, '$.deleted') IS NOT 1
                        AND NOT (entity = 'activity' AND json_extract(data, '$.kind') IS '催办函'))",
        )?
        .query_row([proposal], |r| r.get(0))?;
    // A lead unit's 退回 of this very assignment, arrived from the unit.
    let mut handed = tx.prepare_cached(
        "SELECT DISTINCT json_extract(data, '$.unit') FROM records
         WHERE proposal_id = ?1 AND entity = 'hand_back' AND json_extract(data, '$.assigned') = ?2
           AND json_extract(data, '$.deleted') IS NOT 1",
    )?;
    let lead_units = assignment.units_in(UnitRole::Lead);
    let handed_back = handed
        .query_map((proposal, assignment.date.to_string()), |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|u| lead_units.contains(u))
        .collect();
    let handling = Handling::of_record(HandlingRecord {
        stage,
        round,
        split: assignment.split(),
        lead_units,
        co_units: assignment.units_in(UnitRole::Co),
        unit_rounds: &unit_rounds,
        answers: answers.iter().map(|(u, n)| (u.as_str(), *n)).collect(),
        verdicts: verdicts.iter().filter_map(|(u, n, v)| Some((u.as_deref(), *n, Satisfaction::parse(v)?))).collect(),
        handed_back,
    });
    Ok(Some((handling, anything_recorded)))
}

#[cfg(test)]
mod tests {
    use crate::{PageQuery, Store};

    #[test]
    fn sessions_are_ranked_as_they_are_written_and_older_rows_when_the_database_opens() {
        use crate::ProposalField;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tian.db");
        let mut store = Store::open(&path).unwrap();
        store
            .transact("张三", "导入", |w| -> crate::Result<()> {
                for (session, number) in [("十三届五次", "0069"), ("十三届四次", "0100"), ("十二届十次", "0001")]
                {
                    let id = format!("{session}/{number}");
                    w.set(ProposalField::Session, &id, session.into())?;
                    w.set(ProposalField::Number, &id, number.into())?;
                }
                Ok(())
            })
            .unwrap();
        let order = |store: &Store| -> Vec<String> {
            let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
            let overdue = crate::OverdueStarts { reply: day, rehandling: day, today: day };
            let (_, rows) =
                store.read().proposal_page(&PageQuery { limit: 10, ..Default::default() }, overdue).unwrap();
            rows.into_iter().map(|r| r.session).collect()
        };
        assert_eq!(order(&store), ["十二届十次", "十三届四次", "十三届五次"]);

        // A database from before the rank: every row at 0, ranked again on opening.
        store.conn.execute("UPDATE proposals SET session_rank = 0", []).unwrap();
        assert_eq!(order(&store), ["十三届五次", "十三届四次", "十二届十次"], "the names' order, as text");
        drop(store);
        assert_eq!(order(&Store::open(&path).unwrap()), ["十二届十次", "十三届四次", "十三届五次"]);
    }

    #[test]
    fn a_proposal_written_whole_reads_as_one_written_field_by_field() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("tian.db")).unwrap();
        let fields = serde_json::json!({
            "session": "十三届五次", "number": "0069", "title": "关于加快城市更新的建议", "proposer": "市民盟",
            "proposer_kind": "organization", "summary": "摘要", "category": "城建", "stage": "交办", "round": 1,
            "suggestions": ["一是", "二是"], "lead_units": ["市住建局", "市规划局"], "co_committees": ["城建委"],
            "gov_leaders": ["王副市长"], "cppcc_leaders": ["李副主席"], "co_signers": ["张三"],
        });
        let fields: Vec<(&str, &serde_json::Value)> =
            fields.as_object().unwrap().iter().map(|(k, v)| (k.as_str(), v)).collect();
        super::write_proposal(&store.conn, "whole", &fields).unwrap();
        for field in &fields {
            super::write_proposal(&store.conn, "by-field", std::slice::from_ref(field)).unwrap();
        }
        let row = |id: &str| -> String {
            let read = |sql: &str| -> String { store.conn.query_row(sql, [id], |r| r.get::<_, String>(0)).unwrap() };
            [
                read("SELECT json_array(session, number, title, proposer, proposer_kind, summary, category, stage,
                             round, co_signers, title_key, proposer_key, session_rank, unit_key, leader_key)
                      FROM proposals WHERE id = ?1"),
                read("SELECT json_group_array(text) FROM (SELECT text FROM suggestions WHERE proposal_id = ?1 ORDER BY ord)"),
                read("SELECT json_group_array(unit_id) FROM proposal_lead_units WHERE proposal_id = ?1"),
                read("SELECT json_group_array(leader_id) FROM proposal_leaders WHERE proposal_id = ?1"),
                read("SELECT json_group_array(committee_id) FROM proposal_committees WHERE proposal_id = ?1"),
            ]
            .join(" | ")
        };
        assert!(row("whole").contains("市民盟") && row("whole").contains("一是"), "{}", row("whole"));
        assert_eq!(row("whole"), row("by-field"));
    }
}
