//! 交换的记账: what the store keeps for the exchange besides the log:
//! trusted peers and their keys (revoked ones kept, so the history still
//! names them), which origin belongs to whom, what each side has
//! acknowledged, the history of packages, the operations refused, and the
//! conflicts the clerk is shown.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::fields::{Entity, Target};
use crate::merge::{field_ops, heads};
use crate::oplog::{FieldRef, Operation, SentOperation, OP_COLUMNS};
use crate::{Reader, Result, Writer};

/// One of the disagreeing values of a conflicted field.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct HeadValue {
    pub origin: String,
    #[ts(type = "number")]
    pub origin_seq: i64,
    pub actor: String,
    /// When it was written, milliseconds since 1970 by the writer's clock.
    #[ts(type = "number")]
    pub at_ms: i64,
    #[ts(type = "unknown")]
    pub value: Value,
    /// Whether this is the value the tables show meanwhile.
    pub shown: bool,
}

/// A conflicted field with its values.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FieldConflict {
    pub field: FieldRef,
    /// The proposal the field belongs to (itself, or its record's).
    pub proposal_id: String,
    pub values: Vec<HeadValue>,
}

/// One row of the exchange history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PackageRecord {
    pub id: String,
    /// "sent" or "received".
    pub direction: String,
    pub peer: String,
    pub file_name: String,
    /// Local time, RFC 3339.
    pub at: String,
    pub operations: u32,
    pub applied: u32,
    pub refused: u32,
    pub attachments: u32,
    pub summary: String,
    /// A sent package: per origin, the last operation it carried.
    #[ts(type = "Record<string, number>")]
    pub carried: BTreeMap<String, i64>,
    /// A sent package: whether the recipient's 回执 has confirmed all it
    /// carried; `None` for one received, one that carried no change (回执
    /// only), or one sent before Tian kept this.
    pub confirmed: Option<bool>,
    /// 第N号: its number between this pair of installations; `None` for a
    /// package made before packages were numbered.
    pub number: Option<u32>,
    /// A received package: the numbers of our packages its sender had
    /// received when it made it.
    pub receipt: Vec<NumberRange>,
}

/// 第m–n号: a run of package numbers between one pair of installations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NumberRange {
    pub from: u32,
    pub through: u32,
}

impl NumberRange {
    /// The runs `numbers` make (in any order, repeats allowed).
    pub fn runs(numbers: impl IntoIterator<Item = u32>) -> Vec<NumberRange> {
        let mut sorted: Vec<u32> = numbers.into_iter().collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut runs: Vec<NumberRange> = Vec::new();
        for n in sorted {
            match runs.last_mut() {
                Some(run) if run.through.checked_add(1) == Some(n) => run.through = n,
                _ => runs.push(NumberRange { from: n, through: n }),
            }
        }
        runs
    }

    /// The numbers from 1 through `last` that `held` lacks, as runs. Worked
    /// on the runs, never number by number: a receipt is a sender's word,
    /// and may claim 第1–4000000000号.
    pub fn gaps(held: &[NumberRange], last: u32) -> Vec<NumberRange> {
        let mut held: Vec<NumberRange> = held.iter().copied().filter(|r| r.from <= r.through).collect();
        held.sort_unstable();
        let mut gaps = Vec::new();
        let mut next = 1u32;
        for run in held {
            if next > last {
                break;
            }
            if run.from > next {
                gaps.push(NumberRange { from: next, through: (run.from - 1).min(last) });
            }
            next = next.max(run.through.saturating_add(1));
            if run.through == u32::MAX {
                return gaps;
            }
        }
        if next <= last {
            gaps.push(NumberRange { from: next, through: last });
        }
        gaps
    }

    /// The numbers below the highest of `arrived` that never arrived, as runs.
    pub fn missing(arrived: &[u32]) -> Vec<NumberRange> {
        let last = arrived.iter().copied().max().unwrap_or(0);
        NumberRange::gaps(&NumberRange::runs(arrived.iter().copied()), last)
    }

    /// Whether `n` is in one of `runs`.
    pub fn holds(runs: &[NumberRange], n: u32) -> bool {
        runs.iter().any(|r| r.from <= n && n <= r.through)
    }
}

/// A trusted installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeerRecord {
    pub fingerprint: String,
    pub name: String,
    /// "committee" or "unit".
    pub role: String,
    pub public_key: String,
    pub trusted_at: String,
    /// 吊销时间: set when the clerk revoked the key; packages it signs are refused.
    pub revoked_at: Option<String>,
}

