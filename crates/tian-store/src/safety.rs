//! 安全点: what a piece of work (an import, a week's batch of them) changed,
//! kept inverted so that it can be taken back, at a cost in proportion to
//! the change rather than to the database. A backup copies and compresses
//! the whole file: at a term's size that was nine tenths of every import.
//!
//! SQLite's session extension watches the connection while the work runs
//! and notes each row it touches with its value before; the inverse of
//! that record, applied, puts every row back as it was, the search index's
//! own tables included. It is applied only while no row it touches has
//! changed since, and only while the log ends where the work left it.

use rusqlite::session::{invert_strm, ConflictAction, ConflictType, Session};
use rusqlite::{Connection, OptionalExtension};

use crate::{Result, Store, StoreError};

/// The newest safety points kept; each older one is forgotten.
const KEPT: i64 = 10;

/// What a piece of work changed, inverted: applied, it takes the work back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undo {
    inverse: Vec<u8>,
    /// The log's last sequence number before the work.
    log_before: i64,
}

impl Undo {
    /// Whether the work changed nothing.
    pub fn is_empty(&self) -> bool {
        self.inverse.is_empty()
    }

    /// Its size in bytes.
    pub fn len(&self) -> usize {
        self.inverse.len()
    }
}

/// A kept safety point, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetyPointRecord {
    pub id: i64,
    /// RFC 3339.
    pub at: String,
    /// What the work was (“导入交换包：市教育局等 3 个单位”).
    pub label: String,
    pub bytes: u64,
    /// Whether it can be taken back now: the newest, with nothing written after it.
    pub open: bool,
}

/// Why a safety point cannot be taken back.
#[derive(Debug, thiserror::Error)]
pub enum TakeBackError {
    #[error("没有这个安全点（可能已被更新的导入取代）。")]
    Unknown,
    #[error("这次导入之后本机又有了新的修改、导入或导出的交换包，不能再撤销；需要时可在“备份”页恢复较早的备份。")]
    Overtaken,
    #[error("这次导入的撤销记录已被改动或损坏，不能据此撤销；数据没有任何改动。需要时可在“备份”页恢复较早的备份。")]
    Damaged,
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn log_end(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT coalesce(max(seq), 0) FROM log", [], |r| r.get(0))
}

impl Store {
    /// Runs `work` on `ctx` (which holds this store, reached by `store`),
    /// noting every row it changes, and returns what it returns with the
    /// [`Undo`] that takes it back. Changes committed by `work` before it
    /// fails stay; the record of them is then lost with the error.
    pub fn recording<C, T, E: From<StoreError>>(
        ctx: &mut C,
        store: fn(&mut C) -> &mut Store,
        work: impl FnOnce(&mut C) -> Result<T, E>,
    ) -> Result<(T, Undo), E> {
        // A second handle on the store's own connection, which never closes
        // it: the session must watch the connection the store writes
        // through, while `work` goes on borrowing the store mutably.
        // SAFETY: the connection stays open for the whole call, since `ctx`
        // (and with it the store) is borrowed until it returns; the view
        // is dropped, after the session that borrows it, before returning.
        let log_before = log_end(&store(ctx).conn).map_err(StoreError::from)?;
        let view = unsafe { Connection::from_handle(store(ctx).conn.handle()) }.map_err(StoreError::from)?;
        let mut session = Session::new(&view).map_err(StoreError::from)?;
        // The 办理数字 rows are derived, and may be brought up to date by any
        // reader after the import: they are not recorded, and are decided
        // afresh after a take-back instead.
        session.table_filter(Some(|table: &str| !crate::facts::DERIVED_TABLES.contains(&table)));
        session.attach(None::<&str>).map_err(StoreError::from)?;
        let out = work(ctx)?;
        let mut changes = Vec::new();
        session.changeset_strm(&mut changes).map_err(StoreError::from)?;
        drop(session);
        drop(view);
        let mut inverse = Vec::new();
        if !changes.is_empty() {
            invert_strm(&mut changes.as_slice(), &mut inverse).map_err(StoreError::from)?;
        }
        Ok((out, Undo { inverse, log_before }))
    }

