//! Opening the database file and running writes as transactions.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::oplog::LogNames;
use crate::writer::{Indexing, Writer};
use crate::{materialize, migrations, search, Hlc, Reader, Result, StoreError};

/// The page cache of a bulk transaction, and of every other, in KiB (as
/// `PRAGMA cache_size` takes a negative number).
const BULK_CACHE_KIB: i64 = -65536;
const DEFAULT_CACHE_KIB: i64 = -2000;

/// An open Tian database.
pub struct Store {
    pub(crate) conn: Connection,
    origin: String,
    clock: Hlc,
    /// Proposals whose search documents a bulk transaction will rebuild
    /// once, at its end, rather than after each of its actions.
    reindex_later: std::collections::BTreeSet<String>,
    /// The log's numbers for names and records the transaction under way
    /// has looked up or made, kept from one action to the next inside a bulk
    /// transaction (see [`catch_up`]).
    names: LogNames,
}

impl Store {
    /// Opens (or creates) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_inner(path).map_err(|e| match e {
            // SQLite cannot create its journal files beside a database in a
            // read-only place and says only "unable to open"; say why.
            StoreError::Sqlite(_) | StoreError::Open { .. } if !folder_is_writable(path) => StoreError::ReadOnly,
            other => other,
        })
    }

    fn open_inner(path: &Path) -> Result<Store> {
        let mut conn = Connection::open(path).map_err(|source| StoreError::Open { path: path.to_owned(), source })?;
        // A second window or CLI run waits for the first one's write instead of failing at once.
        conn.busy_timeout(Duration::from_secs(5))?;
        // A write runs some forty distinct statements (the log, the tables,
        // the stage and class settled, the index); rusqlite keeps 16 by
        // default, so they pushed each other out and were parsed afresh
        // each time: a quarter of the time of generating or importing.
        conn.set_prepared_statement_cache_capacity(256);
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // Each action inside a bulk transaction (and every statement inside
        // a transaction) keeps a journal of the pages it changes, to roll
        // back to; in memory rather than in temporary files.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        migrations::migrate(&mut conn)?;
        // What this connection remembers of the log between exports
        // ([`Reader::contiguous`]); never in the file.
        conn.execute_batch(
            "CREATE TEMP TABLE contiguous_memo (origin INTEGER PRIMARY KEY, through INTEGER NOT NULL);
             CREATE TEMP TABLE contiguous_mark (
                 id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, origin INTEGER NOT NULL,
                 origin_seq INTEGER NOT NULL, taken_back INTEGER NOT NULL);",
        )?;
        // A row there outside the transaction that takes an import back
        // could only have been put there by hand: the log is append-only again.
        if conn.query_row("SELECT EXISTS (SELECT 1 FROM log_take_back)", [], |r| r.get(0))? {
            conn.execute("DELETE FROM log_take_back", [])?;
        }
        materialize::rank_sessions(&conn)?;
        search::build_if_missing(&conn)?;
        let origin = Self::origin_of(&mut conn)?;
        let clock = Self::latest_stamp(&conn)?;
        Ok(Store { conn, origin, clock, reindex_later: Default::default(), names: Default::default() })
    }

    /// Whether the database file at `path`, from outside this installation
    /// (a backup file), brought up to date, holds exactly the tables,
    /// indexes, views and triggers this program makes. A file with any of
    /// its own (a trigger would run on the clerk's every write) is not a
    /// Tian workspace. The file is migrated in place: it must be a copy.
    pub fn schema_is_ours(path: &Path) -> Result<bool> {
        let mut candidate =
            Connection::open(path).map_err(|source| StoreError::Open { path: path.to_owned(), source })?;
        migrations::migrate(&mut candidate)?;
        let mut fresh = Connection::open_in_memory()?;
        migrations::migrate(&mut fresh)?;
        let schema = |conn: &Connection| -> Result<Vec<(String, String, Option<String>)>> {
            let mut stmt = conn.prepare(
                "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                 ORDER BY type, name",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        Ok(schema(&candidate)? == schema(&fresh)?)
    }

    /// The newest clock stamp in the log: the clock never issues one below it.
    fn latest_stamp(conn: &Connection) -> Result<Hlc> {
        Ok(conn
            .query_row(
                "SELECT hlc_wall, hlc_counter FROM log ORDER BY hlc_wall DESC, hlc_counter DESC LIMIT 1",
                [],
                |r| Ok(Hlc { wall_ms: r.get(0)?, counter: r.get(1)? }),
            )
            .optional()?
            .unwrap_or_default())
    }

    /// This installation's name in the op log, made once when the file is created.
    fn origin_of(conn: &mut Connection) -> Result<String> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<String> =
            tx.query_row("SELECT value FROM meta WHERE key = 'origin'", [], |r| r.get(0)).optional()?;
        let origin = match existing {
            Some(origin) => origin,
            None => {
                let origin = uuid::Uuid::new_v4().simple().to_string();
                tx.execute("INSERT INTO meta (key, value) VALUES ('origin', ?1)", [&origin])?;
                origin
            }
        };
        tx.commit()?;
        Ok(origin)
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Whether nothing was ever written: a new database, to be filled with default data.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(!self.conn.query_row("SELECT EXISTS (SELECT 1 FROM log)", [], |r| r.get(0))?)
    }

    /// The schema version the file is at.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT max(version) FROM schema_migrations", [], |r| r.get(0))?)
    }

    /// Stores a local setting of this installation; settings are not records
    /// and do not travel in exchange packages.
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )?;
        Ok(())
    }

    /// Writes a consistent snapshot of the database at `source` to `target`
    /// with SQLite's `VACUUM INTO`, on a read-only connection of its own:
    /// whoever has the workspace open carries on meanwhile. The copy holds
    /// no free pages (a workspace that once held far more compressed to a
    /// backup that then inflated past any sane ratio, and was refused as a
    /// bomb) and is one file, not in WAL mode (in which merely reading it
    /// would leave -wal and -shm files beside it).
    pub fn snapshot(source: &Path, target: &Path) -> Result<()> {
        let from = Connection::open_with_flags(source, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| StoreError::Open { path: source.to_owned(), source: e })?;
        // Another program may hold the file a moment: up to five seconds.
        from.busy_timeout(Duration::from_secs(5))?;
        let target_text = target.to_str().ok_or_else(|| StoreError::Open {
            path: target.to_owned(),
            source: rusqlite::Error::InvalidPath(target.to_owned()),
        })?;
        from.execute("VACUUM INTO ?1", [target_text])?;
        drop(from);
        let dest = Connection::open(target).map_err(|source| StoreError::Open { path: target.to_owned(), source })?;
        dest.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
    }

    /// Replaces the whole database with the snapshot at `source`, in one
    /// transaction on the live file: a crash midway leaves the old state.
    ///
    /// The restored workspace continues under a new origin: the sequence
    /// numbers issued after the snapshot may already be at other
    /// installations, and reusing them would make new changes look like ones
    /// they already have.
    pub fn restore_from(&mut self, source: &Path) -> Result<()> {
        self.conn.restore(rusqlite::MAIN_DB, source, None::<fn(rusqlite::backup::Progress)>)?;
        migrations::migrate(&mut self.conn)?;
        materialize::rank_sessions(&self.conn)?;
        search::build_if_missing(&self.conn)?;
        let origin = uuid::Uuid::new_v4().simple().to_string();
        self.conn.execute("UPDATE meta SET value = ?1 WHERE key = 'origin'", [&origin])?;
        self.origin = origin;
        self.clock = self.clock.max(Self::latest_stamp(&self.conn)?);
        Ok(())
    }

    pub fn read(&self) -> Reader<'_> {
        Reader { conn: &self.conn }
    }

    /// Whether the file is in WAL mode, in which readers on other
    /// connections go on beside a writer. A file system that cannot share
    /// the WAL index (some network shares) leaves the file in its old mode.
    pub fn in_wal_mode(&self) -> Result<bool> {
        let mode: String = self.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        Ok(mode.eq_ignore_ascii_case("wal"))
    }

    /// Runs `f`, whose reads then all see one state of the database. Each
    /// read on its own takes and drops the file's lock and checks for
    /// others' changes: judging a package of 10,000 changes reads some 1,700
    /// times, and a fifth of that step went on the locks.
    pub fn in_one_read<T, E: From<StoreError>>(&self, f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        // Inside a bulk transaction every read sees one state already.
        if !self.conn.is_autocommit() {
            return f();
        }
        // Rolled back when dropped: nothing in it is written.
        let _read = self.conn.unchecked_transaction().map_err(StoreError::from)?;
        f()
    }

    /// Opens one transaction for many actions (the data generator's), where
    /// committing each would cost a write to disk apiece. Each action run
    /// inside it is a savepoint and keeps its own place in the log. End it
    /// with [`Store::end_bulk`].
    pub fn begin_bulk(&mut self) -> Result<()> {
        self.reindex_later.clear();
        // A bulk transaction changes far more pages than SQLite's default
        // 2 MB cache holds; spilled to the log mid-transaction, they were
        // read back again and again.
        self.conn.pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        if let Err(e) = self.conn.execute_batch("BEGIN IMMEDIATE") {
            // No bulk transaction, so no end_bulk to give the cache back.
            let _ = self.conn.pragma_update(None, "cache_size", DEFAULT_CACHE_KIB);
            return Err(e.into());
        }
        catch_up(&self.conn, &mut self.clock, &mut self.names)
    }

    /// Merges the search index after bulk work that indexed thousands of
    /// documents ([`search::tidy`]), so later small writes stay small.
    pub fn tidy_search(&mut self) -> Result<()> {
        search::tidy(&self.conn)
    }

    /// Commits the bulk transaction, or rolls all of it back.
    pub fn end_bulk(&mut self, commit: bool) -> Result<()> {
        let ended = self.finish_bulk(commit);
        let restored = self.conn.pragma_update(None, "cache_size", DEFAULT_CACHE_KIB);
        // What happened to the transaction matters more than the cache.
        ended?;
        Ok(restored?)
    }

    fn finish_bulk(&mut self, commit: bool) -> Result<()> {
        let pending = std::mem::take(&mut self.reindex_later);
        if commit {
            let indexed = search::reindex(&self.conn, search::Owner::Proposal, pending.iter().map(String::as_str));
            if indexed.is_ok() {
                return Ok(self.conn.execute_batch("COMMIT")?);
            }
            self.conn.execute_batch("ROLLBACK")?;
            return indexed;
        }
        Ok(self.conn.execute_batch("ROLLBACK")?)
    }

    /// Runs the action `f`, named `action`, in one immediate transaction as
    /// `actor`: all of its writes land, or none of them.
    pub fn transact<T, E: From<StoreError>>(
        &mut self,
        actor: &str,
        action: &str,
        f: impl FnOnce(&mut Writer) -> Result<T, E>,
    ) -> Result<T, E> {
        self.run(actor, action, true, f)
    }

    /// Runs the action `f` exactly as [`Store::transact`] would, then rolls
    /// it back: what `f` returns describes what the action would do.
    pub fn rehearse<T, E: From<StoreError>>(
        &mut self,
        actor: &str,
        action: &str,
        f: impl FnOnce(&mut Writer) -> Result<T, E>,
    ) -> Result<T, E> {
        self.run(actor, action, false, f)
    }

    fn run<T, E: From<StoreError>>(
        &mut self,
        actor: &str,
        action: &str,
        commit: bool,
        f: impl FnOnce(&mut Writer) -> Result<T, E>,
    ) -> Result<T, E> {
        // Inside a bulk transaction each action is a savepoint: it keeps its
        // own batch and name in the log, and the file is written once.
        let nested = !self.conn.is_autocommit();
        let tx = if !nested {
            self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map(Scope::Transaction)
        } else {
            self.conn.savepoint().map(Scope::Savepoint)
        }
        .map_err(StoreError::from)?;
        if !nested {
            catch_up(&tx, &mut self.clock, &mut self.names)?;
        }
        let mut clock = self.clock;
        // The log's numbers for names go with the writer and come back only
        // if its writes stay: a rolled-back action takes the numbers it made.
        let names = std::mem::take(&mut self.names);
        // Inside a bulk transaction the search documents wait for its end.
        let (out, names, deferred) = {
            let indexing = match (commit, nested) {
                (false, _) => Indexing::Never,
                (true, true) => Indexing::AtTheEnd,
                (true, false) => Indexing::Now,
            };
            let mut writer = Writer::new(&tx, &self.origin, actor, action, &mut clock, names, indexing)?;
            let out = f(&mut writer)?;
            writer.settle()?;
            let deferred = writer.take_deferred();
            (out, writer.into_names(), deferred)
        };
        if !commit {
            tx.finish(false).map_err(StoreError::from)?;
            return Ok(out);
        }
        tx.finish(true).map_err(StoreError::from)?;
        self.reindex_later.extend(deferred);
        // Only a committed transaction moves the clock on.
        self.clock = clock;
        self.names = names;
        Ok(out)
    }
}