impl Writer<'_> {
    /// Remembers that `fingerprint` speaks for `origin`, unless someone already does.
    pub fn bind_origin(&mut self, origin: &str, fingerprint: &str) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO origin_owners (origin, peer) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?
            .execute((origin, fingerprint))?;
        Ok(())
    }

    /// What `peer` has confirmed holding from us.
    pub fn set_acknowledged(
        &mut self,
        peer: &str,
        through: &BTreeMap<String, i64>,
        proposals: &[String],
    ) -> Result<()> {
        // A peer cannot hold more of an origin than there is: a claim past
        // the end would only stop our exports to it, and a claim of an
        // origin we hold nothing of is no claim (nor a row kept for it).
        for (origin, seq) in through {
            self.tx
                .prepare_cached(
                    "INSERT INTO sync_acked (peer, origin, through)
                 SELECT ?1, ?2, held FROM (SELECT min(?3, coalesce((SELECT max(origin_seq) FROM log WHERE origin = (SELECT id FROM log_names WHERE name = ?2)), 0)) AS held)
                 WHERE held > 0
                 ON CONFLICT (peer, origin) DO UPDATE SET through = excluded.through
                 WHERE excluded.through > sync_acked.through",
                )?
                .execute((peer, origin, seq))?;
        }
        // A proposal moved back is resent whole until the peer acknowledges
        // a package that covers the move; until then its claim to hold the
        // proposal whole dates from before it was away.
        self.tx.prepare_cached("DELETE FROM sync_resend WHERE peer = ?1
             AND through <= coalesce((SELECT through FROM sync_acked a WHERE a.peer = ?1 AND a.origin = sync_resend.origin), 0)")?.execute([peer],
        )?;
        for id in proposals {
            self.tx
                .prepare_cached(
                    "INSERT INTO sync_acked_proposals (peer, proposal_id)
                 SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM sync_resend WHERE peer = ?1 AND proposal_id = ?2)
                 ON CONFLICT DO NOTHING",
                )?
                .execute((peer, id))?;
        }
        Ok(())
    }

    /// Extends what we hold from `peer`'s origin with a range a package
    /// covered, if it joins on to what we held. Where changes are held to
    /// `bounded_steps` ([`crate::IncomingLimits`]), a range further past the
    /// origin's changes we hold than a change may be numbered is not
    /// believed: it would stop us asking for the origin's changes for good.
    pub fn cover(&mut self, peer: &str, origin: &str, after: i64, through: i64, bounded_steps: bool) -> Result<()> {
        let held = Reader { conn: self.tx }.covered(peer)?.get(origin).copied().unwrap_or(0);
        let believable = !bounded_steps
            || through <= crate::oplog::last_seq(self.tx, origin)?.saturating_add(crate::incoming::MAX_SEQ_STEP);
        if after <= held && through > held && believable {
            self.tx
                .prepare_cached(
                    "INSERT INTO sync_covered (peer, origin, through) VALUES (?1, ?2, ?3)
                 ON CONFLICT (peer, origin) DO UPDATE SET through = excluded.through",
                )?
                .execute((peer, origin, through))?;
        }
        Ok(())
    }

    /// 改办: `proposal` moved away from the units `removed` and to `added`,
    /// in an action whose own operations are in the log already. A unit it
    /// left is sent that change and nothing after; a unit it came back to
    /// is sent it whole, since ranges it acknowledged while away covered
    /// changes it never received.
    pub fn reassigned(&mut self, proposal: &str, removed: &[String], added: &[String]) -> Result<()> {
        for (unit, table, other) in removed
            .iter()
            .map(|u| (u, "sync_released", "sync_resend"))
            .chain(added.iter().map(|u| (u, "sync_resend", "sync_released")))
        {
            // `table` and `other` are the two literals above, never caller text.
            self.tx.execute(
                &format!(
                    "DELETE FROM {other} WHERE proposal_id = ?2
                     AND peer IN (SELECT fingerprint FROM peers WHERE name = ?1)"
                ),
                (unit, proposal),
            )?;
            self.tx
                .prepare_cached(
                    "DELETE FROM sync_acked_proposals
                 WHERE proposal_id = ?2 AND peer IN (SELECT fingerprint FROM peers WHERE name = ?1)",
                )?
                .execute((unit, proposal))?;
            self.tx.execute(
                &format!(
                    "INSERT INTO {table} (peer, proposal_id, origin, through)
                     SELECT fingerprint, ?2, ?3, (SELECT coalesce(max(origin_seq), 0) FROM log WHERE origin = (SELECT id FROM log_names WHERE name = ?3))
                     FROM peers WHERE name = ?1 AND role = 'unit'
                     ON CONFLICT (peer, proposal_id) DO UPDATE SET origin = excluded.origin, through = excluded.through"
                ),
                (unit, proposal, self.origin),
            )?;
        }
        Ok(())
    }

    /// Records that we hold `proposal` from `peer` with its whole history.
    pub fn hold_whole(&mut self, peer: &str, proposal: &str) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO sync_held (peer, proposal_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?
            .execute((peer, proposal))?;
        Ok(())
    }

    pub fn record_package(&mut self, record: &PackageRecord) -> Result<()> {
        let carried = (record.direction == "sent").then(|| serde_json::to_string(&record.carried)).transpose()?;
        let receipt = (record.direction == "received").then(|| serde_json::to_string(&record.receipt)).transpose()?;
        self.tx.prepare_cached("INSERT INTO packages (id, direction, peer, file_name, at, operations, applied, refused, attachments, summary, carried, number, receipt)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT (id, direction) DO UPDATE SET at = excluded.at, applied = packages.applied + excluded.applied
             WHERE excluded.applied > 0")?.execute((
                &record.id,
                &record.direction,
                &record.peer,
                &record.file_name,
                &record.at,
                record.operations,
                record.applied,
                record.refused,
                record.attachments,
                &record.summary,
                carried,
                record.number,
                receipt,
            ),
        )?;
        Ok(())
    }

    /// Keeps a refused operation of `peer`'s package for the history and
    /// for the 回执 that tells `peer` to withdraw it. Its strings are the
    /// sender's: kept cut short, so a huge value cannot swell the database;
    /// `with_value` false keeps none of the value (beyond the changes an
    /// import lists, a package's refusals are kept by what they wrote only).
    pub fn refuse(
        &mut self,
        package_id: &str,
        peer: &str,
        op: &SentOperation,
        reason: &str,
        with_value: bool,
    ) -> Result<()> {
        let cut = |text: &str, max: usize| text.chars().take(max).collect::<String>();
        let value = if with_value { cut(&op.value.to_string(), 200) } else { String::new() };
        self.tx
            .prepare_cached(
                "INSERT INTO refused_ops (package_id, origin, origin_seq, entity, entity_id, field, value, reason, peer)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING",
            )?
            .execute((
                package_id,
                cut(&op.origin, 100),
                op.origin_seq,
                cut(&op.entity, 100),
                cut(&op.entity_id, 300),
                cut(&op.field, 100),
                value,
                cut(reason, 300),
                peer,
            ))?;
        Ok(())
    }
}

