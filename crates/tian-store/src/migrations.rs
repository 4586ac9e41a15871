//! Versioned schema migrations, embedded in the binary and applied at open.
//!
//! Each migration and the row that records it commit in one transaction, so a
//! crash or power cut never leaves a half-applied schema behind.

use rusqlite::Connection;

use crate::collation::sort_key;
use crate::{Result, StoreError};

/// (version, name, SQL), in order. Append only: a landed migration is never edited.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "init", include_str!("../migrations/0001_init.sql")),
    (2, "handling", include_str!("../migrations/0002_handling.sql")),
    (3, "search", include_str!("../migrations/0003_search.sql")),
    (4, "list_order", include_str!("../migrations/0004_list_order.sql")),
    (5, "history", include_str!("../migrations/0005_history.sql")),
    (6, "sync", include_str!("../migrations/0006_sync.sql")),
    (7, "plans", include_str!("../migrations/0007_plans.sql")),
    (8, "list_at_scale", include_str!("../migrations/0008_list_at_scale.sql")),
    (9, "ops_by_clock", include_str!("../migrations/0009_ops_by_clock.sql")),
    (10, "session_order", include_str!("../migrations/0010_session_order.sql")),
    (11, "trust", include_str!("../migrations/0011_trust.sql")),
    (12, "least_resolved_class", include_str!("../migrations/0012_least_resolved_class.sql")),
    (13, "extension_withdrawal", include_str!("../migrations/0013_extension_withdrawal.sql")),
    (14, "split_units", include_str!("../migrations/0014_split_units.sql")),
    (15, "pinyin_order", include_str!("../migrations/0015_pinyin_order.sql")),
    (16, "list_sort_indexes", include_str!("../migrations/0016_list_sort_indexes.sql")),
    (17, "index_in_batches", include_str!("../migrations/0017_index_in_batches.sql")),
    (18, "compact_log", include_str!("../migrations/0018_compact_log.sql")),
    (19, "contentless_search", include_str!("../migrations/0019_contentless_search.sql")),
    (20, "owing_index", include_str!("../migrations/0020_owing_index.sql")),
    (21, "search_write_buffer", include_str!("../migrations/0021_search_write_buffer.sql")),
    (22, "directory", include_str!("../migrations/0022_directory.sql")),
    (23, "unit_desk", include_str!("../migrations/0023_unit_desk.sql")),
    (24, "safety_points", include_str!("../migrations/0024_safety_points.sql")),
    (25, "tidy_search", include_str!("../migrations/0025_tidy_search.sql")),
    (26, "withdrawn_ops", include_str!("../migrations/0026_withdrawn_ops.sql")),
    (27, "package_numbers", include_str!("../migrations/0027_package_numbers.sql")),
    (28, "proposal_facts", include_str!("../migrations/0028_proposal_facts.sql")),
    (29, "fact_tally", include_str!("../migrations/0029_fact_tally.sql")),
    (30, "refused_by_change", include_str!("../migrations/0030_refused_by_change.sql")),
    (31, "answer_attitude", include_str!("../migrations/0031_answer_attitude.sql")),
    (32, "receipts", include_str!("../migrations/0032_receipts.sql")),
    (33, "merged_into", include_str!("../migrations/0033_merged_into.sql")),
    (34, "search_digest", include_str!("../migrations/0034_search_digest.sql")),
];

/// Migrations that rebuild a table other tables refer to. SQLite's way to do
/// that is with foreign keys off for the rebuild (the pragma cannot change
/// inside a transaction), then a check that every reference still holds.
const REBUILDS_REFERENCED_TABLE: &[i64] = &[11];

/// The schema version this build writes (the last migration's).
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
         ) STRICT;",
    )?;
    let current: i64 =
        conn.prepare_cached("SELECT coalesce(max(version), 0) FROM schema_migrations")?.query_row([], |r| r.get(0))?;
    if current > latest_version() {
        return Err(StoreError::NewerSchema { found: current, known: latest_version() });
    }
    for &(version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        let rebuild = REBUILDS_REFERENCED_TABLE.contains(&version);
        if rebuild {
            conn.pragma_update(None, "foreign_keys", false)?;
        }
        let applied = apply(conn, version, name, sql, rebuild);
        if rebuild {
            conn.pragma_update(None, "foreign_keys", true)?;
        }
        applied?;
    }
    if (1..CONTENTLESS_SEARCH).contains(&current) {
        reindex_search(conn)?;
    }
    if (1..ONE_JOINT_ANSWER).contains(&current) {
        settle_stages(conn)?;
    }
    if (1..PINYIN_ORDER).contains(&current) {
        fill_sort_keys(conn)?;
    }
    Ok(())
}

/// From this version on one lead unit's answer is the joint answer of
/// several (联合主办); proposals answered by one of them settle on upgrade,
/// on every installation alike, rather than at their next change.
const ONE_JOINT_ANSWER: i64 = 14;

/// From this version on the list sorts by pinyin keys kept on each row.
const PINYIN_ORDER: i64 = 15;

fn fill_sort_keys(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let rows: Vec<(String, String, String, String, String)> = tx
        .prepare(
            "SELECT p.id, p.title, p.proposer,
                    coalesce((SELECT u.name FROM proposal_lead_units l JOIN units u ON u.id = l.unit_id
                              WHERE l.proposal_id = p.id ORDER BY l.ord LIMIT 1), ''),
                    coalesce((SELECT x.name FROM proposal_leaders l JOIN leaders x ON x.id = l.leader_id
                              WHERE l.proposal_id = p.id AND x.body = 'gov' ORDER BY l.ord LIMIT 1), '')
             FROM proposals p",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<Result<_, _>>()?;
    let mut update = tx.prepare(
        "UPDATE proposals SET title_key = ?2, proposer_key = ?3, unit_key = ?4, leader_key = ?5 WHERE id = ?1",
    )?;
    for (id, title, proposer, unit, leader) in rows {
        update.execute((id, sort_key(&title), sort_key(&proposer), sort_key(&unit), sort_key(&leader)))?;
    }
    drop(update);
    tx.commit()?;
    Ok(())
}

fn settle_stages(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let ids: Vec<String> = tx
        .prepare("SELECT id FROM proposals WHERE stage IN ('交办', '办理中', '再办理')")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in ids {
        crate::materialize::settle_stage(&tx, &id)?;
    }
    tx.commit()?;
    Ok(())
}

/// From this version on the search documents keep no text and the indexes
/// are contentless (before it, from 13, a proposal's document came to hold
/// its number, lead units and leaders too): older workspaces are indexed
/// again once on upgrade.
const CONTENTLESS_SEARCH: i64 = 19;

fn reindex_search(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    crate::search::reindex_all(&tx)?;
    tx.commit()?;
    Ok(())
}

fn apply(conn: &mut Connection, version: i64, name: &str, sql: &str, check_references: bool) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Another process may have migrated while we waited for the lock.
    let done: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?1)")?
        .query_row([version], |r| r.get(0))?;
    if !done {
        tx.execute_batch(sql)?;
        if check_references {
            let broken: i64 =
                tx.prepare_cached("SELECT count(*) FROM pragma_foreign_key_check")?.query_row([], |r| r.get(0))?;
            if broken > 0 {
                return Err(StoreError::Migration { version, why: format!("{broken} 处引用失效") });
            }
        }
        tx.prepare_cached("INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)")?.execute((version, name))?;
    }
    tx.commit()?;
    Ok(())
}
