//! 回执与答复签名 as kept: the signed statements of proof of dates (see
//! `tian_sync::receipt`), each the exact text its signer signed. What they
//! say is read by the core; the store keeps them and answers who holds what.

use std::collections::BTreeMap;

use rusqlite::OptionalExtension;

use crate::{NumberRange, Reader, Result, Writer};

/// 回执: one installation's signed receipt of one package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptRecord {
    pub package_id: String,
    /// Who took the package in and signed.
    pub issuer: String,
    /// "committee" or "unit".
    pub issuer_role: String,
    /// The issuer's public key, hex.
    pub issuer_key: String,
    /// Who sent the package.
    pub sender: String,
    pub number: u32,
    /// RFC 3339, by the issuer's clock.
    pub received_at: String,
    pub body: String,
    pub signature: String,
    /// The answers (reply ids) it names.
    pub answers: Vec<String>,
}

/// 答复签名: a unit's signature over one answer, as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRecord {
    pub reply_id: String,
    /// The package that carried it (for the unit, the one it left in).
    pub package_id: String,
    pub unit: String,
    pub signer_key: String,
    pub signed_at: String,
    pub body: String,
    pub signature: String,
}

/// A package this installation sent, as a receipt for it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentPackage {
    pub number: Option<u32>,
    /// When it was made (RFC 3339).
    pub at: String,
    pub manifest_sha256: Option<String>,
}

impl Writer<'_> {
    /// Keeps a receipt; one already kept for the same package and issuer
    /// stays as it was (the first word on an arrival is the one that counts).
    pub fn keep_receipt(&mut self, receipt: &ReceiptRecord) -> Result<bool> {
        let added = self.tx.prepare_cached(
            "INSERT INTO receipts (package_id, issuer, issuer_role, issuer_key, sender, number, received_at, body, signature)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING",
        )?.execute((
            &receipt.package_id,
            &receipt.issuer,
            &receipt.issuer_role,
            &receipt.issuer_key,
            &receipt.sender,
            receipt.number,
            &receipt.received_at,
            &receipt.body,
            &receipt.signature,
        ))? > 0;
        if added {
            let mut stmt = self.tx.prepare_cached(
                "INSERT INTO receipt_answers (reply_id, package_id, issuer) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            )?;
            for reply in &receipt.answers {
                stmt.execute((reply, &receipt.package_id, &receipt.issuer))?;
            }
        }
        Ok(added)
    }

    /// Keeps a 答复签名 (once per answer and package).
    pub fn keep_statement(&mut self, statement: &StatementRecord) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO answer_statements (reply_id, package_id, unit, signer_key, signed_at, body, signature)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
            )?
            .execute((
                &statement.reply_id,
                &statement.package_id,
                &statement.unit,
                &statement.signer_key,
                &statement.signed_at,
                &statement.body,
                &statement.signature,
            ))?;
        Ok(())
    }

    /// `sender` says it holds this installation's receipts for its packages
    /// numbered in `numbers`: they are no longer sent.
    pub fn receipts_returned(&mut self, issuer: &str, sender: &str, numbers: &[NumberRange]) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "UPDATE receipts SET returned = 1 WHERE issuer = ?1 AND sender = ?2 AND number BETWEEN ?3 AND ?4",
        )?;
        for range in numbers {
            stmt.execute((issuer, sender, range.from, range.through))?;
        }
        Ok(())
    }

    /// The SHA-256 of a package's manifest, as a receipt names it.
    pub fn note_manifest(&mut self, package_id: &str, direction: &str, sha256: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE packages SET manifest_sha256 = ?3 WHERE id = ?1 AND direction = ?2")?
            .execute((package_id, direction, sha256))?;
        Ok(())
    }
}

fn receipt_row(r: &rusqlite::Row) -> rusqlite::Result<ReceiptRecord> {
    Ok(ReceiptRecord {
        package_id: r.get(0)?,
        issuer: r.get(1)?,
        issuer_role: r.get(2)?,
        issuer_key: r.get(3)?,
        sender: r.get(4)?,
        number: r.get(5)?,
        received_at: r.get(6)?,
        body: r.get(7)?,
        signature: r.get(8)?,
        answers: r.get::<_, Option<String>>(9)?.and_then(|list| serde_json::from_str(&list).ok()).unwrap_or_default(),
    })
}

const RECEIPT_COLUMNS: &str = "r.package_id, r.issuer, r.issuer_role, r.issuer_key, r.sender, r.number, r.received_at,
     r.body, r.signature,
     (SELECT json_group_array(a.reply_id) FROM receipt_answers a WHERE a.package_id = r.package_id AND a.issuer = r.issuer)";

