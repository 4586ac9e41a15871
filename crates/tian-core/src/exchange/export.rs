//! 导出交换包: what goes to a peer. The committee sends a unit the
//! proposals assigned to it (one new to the unit whole, the rest from where
//! the unit's acknowledgement left off); a unit sends what it wrote itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use tian_store::{Entity, NumberRange, Operation, PackageRecord, PeerRecord, ReplyField, SentOperation};
use tian_sync::{Acknowledgement, Envelope, ExchangePackage, ExportMode, OriginRange, Party, Role};
use ts_rs::TS;

use super::{file_name, now_rfc3339, role_of};
use crate::{CoreError, Result, Tian};

/// How many of a peer's refused changes a package's 回执 names, newest
/// first: an honest installation has a few (a PC whose clock ran ahead, a
/// few hundred); a hostile one is not owed a list of everything it tried.
const RECEIPT_REFUSALS: usize = 10_000;

/// The operations an export to one peer holds, and what they cover.
#[derive(Default)]
pub(super) struct Outgoing {
    pub operations: Vec<Operation>,
    /// Proposals sent with their whole history.
    pub whole: Vec<String>,
    pub proposals: BTreeSet<String>,
    pub ranges: Vec<OriginRange>,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportSummary {
    pub package_id: String,
    pub recipient: String,
    /// 第N号 to this recipient.
    pub number: u32,
    pub operations: u32,
    pub proposals: u32,
    pub attachments: u32,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Where the package was written.
    pub path: String,
}

impl Tian {
    fn peer_named(&self, name: &str) -> Result<PeerRecord> {
        self.store.read().trusted_peers()?.into_iter().find(|p| p.name == name.trim()).ok_or_else(|| {
            CoreError::Invalid(format!("本机还没有“{}”的密钥：请先导入对方的密钥文件并核对指纹。", name.trim()))
        })
    }

    /// The peer a package goes to: for a unit, always its committee.
    fn recipient(&self, my_role: Role, to: Option<&str>) -> Result<PeerRecord> {
        match (my_role, to) {
            (Role::Committee, Some(unit)) => self.peer_named(unit),
            (Role::Committee, None) => Err(CoreError::Invalid("请选择要发送给哪个承办单位。".into())),
            (Role::Unit, _) => {
                let committees: Vec<PeerRecord> =
                    self.store.read().trusted_peers()?.into_iter().filter(|p| p.role == "committee").collect();
                committees.into_iter().next().ok_or_else(|| {
                    CoreError::Invalid("本机还没有提案委员会的密钥：请先导入其密钥文件并核对指纹。".into())
                })
            }
        }
    }

    /// What an export to `peer` holds now: everything it has not
    /// acknowledged, or everything since `since_ms`.
    pub(super) fn outgoing(&self, role: Role, peer: &PeerRecord, since_ms: Option<i64>) -> Result<Outgoing> {
        let read = self.store.read();
        let acked = read.acknowledged(&peer.fingerprint)?;
        let contiguous = read.contiguous()?;
        let unacknowledged = |op: &Operation| op.origin_seq > acked.get(&op.origin).copied().unwrap_or(0);
        let wanted = |op: &Operation| since_ms.map_or_else(|| unacknowledged(op), |ms| op.hlc.wall_ms >= ms);

        let mut out = Outgoing::default();
        let origins = match role {
            Role::Committee => {
                let held = read.whole_proposals(&peer.fingerprint, true)?;
                let assigned = read.proposals_assigned_to(&peer.name)?;
                // A proposal moved away by 改办 still sends the unit the change
                // that moved it, so the unit learns it (已改办), and nothing after.
                for (id, origin, through) in read.released_to(&peer.fingerprint)? {
                    if assigned.contains(&id) || since_ms.is_some() {
                        continue;
                    }
                    let history = read.history(&tian_domain::ProposalId::parse(id.as_str()))?;
                    let before = out.operations.len();
                    let moving = |op: &Operation| op.origin == origin && op.origin_seq <= through;
                    out.operations.extend(history.into_iter().filter(|op| moving(op) && unacknowledged(op)));
                    if out.operations.len() > before {
                        out.proposals.insert(id);
                    }
                }
                for id in assigned {
                    let history = read.history(&tian_domain::ProposalId::parse(id.as_str()))?;
                    let is_new = since_ms.is_none() && !held.contains(&id);
                    let before = out.operations.len();
                    out.operations.extend(history.into_iter().filter(|op| is_new || wanted(op)));
                    if is_new {
                        out.whole.push(id.clone());
                    }
                    if out.operations.len() > before || is_new {
                        out.proposals.insert(id);
                    }
                }
                contiguous.keys().cloned().collect()
            }
            Role::Unit => {
                for op in read.own_operations()?.into_iter().filter(|op| wanted(op)) {
                    out.proposals.insert(self.proposal_of(&op)?);
                    out.operations.push(op);
                }
                read.own_origins(self.store.origin())?
            }
        };
        out.operations.sort_by(|a, b| (a.hlc, &a.origin, a.origin_seq).cmp(&(b.hlc, &b.origin, b.origin_seq)));
        out.operations.dedup_by(|a, b| a.origin == b.origin && a.origin_seq == b.origin_seq);
        // Only a package of everything unacknowledged covers ranges completely.
        if since_ms.is_none() {
            out.ranges = origins
                .iter()
                .filter_map(|origin: &String| {
                    let through = contiguous.get(origin).copied().unwrap_or(0);
                    let after = acked.get(origin).copied().unwrap_or(0);
                    (through > after).then(|| OriginRange { origin: origin.clone(), after, through })
                })
                .collect();
        }
        Ok(out)
    }