/// At the start of a transaction: another program on the same file (a
/// second window, the command line, a restore) may have written since this
/// one last did, or this one's last transaction failed. The clock moves past
/// the log's newest stamp, so that this installation's next write is its
/// field's newest here as everywhere, and the log's numbers for names are
/// looked up afresh.
fn catch_up(conn: &Connection, clock: &mut Hlc, names: &mut LogNames) -> Result<()> {
    *names = LogNames::default();
    *clock = (*clock).max(Store::latest_stamp(conn)?);
    Ok(())
}

/// The transaction of one action, or its savepoint inside a bulk transaction.
enum Scope<'c> {
    Transaction(rusqlite::Transaction<'c>),
    Savepoint(rusqlite::Savepoint<'c>),
}

impl std::ops::Deref for Scope<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        match self {
            Scope::Transaction(tx) => tx,
            Scope::Savepoint(sp) => sp,
        }
    }
}

impl Scope<'_> {
    fn finish(self, commit: bool) -> rusqlite::Result<()> {
        match (self, commit) {
            (Scope::Transaction(tx), true) => tx.commit(),
            (Scope::Transaction(tx), false) => tx.rollback(),
            (Scope::Savepoint(sp), true) => sp.commit(),
            // Dropping a savepoint rolls it back and releases it.
            (Scope::Savepoint(_), false) => Ok(()),
        }
    }
}

