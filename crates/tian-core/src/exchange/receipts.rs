//! 送达与回执: proof of dates. A unit signs each answer as it sends it
//! (答复签名); whoever takes a package in signs a receipt of when it arrived
//! and which answers it brought (回执), keeps it, and returns it in its next
//! package. The committee thus holds, for every answer, the unit's
//! signature and its own receipt of the arrival; the unit holds the
//! committee's receipt. 按期 is judged on the answer's date; an answer that
//! arrived much later than its date is flagged ([`Arrival::late`]).
//!
//! Everything read from a package here is the sender's word: a statement or
//! receipt is kept only when its signature holds with the package's own
//! key, it speaks of this pair of installations, and its clock agrees with
//! the packages around it. One that does not is left out, not fatal: the
//! package's changes are judged on their own.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;
use tian_domain::Reply;
use tian_store::{Entity, NumberRange, Operation, ReceiptRecord, ReplyField, StatementRecord, Writer};
use tian_sync::{AnswerStatement, ExchangePackage, Receipt, Role, Signed, SigningKey};
use ts_rs::TS;

use super::{local_time, number_of};
use crate::{Result, Tian};

/// How many receipts a package carries back at most, oldest first: a
/// peer that never confirms is not sent its whole history each time.
const RETURNED_PER_PACKAGE: usize = 1_000;
/// How many statements or receipts of a package are read at most, and how
/// many answers one receipt may name: far beyond a term's (a unit's first
/// package after five years answers a few hundred proposals).
const MOST_READ: usize = 20_000;

/// 送达: when an answer reached the committee, by the committee's own
/// signed receipt of the package that brought it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Arrival {
    /// The reply record.
    pub reply: String,
    /// The day it arrived.
    pub received: NaiveDate,
    /// "2026年3月5日 10:05"
    pub received_at: String,
    /// 第N号: the number of the unit's package that brought it.
    pub package_number: u32,
    /// When the answer first arrived, where its content changed after:
    /// 送达 is when the answer as it stands arrived.
    pub first_received_at: Option<String>,
    /// Days from the answer's date to its arrival.
    #[ts(type = "number")]
    pub days_after: i64,
    /// 送达迟于答复日期: it arrived more than the setting's days after its date.
    pub late: bool,
    /// 单位签名: `Some(true)` when a signature of the unit's over the
    /// answer as it stands is held, `Some(false)` when the answer differs
    /// from every signature held, `None` when none is held.
    pub signed: Option<bool>,
}

/// One receipt, as `tian sync receipts` and the exchange page list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReceiptRow {
    /// Who took the package in and signed.
    pub issuer: String,
    /// Who sent it.
    pub sender: String,
    /// Whether this installation signed it (本机出具) or holds the peer's.
    pub issued_here: bool,
    /// 第N号 of the sender's packages.
    pub number: u32,
    /// "2026年3月5日 10:05"
    pub received_at: String,
    /// How many answers it names.
    pub answers: u32,
    /// Whether its signature holds, checked again now.
    pub valid: bool,
}

/// One answer with its proof of date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AnswerProof {
    pub number: String,
    pub session: String,
    pub title: String,
    pub unit: String,
    /// 主办答复 or 会办意见.
    pub lead: bool,
    /// 答复日期.
    pub date: NaiveDate,
    /// None when no receipt names it (entered here, or sent before Tian kept receipts).
    pub arrival: Option<Arrival>,
}

/// 回执台账: the receipts between this installation and a peer, and each
/// answer with its arrival.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReceiptLedger {
    pub receipts: Vec<ReceiptRow>,
    pub answers: Vec<AnswerProof>,
    /// The setting the flag is judged by (送达晚于答复日期超过N天).
    pub late_after_days: u32,
}

/// Whether `target` is part of what an answer says (its letter, date,
/// class, 文号 …), as opposed to whether it is published or deleted: only
/// a write of what it says is an answer's arrival, and only that is signed.
pub(super) fn answer_content(target: tian_store::Target) -> bool {
    target.entity() == Entity::Reply
        && ![ReplyField::Public, ReplyField::PrivateReason, ReplyField::Deleted].into_iter().any(|f| target.is(f))
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Committee => "committee",
        Role::Unit => "unit",
    }
}