    /// 导出交换包 for the unit `to` (ignored on a unit's installation, which
    /// always sends to its committee), written to `path`.
    pub fn export_package(&mut self, to: Option<&str>, mode: ExportMode, path: &Path) -> Result<ExportSummary> {
        let (role, name, key) = self.signing_identity()?;
        let peer = self.recipient(role, to)?;
        let since_ms = match &mode {
            ExportMode::Since(date) => Some(local_midnight_ms(*date)),
            ExportMode::Unacknowledged => None,
        };
        self.progress.step("收集修改");
        let Outgoing { operations, whole, proposals, ranges } = self.outgoing(role, &peer, since_ms)?;
        let read = self.store.read();
        // We hold what the peer's packages covered, and our own origins whole.
        let mut through = read.covered(&peer.fingerprint)?;
        let own = read.own_origins(self.store.origin())?;
        through.extend(read.contiguous()?.into_iter().filter(|(origin, _)| own.contains(origin)));
        let refused = read.refused_from(&peer.name, RECEIPT_REFUSALS)?;
        let (receipts, receipts_held) = super::receipts::to_return(&read, &name, &peer.name)?;
        let acknowledgement = Acknowledgement {
            through,
            proposals: read.whole_proposals(&peer.fingerprint, false)?.into_iter().collect(),
            refused,
            packages: NumberRange::runs(read.numbers_from(&peer.name)?),
            receipts: receipts_held,
        };
        let number = read.next_number_to(&peer.name)?;
        self.progress.step("收集附件");
        let attachments = self.attachments_of(&operations)?;
        // A unit signs each of its answers the package carries, as it stands.
        let created_at = now_rfc3339();
        let statements = match role {
            Role::Unit => self.answer_statements(&operations, &name, &key, &created_at)?,
            Role::Committee => vec![],
        };
        let sessions: BTreeSet<String> =
            proposals.iter().map(|id| tian_domain::ProposalId::parse(id.as_str()).session().to_owned()).collect();
        let record_sender = name.clone();
        let envelope = Envelope {
            sender: Party { role, name },
            recipient: Party { role: role_of(&peer.role), name: peer.name.clone() },
            mode,
            sessions: sessions.into_iter().collect(),
            ranges,
            whole_proposals: whole,
            acknowledgement,
            number,
            statements: statements.iter().map(|(_, signed)| signed.clone()).collect(),
            receipts,
        };
        let mut carried = std::collections::BTreeMap::new();
        for op in &operations {
            let last = carried.entry(op.origin.clone()).or_insert(op.origin_seq);
            *last = (*last).max(op.origin_seq);
        }
        self.progress.step("签名并写出交换包");
        let (package, bytes) = ExchangePackage::seal(
            envelope,
            operations.into_iter().map(SentOperation::from).collect(),
            attachments,
            &key,
            created_at,
        )?;
        crate::write_file(path, &bytes)?;
        let summary = ExportSummary {
            package_id: package.manifest.id.clone(),
            recipient: peer.name.clone(),
            number,
            operations: package.operations.len() as u32,
            proposals: proposals.len() as u32,
            attachments: package.attachments.len() as u32,
            bytes: bytes.len() as u64,
            path: path.display().to_string(),
        };
        let record = PackageRecord {
            id: summary.package_id.clone(),
            direction: "sent".into(),
            peer: peer.name,
            file_name: file_name(path),
            at: package.manifest.created_at.clone(),
            operations: summary.operations,
            applied: 0,
            refused: 0,
            attachments: summary.attachments,
            summary: format!("{} 件提案的 {} 项修改", summary.proposals, summary.operations),
            carried,
            confirmed: None,
            number: Some(number),
            receipt: vec![],
        };
        let actor = self.actor.clone();
        let signer_key = key.public().to_hex();
        self.store.transact(&actor, "导出交换包", |w| -> Result<()> {
            w.record_package(&record)?;
            w.note_manifest(&record.id, "sent", &package.manifest_sha256)?;
            // The unit keeps what it signed, as the committee will.
            for (reply, signed) in &statements {
                w.keep_statement(&tian_store::StatementRecord {
                    reply_id: reply.clone(),
                    package_id: record.id.clone(),
                    unit: record_sender.clone(),
                    signer_key: signer_key.clone(),
                    signed_at: package.manifest.created_at.clone(),
                    body: signed.body.clone(),
                    signature: signed.signature.clone(),
                })?;
            }
            Ok(())
        })?;
        Ok(summary)
    }

    /// The proposal an operation concerns.
    fn proposal_of(&self, op: &Operation) -> Result<String> {
        if op.target.entity() == Entity::Proposal {
            return Ok(op.entity_id.clone());
        }
        Ok(self.store.read().record_proposal(op.target.entity(), &op.entity_id)?.unwrap_or_default())
    }

    /// The files the replies among `operations` refer to, by hash.
    fn attachments_of(&self, operations: &[Operation]) -> Result<BTreeMap<String, Vec<u8>>> {
        let mut out = BTreeMap::new();
        for op in operations.iter().filter(|op| op.target.is(ReplyField::Attachments)) {
            let listed: Vec<tian_domain::Attachment> = serde_json::from_value(op.value.clone()).unwrap_or_default();
            for attachment in listed {
                // A hash that is not one names no file: it is never read.
                let Ok(path) = self.attachment_path(&attachment.sha256) else { continue };
                if let Ok(bytes) = std::fs::read(&path) {
                    out.insert(attachment.sha256, bytes);
                }
            }
        }
        Ok(out)
    }
}

/// Midnight at the start of `date` in local time, as milliseconds since 1970.
fn local_midnight_ms(date: NaiveDate) -> i64 {
    date.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(chrono::Local).earliest())
        .map_or(0, |t| t.timestamp_millis())
}