/// Whether files can be created in the folder holding `path`.
fn folder_is_writable(path: &Path) -> bool {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let probe = folder.join(format!(".tian-write-probe-{}", std::process::id()));
    let writable = std::fs::File::create(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    writable
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProposalField;

    #[test]
    fn a_workspace_says_whether_a_backup_can_read_beside_its_writes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("tian.db")).unwrap();
        assert!(store.in_wal_mode().unwrap(), "a workspace is opened in WAL mode");
        store.conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        assert!(!store.in_wal_mode().unwrap(), "one its file system kept in rollback mode says so");
    }

    #[test]
    fn a_write_that_fails_halfway_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("tian.db")).unwrap();
        let clock_before = store.clock;
        let err: Result<bool> = store.transact("张三", "测试", |w| {
            w.set(ProposalField::Title, "十三届五次/0069", "标题".into())?;
            w.set(ProposalField::Stage, "十三届五次/0069", "不是阶段".into())
        });
        assert!(matches!(err, Err(StoreError::BadValue { .. })));
        assert!(store.is_empty().unwrap());
        let rows: i64 = store.conn.query_row("SELECT count(*) FROM proposals", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 0);
        assert_eq!(store.clock, clock_before);
    }

    #[test]
    fn actions_in_a_bulk_transaction_keep_their_names_and_land_or_fail_together() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("tian.db")).unwrap();
        let title = |store: &mut Store, action: &str, title: &str| {
            store.transact("张三", action, |w| w.set(ProposalField::Title, "十三届五次/0069", title.into()))
        };
        store.begin_bulk().unwrap();
        title(&mut store, "第一步", "甲").unwrap();
        title(&mut store, "第二步", "乙").unwrap();
        store.end_bulk(true).unwrap();
        let actions: Vec<(i64, String)> = store
            .conn
            .prepare("SELECT DISTINCT batch, action FROM ops ORDER BY batch")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(actions.iter().map(|a| a.1.as_str()).collect::<Vec<_>>(), ["第一步", "第二步"]);
        assert_ne!(actions[0].0, actions[1].0, "each action is its own batch");
        let search = |store: &Store, text: &str| {
            let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
            let query = crate::SearchQuery { text: text.into(), limit: 10, ..Default::default() };
            store.read().search(&query, crate::OverdueStarts { reply: day, rehandling: day, today: day }).unwrap().len()
        };
        assert_eq!((search(&store, "乙"), search(&store, "甲")), (1, 0), "the index is rebuilt once, at the end");

        store.begin_bulk().unwrap();
        title(&mut store, "第三步", "丙").unwrap();
        let failed: Result<bool> = store
            .transact("张三", "第四步", |w| w.set(ProposalField::Stage, "十三届五次/0069", "不是阶段".into()));
        assert!(failed.is_err());
        // As the generator does when a step fails: the whole bulk is given up.
        store.end_bulk(false).unwrap();
        let (ops, now): (i64, String) = store
            .conn
            .query_row("SELECT (SELECT count(*) FROM ops), title FROM proposals", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!((ops, now.as_str()), (2, "乙"), "the step that landed before the failure is undone too");
    }

    #[test]
    fn names_made_by_an_action_that_failed_are_not_used_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("tian.db")).unwrap();
        let id = "十三届五次/0069";
        store.begin_bulk().unwrap();
        store.transact("张三", "第一步", |w| w.set(ProposalField::Title, id, "甲".into())).unwrap();
        // A new author and action, numbered inside a savepoint that is then rolled back.
        let failed: Result<bool> = store.transact("王五", "第二步", |w| {
            w.set(ProposalField::Title, id, "乙".into())?;
            w.set(ProposalField::Stage, id, "不是阶段".into())
        });
        assert!(failed.is_err());
        store.transact("王五", "第二步", |w| w.set(ProposalField::Title, id, "丙".into())).unwrap();
        store.end_bulk(true).unwrap();
        let (logged, readable): (i64, i64) = store
            .conn
            .query_row("SELECT (SELECT count(*) FROM log), (SELECT count(*) FROM ops)", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(logged, readable, "every operation names an author and action the log holds");
        let last: (String, String) = store
            .conn
            .query_row("SELECT actor, action FROM ops ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!(last, ("王五".to_owned(), "第二步".to_owned()));
    }

    #[test]
    fn a_write_stamps_past_what_another_program_wrote_to_the_same_file_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tian.db");
        let id = "十三届五次/0069";
        let mut window = Store::open(&path).unwrap();
        window.transact("张三", "导入", |w| w.set(ProposalField::Title, id, "甲".into())).unwrap();
        // The command line, on the same file, imports a change a unit's
        // clock stamped an hour ahead (within the allowed skew).
        let mut command_line = Store::open(&path).unwrap();
        let ahead = Hlc { wall_ms: Hlc::now_ms() + 3_600_000, counter: 0 };
        let foreign = crate::Operation {
            origin: "f".repeat(32),
            origin_seq: 1,
            hlc: ahead,
            target: crate::ProposalField::Title.into(),
            entity_id: id.into(),
            value: "乙".into(),
            prev_value: None,
            actor: "李四".into(),
            batch: 1,
            action: "导入交换包".into(),
            base: vec![],
            via: None,
        };
        command_line.transact("王五", "导入交换包", |w| w.apply_remote(&[&foreign], |_| ())).unwrap();
        window.transact("张三", "修改标题", |w| w.set(ProposalField::Title, id, "丙".into())).unwrap();
        let (stamp, shown): (i64, String) = window
            .conn
            .query_row(
                "SELECT (SELECT hlc_wall FROM ops WHERE actor = '张三' ORDER BY seq DESC LIMIT 1), title FROM proposals",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert!(stamp >= ahead.wall_ms, "the window's write is the newest by the clock, as every peer will judge");
        assert_eq!(shown, "丙");
    }
}