impl crate::Store {
    /// Trusts `peer`. A key is trusted under one name for good: the same key
    /// under another name, a revoked key, or a second key for a name already
    /// trusted is refused (a new key replaces an old one only through
    /// [`crate::Store::replace_peer`]).
    pub fn trust(&mut self, peer: &PeerRecord) -> Result<(), TrustError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        check_trust(&tx, peer)?;
        insert_peer(&tx, peer)?;
        tx.commit()?;
        Ok(())
    }

    /// 吊销密钥: packages signed by the key with `fingerprint` are refused
    /// from now on; what it brought before stays, marked as its.
    pub fn revoke_peer(&mut self, fingerprint: &str, at: &str) -> Result<PeerRecord, TrustError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let peer = Reader { conn: &tx }.peer(fingerprint)?.ok_or(TrustError::UnknownKey)?;
        if peer.revoked_at.is_some() {
            return Err(TrustError::Revoked { name: peer.name });
        }
        tx.prepare_cached("UPDATE peers SET revoked_at = ?2 WHERE fingerprint = ?1")?.execute((fingerprint, at))?;
        tx.commit()?;
        Ok(peer)
    }

    /// 更换密钥: revokes `old`'s key and trusts `new` under the same name and
    /// role in one step. The origins the old key spoke for pass to the new
    /// one, so an installation that made itself a new key carries on.
    pub fn replace_peer(&mut self, old: &str, new: &PeerRecord) -> Result<PeerRecord, TrustError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let previous = Reader { conn: &tx }.peer(old)?.ok_or(TrustError::UnknownKey)?;
        if previous.revoked_at.is_some() {
            return Err(TrustError::Revoked { name: previous.name });
        }
        if previous.name != new.name || previous.role != new.role {
            return Err(TrustError::NotTheSame { old: previous.name, new: new.name.clone() });
        }
        tx.prepare_cached("UPDATE peers SET revoked_at = ?2, replaced_by = ?3 WHERE fingerprint = ?1")?.execute((
            old,
            &new.trusted_at,
            &new.fingerprint,
        ))?;
        check_trust(&tx, new)?;
        insert_peer(&tx, new)?;
        tx.prepare_cached("UPDATE origin_owners SET peer = ?2 WHERE peer = ?1")?.execute((old, &new.fingerprint))?;
        tx.commit()?;
        Ok(previous)
    }
}