/// What a unit signs of `reply` on proposal `proposal`.
fn statement_of(proposal: &str, reply: &Reply, signed_at: &str) -> AnswerStatement {
    AnswerStatement {
        proposal: proposal.to_owned(),
        reply: reply.id.clone(),
        unit: reply.unit.clone(),
        lead: reply.lead,
        round: reply.round,
        date: reply.date,
        class: reply.class.map(|c| c.letter().to_owned()),
        number: reply.number.clone(),
        text_sha256: crate::workspace::attachments::sha256_hex(reply.text.as_bytes()),
        attachments: reply.attachments.iter().map(|a| a.sha256.clone()).collect(),
        signed_at: signed_at.to_owned(),
    }
}

/// What answer `reply` says as this installation holds it, in the words a
/// unit signs (its signing time aside); `None` for no such answer.
pub(super) fn answer_as_held(w: &Writer, reply: &str) -> Result<Option<AnswerStatement>> {
    let Some(proposal) = w.read().record_proposal(Entity::Reply, reply)? else { return Ok(None) };
    let records: Vec<Reply> = w.read().records(Entity::Reply, &tian_domain::ProposalId::parse(proposal.as_str()))?;
    Ok(records.iter().find(|r| r.id == reply).map(|r| statement_of(&proposal, r, "")))
}

/// Whether `statement` says what `reply` holds now.
fn says(statement: &AnswerStatement, reply: &Reply) -> bool {
    statement == &statement_of(&statement.proposal, reply, &statement.signed_at)
}

/// An RFC 3339 time, if it is one.
fn time_of(text: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    chrono::DateTime::parse_from_rfc3339(text).ok()
}

impl Tian {
    /// This unit's answers whose content `operations` write, each signed
    /// by `key` as it stands. An answer the package only publishes or
    /// withholds is not signed: its content may be the committee's
    /// transcription of a paper letter, which is not the unit's to sign.
    pub(super) fn answer_statements(
        &self,
        operations: &[Operation],
        unit: &str,
        key: &SigningKey,
        signed_at: &str,
    ) -> Result<Vec<(String, Signed)>> {
        let replies: BTreeSet<&str> =
            operations.iter().filter(|op| answer_content(op.target)).map(|op| op.entity_id.as_str()).collect();
        let read = self.store.read();
        let mut out = Vec::new();
        for id in replies {
            let Some(proposal) = read.record_proposal(Entity::Reply, id)? else { continue };
            let records: Vec<Reply> =
                read.records(Entity::Reply, &tian_domain::ProposalId::parse(proposal.as_str()))?;
            let Some(reply) = records.into_iter().find(|r| r.id == id && r.unit == unit) else { continue };
            out.push((id.to_owned(), Signed::sign(&statement_of(&proposal, &reply, signed_at), key)?));
        }
        Ok(out)
    }

    /// 送达: the arrival of each of `replies`, by the committee's receipts.
    pub(crate) fn arrivals(&self, replies: &[Reply]) -> Result<Vec<Arrival>> {
        if replies.is_empty() {
            return Ok(Vec::new());
        }
        let grace = i64::from(self.settings()?.late_arrival_days);
        let read = self.store.read();
        let ids: Vec<&str> = replies.iter().map(|r| r.id.as_str()).collect();
        let receipts = read.answer_receipts(&ids)?;
        let mut out = Vec::new();
        for reply in replies {
            // The receipts whose signature still holds, by when they say
            // the answer's content came: the latest brought it as it stands.
            let mut held: Vec<(&ReceiptRecord, chrono::DateTime<chrono::FixedOffset>)> = receipts
                .get(&reply.id)
                .into_iter()
                .flatten()
                .filter_map(|r| {
                    let key = tian_sync::PublicKey::from_hex(&r.issuer_key).ok()?;
                    let signed = Signed { body: r.body.clone(), signature: r.signature.clone() };
                    signed.open::<Receipt>(&key).filter(|k| k.answers.contains(&reply.id))?;
                    Some((r, time_of(&r.received_at)?))
                })
                .collect();
            // Two in one second: the sender's later-numbered package came later.
            held.sort_by_key(|(r, at)| (*at, r.number));
            let (Some(&(first, _)), Some(&(latest, at))) = (held.first(), held.last()) else { continue };
            let received = at.with_timezone(&chrono::Local).date_naive();
            let days_after = (received - reply.date).num_days();
            // Signed when the unit's signature over the answer as it now
            // stands is held, whenever it was made.
            let statements: Vec<AnswerStatement> = read
                .statements_of(&reply.id)?
                .iter()
                .filter_map(|s| {
                    let key = tian_sync::PublicKey::from_hex(&s.signer_key).ok()?;
                    Signed { body: s.body.clone(), signature: s.signature.clone() }.open::<AnswerStatement>(&key)
                })
                .collect();
            out.push(Arrival {
                reply: reply.id.clone(),
                received,
                received_at: local_time(&latest.received_at),
                package_number: latest.number,
                first_received_at: (first.package_id != latest.package_id).then(|| local_time(&first.received_at)),
                days_after,
                late: days_after > grace,
                signed: (!statements.is_empty()).then(|| statements.iter().any(|s| says(s, reply))),
            });
        }
        Ok(out)
    }