impl Reader<'_> {
    /// The receipts `issuer` signed for `sender`'s packages that `sender`
    /// has not said it holds, oldest first, at most `limit`.
    pub fn receipts_to_return(&self, issuer: &str, sender: &str, limit: usize) -> Result<Vec<ReceiptRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {RECEIPT_COLUMNS} FROM receipts r
             WHERE r.issuer = ?1 AND r.sender = ?2 AND r.returned = 0 ORDER BY r.number LIMIT ?3"
        ))?;
        let rows = stmt.query_map((issuer, sender, limit as i64), receipt_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The numbers of `sender`'s packages whose receipt from `issuer` is held here.
    pub fn receipt_numbers(&self, issuer: &str, sender: &str) -> Result<Vec<u32>> {
        let mut stmt = self.conn.prepare_cached("SELECT number FROM receipts WHERE issuer = ?1 AND sender = ?2")?;
        let rows = stmt.query_map((issuer, sender), |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every receipt between this installation and `peer`, either way
    /// (all of them when `peer` is `None`), newest first.
    pub fn receipts_with(&self, peer: Option<&str>) -> Result<Vec<ReceiptRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {RECEIPT_COLUMNS} FROM receipts r
             WHERE ?1 IS NULL OR r.issuer = ?1 OR r.sender = ?1 ORDER BY r.received_at DESC, r.number DESC"
        ))?;
        let rows = stmt.query_map([peer], receipt_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// 送达: per answer among `replies`, the committee's receipts naming it,
    /// earliest arrival first.
    pub fn answer_receipts(&self, replies: &[&str]) -> Result<BTreeMap<String, Vec<ReceiptRecord>>> {
        let mut out: BTreeMap<String, Vec<ReceiptRecord>> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {RECEIPT_COLUMNS} FROM receipt_answers x JOIN receipts r
                 ON r.package_id = x.package_id AND r.issuer = x.issuer
             WHERE x.reply_id = ?1 AND r.issuer_role = 'committee' ORDER BY r.received_at"
        ))?;
        for &reply in replies {
            let rows = stmt.query_map([reply], receipt_row)?;
            let found: Vec<ReceiptRecord> = rows.collect::<Result<_, _>>()?;
            if !found.is_empty() {
                out.insert(reply.to_owned(), found);
            }
        }
        Ok(out)
    }

    /// The 答复签名 kept for `reply`, newest signed first.
    pub fn statements_of(&self, reply: &str) -> Result<Vec<StatementRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT reply_id, package_id, unit, signer_key, signed_at, body, signature FROM answer_statements
             WHERE reply_id = ?1 ORDER BY signed_at DESC",
        )?;
        let rows = stmt.query_map([reply], |r| {
            Ok(StatementRecord {
                reply_id: r.get(0)?,
                package_id: r.get(1)?,
                unit: r.get(2)?,
                signer_key: r.get(3)?,
                signed_at: r.get(4)?,
                body: r.get(5)?,
                signature: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every answer (主办答复 and 会办意见) of `unit`, with its proposal's id.
    pub fn replies_of_unit<T: serde::de::DeserializeOwned>(&self, unit: &str) -> Result<Vec<(String, T)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT proposal_id, json_set(data, '$.id', id) FROM records
             WHERE entity = 'reply' AND json_extract(data, '$.unit') = ?1 AND json_extract(data, '$.deleted') IS NOT 1",
        )?;
        let mut rows = stmt.query([unit])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let (proposal, data): (String, String) = (row.get(0)?, row.get(1)?);
            // A record this version cannot read is left out, as everywhere.
            if let Ok(reply) = serde_json::from_str(&data) {
                out.push((proposal, reply));
            }
        }
        Ok(out)
    }

    /// The manifest hash of the package with this id received before, where kept.
    pub fn received_manifest(&self, package_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT manifest_sha256 FROM packages WHERE id = ?1 AND direction = 'received'")?
            .query_row([package_id], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    /// The package with this id sent to `peer`, if this installation sent one.
    pub fn sent_package(&self, package_id: &str, peer: &str) -> Result<Option<SentPackage>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT number, at, manifest_sha256 FROM packages WHERE id = ?1 AND direction = 'sent' AND peer = ?2",
            )?
            .query_row((package_id, peer), |r| {
                Ok(SentPackage { number: r.get(0)?, at: r.get(1)?, manifest_sha256: r.get(2)? })
            })
            .optional()?)
    }
}