fn check_trust(tx: &Connection, peer: &PeerRecord) -> Result<(), TrustError> {
    let read = Reader { conn: tx };
    if let Some(known) = read.peer(&peer.fingerprint)? {
        return Err(match (known.revoked_at, known.name == peer.name) {
            (Some(_), _) => TrustError::Revoked { name: known.name },
            (None, true) => TrustError::AlreadyTrusted { name: known.name },
            (None, false) => TrustError::KnownUnderOtherName { known: known.name, claimed: peer.name.clone() },
        });
    }
    let rival = read
        .trusted_peers()?
        .into_iter()
        .find(|p| p.name == peer.name || (peer.role == "committee" && p.role == "committee"));
    match rival {
        Some(p) => Err(TrustError::NameTaken { name: p.name, fingerprint: p.fingerprint }),
        None => Ok(()),
    }
}

fn insert_peer(tx: &Connection, peer: &PeerRecord) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO peers (fingerprint, name, role, public_key, trusted_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute((&peer.fingerprint, &peer.name, &peer.role, &peer.public_key, &peer.trusted_at))?;
    // A unit whose key is trusted is in the 单位名录.
    if peer.role == "unit" {
        tx.prepare_cached("INSERT OR IGNORE INTO units (name) VALUES (?1)")?.execute([&peer.name])?;
    }
    Ok(())
}

/// A fingerprint in groups of four, as clerks compare it.
fn grouped(fingerprint: &str) -> String {
    let chars: Vec<char> = fingerprint.chars().collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// Why a key was not trusted, revoked or replaced.
#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    #[error("已经信任“{name}”的这把密钥，无需再次信任。")]
    AlreadyTrusted { name: String },
    #[error("这把密钥已经以“{known}”的名义被信任，不能再以“{claimed}”的名义信任；同一把密钥只代表一个单位。")]
    KnownUnderOtherName { known: String, claimed: String },
    #[error("“{name}”的这把密钥已被吊销，不能再信任。")]
    Revoked { name: String },
    #[error("本机已信任“{name}”的另一把密钥（指纹 {}）；如果对方更换了密钥，请用“更换”（命令行 tian key replace），核对新指纹后替换。", grouped(fingerprint))]
    NameTaken { name: String, fingerprint: String },
    #[error("本机没有信任这把密钥。")]
    UnknownKey,
    #[error("新密钥属于“{new}”，不是“{old}”，不能用来更换。")]
    NotTheSame { old: String, new: String },
    #[error(transparent)]
    Store(#[from] crate::StoreError),
}

impl From<rusqlite::Error> for TrustError {
    fn from(e: rusqlite::Error) -> Self {
        TrustError::Store(e.into())
    }
}

/// 拒收: an operation of a peer's package we refused, and why: kept here,
/// and named in the 回执 of every package to that peer
/// (`tian_sync::Acknowledgement::refused`) for it to withdraw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RefusedOperation {
    pub origin: String,
    pub seq: i64,
    /// What it wrote, as its sender named it: a refusal withdraws only the
    /// change it names.
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub reason: String,
}

/// 已撤回: a record of ours the committee refused, as we wrote it.
#[derive(Debug, Clone)]
pub struct WithdrawnRecord<T> {
    pub proposal_id: String,
    pub record: T,
    /// Why the committee refused it.
    pub reason: String,
}