    /// 回执台账: the receipts exchanged with `unit` (on a unit's
    /// installation, with its committee) and each of that unit's answers
    /// with its arrival.
    pub fn receipts(&mut self, unit: Option<&str>) -> Result<ReceiptLedger> {
        let (role, me, _) = self.signing_identity()?;
        let unit = match role {
            Role::Unit => me.clone(),
            Role::Committee => match unit.map(str::trim).filter(|u| !u.is_empty()) {
                Some(unit) => unit.to_owned(),
                None => return Err(crate::CoreError::Invalid("请指定承办单位（--unit）。".into())),
            },
        };
        let read = self.store.read();
        let peer = match role {
            Role::Committee => Some(unit.as_str()),
            Role::Unit => None,
        };
        let receipts = read
            .receipts_with(peer)?
            .into_iter()
            .map(|r| {
                let valid = tian_sync::PublicKey::from_hex(&r.issuer_key).is_ok_and(|key| {
                    Signed { body: r.body.clone(), signature: r.signature.clone() }.open::<Receipt>(&key).is_some()
                });
                ReceiptRow {
                    issued_here: r.issuer == me,
                    received_at: local_time(&r.received_at),
                    answers: r.answers.len() as u32,
                    issuer: r.issuer,
                    sender: r.sender,
                    number: r.number,
                    valid,
                }
            })
            .collect();
        let mut answers = Vec::new();
        let mut replies: Vec<(String, Reply)> = read.replies_of_unit(&unit)?;
        replies.sort_by(|a, b| (&a.0, a.1.date).cmp(&(&b.0, b.1.date)));
        let arrivals = self.arrivals(&replies.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>())?;
        let read = self.store.read();
        for (proposal, reply) in replies {
            let id = tian_domain::ProposalId::parse(proposal.as_str());
            let (number, title) = read.heading(&id)?.unwrap_or_else(|| (number_of(&proposal), String::new()));
            answers.push(AnswerProof {
                number,
                session: id.session().to_owned(),
                title,
                arrival: arrivals.iter().find(|a| a.reply == reply.id).cloned(),
                unit: reply.unit,
                lead: reply.lead,
                date: reply.date,
            });
        }
        Ok(ReceiptLedger { receipts, answers, late_after_days: self.settings()?.late_arrival_days })
    }
}

/// Who takes a package in, as the receipts it signs and checks name it.
pub(super) struct Recipient<'a> {
    pub name: &'a str,
    pub role: Role,
    pub key: &'a SigningKey,
    /// The clock tolerance, in milliseconds.
    pub skew_ms: i64,
}

/// What a package's statements and receipts came to.
pub(super) struct Proofs {
    /// Receipts of ours it returned that were kept.
    pub receipts: u32,
    /// Statements and receipts left out: not signed by the sender, not of
    /// this pair, or with a clock that cannot be.
    pub refused: u32,
}