    /// Keeps `undo` as the newest safety point, named `label`; the oldest
    /// beyond the last [`KEPT`] are forgotten.
    pub fn keep_safety_point(&mut self, label: &str, at: &str, undo: &Undo) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO safety_points (at, label, log_before, log_mark, packages_mark, undo, sha256)
             VALUES (?1, ?2, ?3, (SELECT coalesce(max(seq), 0) FROM log),
                     (SELECT coalesce(max(rowid), 0) FROM packages), ?4, ?5)",
            (at, label, undo.log_before, &undo.inverse, sha256_hex(&undo.inverse)),
        )?;
        tx.execute(
            "DELETE FROM safety_points WHERE id NOT IN (SELECT id FROM safety_points ORDER BY id DESC LIMIT ?1)",
            [KEPT],
        )?;
        Ok(tx.commit()?)
    }

    /// The safety points kept, newest first.
    pub fn safety_points(&self) -> Result<Vec<SafetyPointRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, label, length(undo),
                    id = (SELECT max(id) FROM safety_points)
                    AND log_mark = (SELECT coalesce(max(seq), 0) FROM log)
                    AND NOT EXISTS (SELECT 1 FROM packages WHERE rowid > packages_mark)
             FROM safety_points ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(SafetyPointRecord { id: r.get(0)?, at: r.get(1)?, label: r.get(2)?, bytes: r.get(3)?, open: r.get(4)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Takes the work of safety point `id` back, in one transaction: every
    /// row it changed as it was before. Refused, with nothing changed, where
    /// it is not the newest, where anything was written after it, or where a
    /// row it touched has changed since.
    pub fn take_back(&mut self, id: i64) -> Result<()> {
        let point = self.safety_points()?.into_iter().find(|p| p.id == id).ok_or(TakeBackError::Unknown)?;
        if !point.open {
            return Err(TakeBackError::Overtaken.into());
        }
        // Every row goes back exactly as the record says: no cascade may
        // delete a row the record puts back itself (a proposal's links go
        // with it otherwise). The references are checked before committing.
        self.conn.pragma_update(None, "foreign_keys", false)?;
        let taken = self.put_back(id);
        let restored = self.conn.pragma_update(None, "foreign_keys", true);
        taken?;
        Ok(restored?)
    }

    fn put_back(&mut self, id: i64) -> Result<()> {
        let tx = self.conn.transaction()?;
        let (undo, sha256, log_before): (Vec<u8>, String, i64) = tx
            .query_row("SELECT undo, sha256, log_before FROM safety_points WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?
            .ok_or(TakeBackError::Unknown)?;
        // Only the record kept with the import, as kept: a damaged one can
        // make SQLite's reader of it loop, and an altered one undo more.
        if undo.is_empty() || sha256_hex(&undo) != sha256 {
            return Err(TakeBackError::Damaged.into());
        }
        // The rows the import appended to the log go with it, in this
        // transaction only (see the log's triggers).
        tx.execute("INSERT INTO log_take_back (id) VALUES (1)", [])?;
        // Any conflict means a row moved since: nothing is put back.
        tx.apply_strm(&mut undo.as_slice(), None::<fn(&str) -> bool>, |_: ConflictType, _| {
            ConflictAction::SQLITE_CHANGESET_ABORT
        })
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::OperationAborted => {
                StoreError::from(TakeBackError::Overtaken)
            }
            // A record that does not read as one.
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(f.code, rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) =>
            {
                StoreError::from(TakeBackError::Damaged)
            }
            other => other.into(),
        })?;
        tx.execute("DELETE FROM log_take_back", [])?;
        // Whoever remembers how far the log runs unbroken must count again.
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('log_taken_back', '1')
             ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
            [],
        )?;
        // Taken back means the log ends where the import found it.
        if log_end(&tx)? != log_before {
            return Err(TakeBackError::Damaged.into());
        }
        tx.execute("DELETE FROM safety_points WHERE id >= ?1", [id])?;
        tx.execute("INSERT OR IGNORE INTO facts_stale SELECT id FROM proposals", [])?;
        let dangling: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
        if dangling > 0 {
            return Err(TakeBackError::Overtaken.into());
        }
        Ok(tx.commit()?)
    }
}