impl Reader<'_> {
    /// Every key this installation trusts or once trusted, trusted ones first.
    pub fn peers(&self) -> Result<Vec<PeerRecord>> {
        self.peers_where("1 ORDER BY revoked_at IS NOT NULL, role, name, trusted_at", [])
    }

    /// The keys whose packages this installation accepts.
    pub fn trusted_peers(&self) -> Result<Vec<PeerRecord>> {
        self.peers_where("revoked_at IS NULL ORDER BY role, name", [])
    }

    pub fn peer(&self, fingerprint: &str) -> Result<Option<PeerRecord>> {
        Ok(self.peers_where("fingerprint = ?1", [fingerprint])?.into_iter().next())
    }

    fn peers_where(&self, condition: &str, params: impl rusqlite::Params) -> Result<Vec<PeerRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT fingerprint, name, role, public_key, trusted_at, revoked_at FROM peers WHERE {condition}"
        ))?;
        let rows = stmt.query_map(params, |r| {
            Ok(PeerRecord {
                fingerprint: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                public_key: r.get(3)?,
                trusted_at: r.get(4)?,
                revoked_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The peer that speaks for `origin`, if it is not one of ours.
    pub fn origin_owner(&self, origin: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT peer FROM origin_owners WHERE origin = ?1")?
            .query_row([origin], |r| r.get(0))
            .optional()?)
    }

    /// The origins `peer` speaks for.
    pub fn origins_owned_by(&self, peer: &str) -> Result<BTreeSet<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT origin FROM origin_owners WHERE peer = ?1")?;
        let rows = stmt.query_map([peer], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Which of `origins` peers other than `peer` speak for: a package's
    /// few, looked up, not every unit's.
    pub fn owned_by_others<'o>(
        &self,
        peer: &str,
        origins: impl IntoIterator<Item = &'o str>,
    ) -> Result<BTreeSet<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT origin FROM origin_owners WHERE origin = ?1 AND peer <> ?2")?;
        let mut owned = BTreeSet::new();
        for origin in origins {
            owned.extend(stmt.query_row((origin, peer), |r| r.get::<_, String>(0)).optional()?);
        }
        Ok(owned)
    }

    /// Per origin, what `peer` has confirmed holding from us.
    pub fn acknowledged(&self, peer: &str) -> Result<BTreeMap<String, i64>> {
        self.origin_map("SELECT origin, through FROM sync_acked WHERE peer = ?1", peer)
    }

    /// Per origin, what we hold from `peer`'s packages.
    pub fn covered(&self, peer: &str) -> Result<BTreeMap<String, i64>> {
        self.origin_map("SELECT origin, through FROM sync_covered WHERE peer = ?1", peer)
    }

    fn origin_map(&self, sql: &str, peer: &str) -> Result<BTreeMap<String, i64>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([peer], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// 已撤回的记录: the records of kind `entity` this installation wrote and
    /// took back whole ([`Writer::withdraw`]), each with its proposal, as
    /// written, and the committee's reason. One that no longer reads as a
    /// `T` is left out.
    pub fn withdrawn_records<T: DeserializeOwned>(&self, entity: Entity) -> Result<Vec<WithdrawnRecord<T>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.entity_id, f.name, l.value, w.reason FROM withdrawn_ops w
             JOIN log l ON l.seq = w.seq
             JOIN log_subjects s ON s.id = l.subject
             JOIN log_names e ON e.id = s.entity
             JOIN log_names f ON f.id = l.field
             WHERE e.name = ?1 AND NOT EXISTS (SELECT 1 FROM records r WHERE r.entity = ?1 AND r.id = s.entity_id)
             ORDER BY s.entity_id, w.seq",
        )?;
        let mut rows = stmt.query([entity.name()])?;
        let mut written: Vec<(String, serde_json::Map<String, Value>, String)> = Vec::new();
        while let Some(row) = rows.next()? {
            let (id, field, value, reason): (String, String, String, String) =
                (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
            if written.last().is_none_or(|(last, _, _)| *last != id) {
                written.push((id.clone(), serde_json::Map::new(), reason));
            }
            let (_, fields, _) = written.last_mut().expect("just pushed");
            fields.insert(field, serde_json::from_str(&value)?);
        }
        Ok(written
            .into_iter()
            .filter_map(|(id, mut fields, reason)| {
                let proposal_id = fields.get("proposal_id")?.as_str()?.to_owned();
                fields.insert("id".into(), Value::String(id));
                let record = serde_json::from_value(Value::Object(fields)).ok()?;
                Some(WithdrawnRecord { proposal_id, record, reason })
            })
            .collect())
    }

    /// Whether the log holds `op` as sent, the same change under the same
    /// number: a package that sends it again changes nothing with it, and
    /// refuses nothing.
    pub fn holds_same(&self, op: &SentOperation) -> Result<bool> {
        let held: Option<(String, String, String, String)> = self
            .conn
            .prepare_cached("SELECT entity, entity_id, field, value FROM ops WHERE origin = ?1 AND origin_seq = ?2")?
            .query_row((&op.origin, op.origin_seq), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        Ok(held.is_some_and(|(entity, id, field, value)| {
            entity == op.entity
                && id == op.entity_id
                && field == op.field
                && serde_json::from_str::<Value>(&value).is_ok_and(|v| v == op.value)
        }))
    }

    /// Why each change of `origin` numbered `from..=through` was refused
    /// when `peer` sent it before, by number.
    pub fn refused_between(&self, peer: &str, origin: &str, from: i64, through: i64) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT origin_seq, reason FROM refused_ops
             WHERE peer = ?1 AND origin = ?2 AND origin_seq BETWEEN ?3 AND ?4",
        )?;
        let rows = stmt.query_map((peer, origin, from, through), |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The operations of `peer`'s packages we refused, newest first, with
    /// what each wrote (the sender's names, cut short as kept) and why.
    /// At most `limit` (the newest).
    pub fn refused_from(&self, peer: &str, limit: usize) -> Result<Vec<RefusedOperation>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT origin, origin_seq, entity, entity_id, field, reason FROM refused_ops
             WHERE peer = ?1 ORDER BY rowid DESC LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map((peer, limit), |r| {
            Ok(RefusedOperation {
                origin: r.get(0)?,
                seq: r.get(1)?,
                entity: r.get(2)?,
                entity_id: r.get(3)?,
                field: r.get(4)?,
                reason: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Proposals moved away from `peer` by 改办 (committee side), each with
    /// the origin and last sequence number of the operations it is still sent.
    pub fn released_to(&self, peer: &str) -> Result<Vec<(String, String, i64)>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT proposal_id, origin, through FROM sync_released WHERE peer = ?1")?;
        let rows = stmt.query_map([peer], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Proposals `peer` confirmed holding whole (committee side) or we hold
    /// whole from `peer` (unit side).
    pub fn whole_proposals(&self, peer: &str, acked: bool) -> Result<BTreeSet<String>> {
        let sql = if acked {
            "SELECT proposal_id FROM sync_acked_proposals WHERE peer = ?1"
        } else {
            "SELECT proposal_id FROM sync_held WHERE peer = ?1"
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([peer], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// For each origin in the log: the highest sequence number up to which
    /// this installation holds every operation.
    pub fn contiguous(&self) -> Result<BTreeMap<String, i64>> {
        // Remembered on this connection (temporary tables made when the
        // store opens it: rolled back with whatever transaction they are
        // read in), and brought forward by the rows appended since:
        // counting the whole log cost an export at a term's size 25 ms
        // twice over, whatever the package held.
        let end: Option<(i64, i64, i64)> = self
            .conn
            .prepare_cached("SELECT seq, origin, origin_seq FROM log ORDER BY seq DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let taken_back: i64 = self
            .conn
            .prepare_cached(
                "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'log_taken_back'), 0)",
            )?
            .query_row([], |r| r.get(0))?;
        // The memo holds while the row it ended at is still that row and
        // nothing was taken back since: the log is otherwise only appended to.
        let after: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT m.seq FROM temp.contiguous_mark m JOIN log l ON l.seq = m.seq
                 WHERE l.origin = m.origin AND l.origin_seq = m.origin_seq AND m.taken_back = ?1",
            )?
            .query_row([taken_back], |r| r.get(0))
            .optional()?;
        match after {
            Some(after) => {
                let touched: Vec<i64> = self
                    .conn
                    .prepare_cached("SELECT DISTINCT origin FROM log WHERE seq > ?1")?
                    .query_map([after], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                for origin in touched {
                    self.walk_on(origin)?;
                }
            }
            None => self.count_contiguous()?,
        }
        if let Some((seq, origin, origin_seq)) = end {
            self.conn
                .prepare_cached("INSERT OR REPLACE INTO temp.contiguous_mark VALUES (1, ?1, ?2, ?3, ?4)")?
                .execute((seq, origin, origin_seq, taken_back))?;
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.name, m.through FROM temp.contiguous_memo m JOIN log_names n ON n.id = m.origin",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Counts from the whole log how far each origin runs unbroken from its first operation.
    fn count_contiguous(&self) -> Result<()> {
        self.conn.execute("DELETE FROM temp.contiguous_memo", [])?;
        let rows: Vec<(i64, i64, i64)> = self
            .conn
            .prepare_cached("SELECT origin, count(*), max(origin_seq) FROM log GROUP BY origin")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        for (origin, count, max) in rows {
            let through = if count == max {
                max
            } else {
                self.conn
                    .prepare_cached(
                        "SELECT coalesce(min(o.origin_seq), 0) FROM log o WHERE o.origin = ?1
                         AND NOT EXISTS (SELECT 1 FROM log p WHERE p.origin = o.origin AND p.origin_seq = o.origin_seq + 1)",
                    )?
                    .query_row([origin], |r| r.get(0))?
            };
            // A gap before the first operation means nothing is held contiguously.
            let starts_at_one: bool = self
                .conn
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM log WHERE origin = ?1 AND origin_seq = 1)")?
                .query_row([origin], |r| r.get(0))?;
            self.conn
                .prepare_cached("INSERT INTO temp.contiguous_memo VALUES (?1, ?2)")?
                .execute((origin, if starts_at_one { through } else { 0 }))?;
        }
        Ok(())
    }

    /// Moves `origin`'s unbroken run on over the operations that follow it:
    /// each is passed over once, so the cost is what arrived.
    fn walk_on(&self, origin: i64) -> Result<()> {
        let mut through: i64 = self
            .conn
            .prepare_cached("SELECT coalesce((SELECT through FROM temp.contiguous_memo WHERE origin = ?1), 0)")?
            .query_row([origin], |r| r.get(0))?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT origin_seq FROM log WHERE origin = ?1 AND origin_seq > ?2 ORDER BY origin_seq")?;
        let mut rows = stmt.query((origin, through))?;
        while let Some(row) = rows.next()? {
            let seq: i64 = row.get(0)?;
            if seq != through + 1 {
                break;
            }
            through = seq;
        }
        self.conn
            .prepare_cached("INSERT OR REPLACE INTO temp.contiguous_memo VALUES (?1, ?2)")?
            .execute((origin, through))?;
        Ok(())
    }

    /// Every operation this installation wrote itself (its origins that no
    /// peer speaks for), in log order.
    pub fn own_operations(&self) -> Result<Vec<Operation>> {
        self.ops_where("origin NOT IN (SELECT origin FROM origin_owners)", [])
    }

    fn ops_where(&self, condition: &str, params: impl rusqlite::Params) -> Result<Vec<Operation>> {
        let mut stmt = self.conn.prepare(&format!("SELECT {OP_COLUMNS} FROM ops WHERE {condition} ORDER BY seq"))?;
        let ops = stmt.query_map(params, Operation::from_row)?;
        Ok(ops.collect::<Result<_, _>>()?)
    }

    /// Each (actor, action) that wrote to the log: a workspace whose only
    /// writer is the default-data import holds no work of its own.
    pub fn action_names(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.name, c.name FROM (SELECT DISTINCT actor, action FROM log) l
             JOIN log_names a ON a.id = l.actor JOIN log_names c ON c.id = l.action",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many fields are in conflict ([`Reader::conflicts`], counted).
    pub fn conflict_count(&self) -> Result<u32> {
        Ok(self.conn.prepare_cached("SELECT count(*) FROM conflicts")?.query_row([], |r| r.get(0))?)
    }

    /// Every conflicted field with its disagreeing values.
    pub fn conflicts(&self) -> Result<Vec<FieldConflict>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.entity, c.entity_id, c.field, CASE WHEN c.entity = 'proposal' THEN c.entity_id ELSE coalesce(r.proposal_id, '') END
             FROM conflicts c LEFT JOIN records r ON r.entity = c.entity AND r.id = c.entity_id
             ORDER BY 4, c.entity, c.entity_id, c.field",
        )?;
        let rows: Vec<(String, String, String, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for (entity, entity_id, field, proposal_id) in rows {
            let field = FieldRef { target: Target::named(&entity, &field)?, entity_id };
            let heads = heads(field_ops(self.conn, &field)?);
            let last = heads.len().saturating_sub(1);
            let values = heads
                .into_iter()
                .enumerate()
                .map(|(i, h)| {
                    Ok(HeadValue {
                        origin: h.origin,
                        origin_seq: h.seq,
                        actor: h.actor,
                        at_ms: h.hlc.wall_ms,
                        value: serde_json::from_str(&h.value)?,
                        shown: i == last,
                    })
                })
                .collect::<Result<_>>()?;
            out.push(FieldConflict { field, proposal_id, values });
        }
        Ok(out)
    }

    pub fn packages(&self) -> Result<Vec<PackageRecord>> {
        let mut stmt = self.conn.prepare_cached(
            // Confirmed: every origin it carried is acknowledged through its
            // last operation by the peer it went to.
            "SELECT id, direction, peer, file_name, at, operations, applied, refused, attachments, summary, carried,
                    -- Nothing carried (a package of 回执 only), or a record
                    -- that cannot be read: nothing to confirm, nothing claimed.
                    CASE WHEN carried IS NULL OR NOT json_valid(carried) OR json_type(carried) <> 'object'
                              OR NOT EXISTS (SELECT 1 FROM json_each(p.carried)) THEN NULL
                    ELSE NOT EXISTS (
                        SELECT 1 FROM json_each(p.carried) c
                        WHERE c.type <> 'integer'
                           OR c.value > coalesce((SELECT max(a.through) FROM sync_acked a JOIN peers x ON x.fingerprint = a.peer
                                                  WHERE x.name = p.peer AND a.origin = c.key), 0)) END,
                    number, receipt
             FROM packages p ORDER BY at DESC, rowid DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            let carried: Option<String> = r.get(10)?;
            Ok(PackageRecord {
                carried: carried.and_then(|c| serde_json::from_str(&c).ok()).unwrap_or_default(),
                confirmed: r.get(11)?,
                number: r.get(12)?,
                // What another installation said: a receipt that cannot be read claims nothing.
                receipt: r
                    .get::<_, Option<String>>(13)?
                    .and_then(|text| serde_json::from_str(&text).ok())
                    .unwrap_or_default(),
                id: r.get(0)?,
                direction: r.get(1)?,
                peer: r.get(2)?,
                file_name: r.get(3)?,
                at: r.get(4)?,
                operations: r.get(5)?,
                applied: r.get(6)?,
                refused: r.get(7)?,
                attachments: r.get(8)?,
                summary: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// 第N号: the number our next package to `peer` takes.
    pub fn next_number_to(&self, peer: &str) -> Result<u32> {
        Ok(self
            .conn
            .prepare_cached("SELECT coalesce(max(number), 0) + 1 FROM packages WHERE peer = ?1 AND direction = 'sent'")?
            .query_row([peer], |r| r.get(0))?)
    }

    /// The numbers of `peer`'s packages we received, in the order they
    /// first arrived.
    pub fn numbers_from(&self, peer: &str) -> Result<Vec<u32>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT number FROM packages WHERE peer = ?1 AND direction = 'received' AND number IS NOT NULL
             ORDER BY rowid",
        )?;
        let rows = stmt.query_map([peer], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether a package with this id was received before.
    /// The sender of the package with this id received before, if one was.
    pub fn received_before(&self, package_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT peer FROM packages WHERE id = ?1 AND direction = 'received'")?
            .query_row([package_id], |r| r.get(0))
            .optional()?)
    }

    /// The proposals assigned (交办) to `unit`, as lead or co-unit.
    pub fn proposals_assigned_to(&self, unit: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT p.id FROM proposals p, json_each(p.assignment, '$.units') u
             WHERE p.assignment IS NOT NULL AND json_extract(u.value, '$.unit') = ?1 ORDER BY p.session, p.number",
        )?;
        let rows = stmt.query_map([unit], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether `proposal` is assigned to `unit` (as lead or co-unit): one
    /// row read, where [`Reader::proposals_assigned_to`] reads them all.
    pub fn is_assigned_to(&self, proposal: &str, unit: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM proposals p, json_each(p.assignment, '$.units') u
                 WHERE p.id = ?1 AND p.assignment IS NOT NULL AND json_extract(u.value, '$.unit') = ?2)",
            )?
            .query_row((proposal, unit), |r| r.get(0))?)
    }

    /// The origins this installation wrote under: those in its log that no
    /// peer speaks for, and its current one.
    pub fn own_origins(&self, current: &str) -> Result<BTreeSet<String>> {
        // The log's origins by a seek each along its (origin, seq) index,
        // not a scan of every row: a term's log holds hundreds of thousands
        // of operations from a handful of origins, and every import asks.
        let mut stmt = self.conn.prepare_cached(
            "WITH RECURSIVE o(id) AS (
                 SELECT (SELECT min(origin) FROM log)
                 UNION ALL SELECT (SELECT min(origin) FROM log WHERE origin > o.id) FROM o WHERE o.id IS NOT NULL)
             SELECT n.name FROM o JOIN log_names n ON n.id = o.id
             WHERE n.name NOT IN (SELECT origin FROM origin_owners)",
        )?;
        let mut out: BTreeSet<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        out.insert(current.to_owned());
        Ok(out)
    }

    /// The proposal a record belongs to, if the record exists.
    pub fn record_proposal(&self, entity: Entity, id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT proposal_id FROM records WHERE entity = ?1 AND id = ?2")?
            .query_row((entity.name(), id), |r| r.get(0))
            .optional()?)
    }

    /// A field of a record as the table shows it.
    pub fn record_field(&self, field: impl Into<Target>, id: &str) -> Result<Option<Value>> {
        let target = field.into();
        let text: Option<Option<String>> = self
            .conn
            .prepare_cached("SELECT json_extract(data, ?3) FROM records WHERE entity = ?1 AND id = ?2")?
            .query_row((target.entity().name(), id, format!("$.{}", target.name())), |r| {
                r.get::<_, Option<rusqlite::types::Value>>(0).map(|v| v.map(sql_text))
            })
            .optional()?;
        Ok(text.flatten().map(|t| serde_json::from_str(&t).unwrap_or(Value::String(t))))
    }
}

fn sql_text(v: rusqlite::types::Value) -> String {
    match v {
        rusqlite::types::Value::Text(t) => t,
        rusqlite::types::Value::Integer(i) => i.to_string(),
        rusqlite::types::Value::Real(f) => f.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod numbers {
    use super::NumberRange;

    fn r(from: u32, through: u32) -> NumberRange {
        NumberRange { from, through }
    }

    #[test]
    fn runs_and_gaps_of_package_numbers() {
        assert_eq!(NumberRange::runs([3, 1, 2, 2, 7, 9, 8]), [r(1, 3), r(7, 9)]);
        assert_eq!(NumberRange::runs([]), []);
        // 缺第4–6号 and 第10号, through the tenth.
        assert_eq!(NumberRange::gaps(&[r(7, 9), r(1, 3)], 10), [r(4, 6), r(10, 10)]);
        assert_eq!(NumberRange::gaps(&[r(1, 3)], 3), []);
        assert_eq!(NumberRange::gaps(&[], 2), [r(1, 2)]);
        assert_eq!(NumberRange::gaps(&[], 0), []);
        // A sender's word, however large or upside down, costs its runs only.
        assert_eq!(NumberRange::gaps(&[r(2, u32::MAX), r(9, 3)], u32::MAX), [r(1, 1)]);
        assert_eq!(NumberRange::gaps(&[r(5, u32::MAX)], 6), [r(1, 4)]);
        assert!(NumberRange::holds(&[r(1, 3), r(7, 9)], 8) && !NumberRange::holds(&[r(1, 3)], 4));
        assert_eq!(NumberRange::missing(&[3, 1, 6]), [r(2, 2), r(4, 5)]);
        assert_eq!(NumberRange::missing(&[]), []);
    }
}