/// Takes in the 答复签名 and 回执 `package` carries, notes which of ours its
/// sender holds, and signs this installation's receipt for it, naming
/// `answers` (the sender's answers whose content it brought). A statement
/// is taken only for an answer among `carried`, the ones the package's
/// accepted changes write the content of: a unit signs what it sends, not
/// a record it never sent. Each statement and receipt is read and checked
/// against what this installation knows before its signature is: a
/// package of thousands of bogus ones costs their reading, no more.
pub(super) fn take_in(
    w: &mut Writer,
    package: &ExchangePackage,
    record_id: &str,
    sender: &tian_store::PeerRecord,
    me: &Recipient,
    carried: &BTreeSet<String>,
    answers: Vec<String>,
) -> Result<Proofs> {
    let manifest = &package.manifest;
    let envelope = &manifest.envelope;
    let signer = package.signer;
    let mut proofs = Proofs { receipts: 0, refused: 0 };
    // 答复签名: a unit's own answers only, as they are here, one each. A
    // statement of an answer the package does not carry (one the judge
    // refused, say) is passed over unread beyond its text; each carried
    // answer's signature is checked once at most.
    let mut statements = Vec::new();
    let mut tried: BTreeSet<String> = BTreeSet::new();
    let offered = envelope.statements.len();
    for signed in envelope.statements.iter().take(MOST_READ) {
        let kept = match signed.claim::<AnswerStatement>() {
            Some(s)
                if sender.role == "unit"
                    && s.unit == sender.name
                    && carried.contains(&s.reply)
                    && tried.insert(s.reply.clone()) =>
            {
                let records: Vec<Reply> = match w.read().record_proposal(Entity::Reply, &s.reply)? {
                    Some(p) if p == s.proposal => {
                        w.read().records(Entity::Reply, &tian_domain::ProposalId::parse(p.as_str()))?
                    }
                    _ => vec![],
                };
                // It says what the answer holds as taken in: a signature over
                // another date or text than the package brought proves nothing.
                let says_it = records.iter().any(|r| r.id == s.reply && r.unit == s.unit && says(&s, r));
                (says_it && signed.signed_by(&signer)).then_some(s)
            }
            _ => None,
        };
        let Some(statement) = kept else {
            proofs.refused += 1;
            continue;
        };
        w.keep_statement(&StatementRecord {
            reply_id: statement.reply,
            package_id: record_id.to_owned(),
            unit: statement.unit,
            signer_key: signer.to_hex(),
            signed_at: statement.signed_at.chars().take(64).collect(),
            body: signed.body.clone(),
            signature: signed.signature.clone(),
        })?;
        statements.push(signed.sha256());
    }
    proofs.refused += offered.saturating_sub(MOST_READ) as u32;
    // 回执 for our packages: of a package we sent this sender, as we sent
    // it, received after we made it and before the sender made this one;
    // no more of them than we sent it packages.
    let now = chrono::Utc::now().fixed_offset();
    let skew = chrono::Duration::milliseconds(me.skew_ms);
    let carried_at = time_of(&manifest.created_at);
    let sent_to_it = w.read().next_number_to(&sender.name)?.saturating_sub(1) as usize;
    for signed in envelope.receipts.iter().take(sent_to_it.min(MOST_READ)) {
        let Some(receipt) = signed.claim::<Receipt>() else {
            proofs.refused += 1;
            continue;
        };
        let sent = match receipt.recipient == sender.name && receipt.sender == me.name {
            true => w.read().sent_package(&receipt.package, &sender.name)?,
            false => None,
        };
        let at = time_of(&receipt.received_at);
        let fits = sent.as_ref().is_some_and(|sent| {
            sent.number == Some(receipt.number)
                && sent.manifest_sha256.as_ref().is_none_or(|sha| *sha == receipt.manifest_sha256)
                && at.is_some_and(|at| {
                    time_of(&sent.at).is_some_and(|made| at >= made - skew)
                        && carried_at.is_none_or(|carried| at <= carried + skew)
                        && at <= now + skew
                })
        });
        if !fits || receipt.answers.len() > MOST_READ || !signed.signed_by(&signer) {
            proofs.refused += 1;
            continue;
        }
        let mut named = Vec::new();
        for reply in &receipt.answers {
            if w.read().record_proposal(Entity::Reply, reply)?.is_some() {
                named.push(reply.clone());
            }
        }
        let kept = w.keep_receipt(&ReceiptRecord {
            package_id: receipt.package,
            issuer: sender.name.clone(),
            issuer_role: sender.role.clone(),
            issuer_key: signer.to_hex(),
            sender: me.name.to_owned(),
            number: receipt.number,
            received_at: receipt.received_at,
            body: signed.body.clone(),
            signature: signed.signature.clone(),
            answers: named,
        })?;
        proofs.receipts += u32::from(kept);
    }
    proofs.refused += envelope.receipts.len().saturating_sub(sent_to_it.min(MOST_READ)) as u32;
    // Ours it says it holds are not sent again.
    w.receipts_returned(me.name, &sender.name, &envelope.acknowledgement.receipts)?;
    // Ours for it, whatever it is numbered: a package numbered 0 (made
    // before packages were numbered, or so forged) is received all the
    // same; its receipt is kept here, and not sent back (nothing could
    // confirm it by number).
    let receipt = Receipt {
        package: manifest.id.clone(),
        number: envelope.number,
        manifest_sha256: package.manifest_sha256.clone(),
        sender: sender.name.clone(),
        recipient: me.name.to_owned(),
        received_at: super::now_rfc3339(),
        answers,
        statements,
    };
    let signed = Signed::sign(&receipt, me.key)?;
    w.keep_receipt(&ReceiptRecord {
        package_id: record_id.to_owned(),
        issuer: me.name.to_owned(),
        issuer_role: role_name(me.role).to_owned(),
        issuer_key: me.key.public().to_hex(),
        sender: sender.name.clone(),
        number: receipt.number,
        received_at: receipt.received_at,
        body: signed.body,
        signature: signed.signature,
        answers: receipt.answers,
    })?;
    if envelope.number == 0 {
        w.receipts_returned(me.name, &sender.name, &[NumberRange { from: 0, through: 0 }])?;
    }
    w.note_manifest(record_id, "received", &package.manifest_sha256)?;
    Ok(proofs)
}

/// What a package to `peer` carries back: our receipts it lacks, and the
/// numbers of its packages whose receipts we hold.
pub(super) fn to_return(read: &tian_store::Reader, me: &str, peer: &str) -> Result<(Vec<Signed>, Vec<NumberRange>)> {
    let receipts = read
        .receipts_to_return(me, peer, RETURNED_PER_PACKAGE)?
        .into_iter()
        .map(|r| Signed { body: r.body, signature: r.signature })
        .collect();
    Ok((receipts, NumberRange::runs(read.receipt_numbers(peer, me)?)))
}

/// A signed text as the archive keeps it, beside the key to check it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub(crate) struct KeptSigned {
    /// The signer's public key, hex.
    pub key: String,
    pub body: String,
    pub signature: String,
}

impl KeptSigned {
    fn of(key: &str, body: &str, signature: &str) -> KeptSigned {
        KeptSigned { key: key.to_owned(), body: body.to_owned(), signature: signature.to_owned() }
    }

    /// What it says, if its key signed exactly this text.
    pub(crate) fn opens<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        let key = tian_sync::PublicKey::from_hex(&self.key).ok()?;
        Signed { body: self.body.clone(), signature: self.signature.clone() }.open(&key)
    }
}

/// 送达与签名 of one answer, as the archive keeps it: the committee's
/// receipts naming it and the unit's signatures over it, each the text
/// its signer signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub(crate) struct KeptProof {
    pub reply: String,
    pub unit: String,
    pub lead: bool,
    pub date: NaiveDate,
    pub receipts: Vec<KeptSigned>,
    pub statements: Vec<KeptSigned>,
}

impl KeptProof {
    /// What is wrong with it, checked with `committee_key` (hex) for the
    /// receipts and `unit_keys` (hex) for the signatures; `None` when sound.
    pub(crate) fn problem(&self, committee_key: &str, unit_keys: &[&str]) -> Option<String> {
        let receipts_sound = self.receipts.iter().all(|r| {
            r.key.eq_ignore_ascii_case(committee_key)
                && r.opens::<Receipt>().is_some_and(|receipt| receipt.answers.contains(&self.reply))
        });
        let statements_sound = self.statements.iter().all(|s| {
            unit_keys.iter().any(|k| k.eq_ignore_ascii_case(&s.key))
                && s.opens::<AnswerStatement>().is_some_and(|st| st.reply == self.reply && st.unit == self.unit)
        });
        match (receipts_sound, statements_sound) {
            (true, true) => None,
            (false, _) => Some(format!("{}的答复的送达回执签名无效，或不是移交档案的密钥所签", self.unit)),
            (true, false) => Some(format!("{}的答复签名无效，或不是该单位的密钥所签", self.unit)),
        }
    }
}

impl Tian {
    /// 送达与签名 of each of `replies` that has any.
    pub(crate) fn kept_proofs(&self, replies: &[Reply]) -> Result<Vec<KeptProof>> {
        let read = self.store.read();
        let ids: Vec<&str> = replies.iter().map(|r| r.id.as_str()).collect();
        let receipts = read.answer_receipts(&ids)?;
        let mut out = Vec::new();
        for reply in replies {
            let statements: Vec<KeptSigned> = read
                .statements_of(&reply.id)?
                .iter()
                .map(|s| KeptSigned::of(&s.signer_key, &s.body, &s.signature))
                .collect();
            let receipts: Vec<KeptSigned> = receipts
                .get(&reply.id)
                .into_iter()
                .flatten()
                .map(|r| KeptSigned::of(&r.issuer_key, &r.body, &r.signature))
                .collect();
            if receipts.is_empty() && statements.is_empty() {
                continue;
            }
            out.push(KeptProof {
                reply: reply.id.clone(),
                unit: reply.unit.clone(),
                lead: reply.lead,
                date: reply.date,
                receipts,
                statements,
            });
        }
        Ok(out)
    }
}
