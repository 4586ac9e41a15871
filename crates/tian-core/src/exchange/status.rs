//! 同步状态: who this installation is, whom it trusts and what each has
//! not yet acknowledged, conflicts, and the history of packages.

use serde::Serialize;
use tian_store::{NumberRange, PackageRecord};
use tian_sync::Role;
use ts_rs::TS;

use super::{local_time, role_of, Identity};
use crate::{Result, Tian};

/// A trusted installation as the exchange page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Peer {
    pub name: String,
    pub role: Role,
    pub fingerprint: String,
    /// "2026年11月24日"
    pub trusted_on: String,
    /// Operations this installation holds that the peer has not acknowledged.
    pub unacknowledged: u32,
    /// Whether the key was revoked: kept in the list so the history still
    /// names it, but its packages are refused.
    pub revoked: bool,
    /// "2026年11月30日" for a revoked key.
    pub revoked_on: Option<String>,
    /// 最近收到 / 最近发出: the day of the last package from it and to it.
    pub last_received: Option<String>,
    pub last_sent: Option<String>,
    /// Packages sent to it that it has not yet confirmed.
    pub unconfirmed_packages: u32,
    /// 久未发来: days since its last package (or since it was trusted, if
    /// none came), once more than the settings' 交换提醒 allow.
    pub silent_days: Option<u32>,
    /// The packages numbered between the two (第N号, per pair).
    pub ledger: PackageLedger,
}

/// 交换台账: which numbered packages went each way between this
/// installation and a peer, and which never arrived.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PackageLedger {
    /// The number of our last package to it.
    pub last_sent: Option<u32>,
    /// The highest number of its packages we received.
    pub last_received: Option<u32>,
    /// Its packages we lack: numbered below one that arrived, never here.
    pub missing: Vec<NumberRange>,
    /// Its packages that arrived after a later-numbered one.
    pub out_of_order: Vec<u32>,
    /// Ours it has confirmed receiving, as its latest package says.
    pub confirmed: Vec<NumberRange>,
    /// Ours it lacks: below one it confirmed, never confirmed.
    pub lacking: Vec<NumberRange>,
    /// Ours sent after the last it confirmed: on their way, or lost.
    pub unconfirmed: Vec<NumberRange>,
}

/// "第12–13号、第15号": package numbers as a clerk reads them.
pub fn numbers_text(runs: &[NumberRange]) -> String {
    runs.iter()
        .map(|r| match r.from == r.through {
            true => format!("第{}号", r.from),
            false => format!("第{}–{}号", r.from, r.through),
        })
        .collect::<Vec<_>>()
        .join("、")
}

impl PackageLedger {
    /// The ledger with `peer` from the package history (newest first).
    fn of(peer: &str, packages: &[PackageRecord]) -> PackageLedger {
        let ours = packages.iter().filter(|k| k.peer == peer);
        let last_sent = ours.clone().filter(|k| k.direction == "sent").filter_map(|k| k.number).max();
        // The history is newest first; arrival order is the reverse.
        let mut arrived: Vec<u32> =
            ours.clone().filter(|k| k.direction == "received").filter_map(|k| k.number).collect();
        arrived.reverse();
        let last_received = arrived.iter().copied().max();
        let mut highest = 0;
        let mut out_of_order = Vec::new();
        for &n in &arrived {
            if n < highest {
                out_of_order.push(n);
            }
            highest = highest.max(n);
        }
        let missing = NumberRange::missing(&arrived);
        // Its word on what it holds of ours, from its highest-numbered package.
        let confirmed = ours
            .filter(|k| k.direction == "received" && k.number.is_some())
            .max_by_key(|k| k.number)
            .map(|k| k.receipt.as_slice())
            .unwrap_or_default();
        // Kept cut to what we had sent when it came (see the import).
        let sent_through = last_sent.unwrap_or(0);
        let confirmed = confirmed.to_vec();
        let confirmed_through = confirmed.iter().map(|r| r.through).max().unwrap_or(0);
        let lacking = NumberRange::gaps(&confirmed, confirmed_through.min(sent_through));
        let unconfirmed = match confirmed_through < sent_through {
            true => vec![NumberRange { from: confirmed_through + 1, through: sent_through }],
            false => vec![],
        };
        PackageLedger { last_sent, last_received, missing, out_of_order, confirmed, lacking, unconfirmed }
    }
}

/// 同步状态.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SyncStatus {
    pub identity: Identity,
    pub peers: Vec<Peer>,
    pub conflicts: u32,
    pub packages: Vec<PackageRecord>,
    /// 最近一次导入, which can be taken back while nothing was written after it.
    pub last_import: Option<super::SafetyPoint>,
}

impl Tian {
    /// 同步状态: identity, trusted peers and what each has not acknowledged,
    /// conflicts, and the package history.
    pub fn sync_status(&mut self) -> Result<SyncStatus> {
        let identity = self.identity()?;
        let mut peers = Vec::new();
        let day = |at: &str| local_time(at).split(' ').next().unwrap_or_default().to_owned();
        let packages = self.store.read().packages()?;
        let silence = i64::from(self.settings()?.silence_days);
        let date_of = |at: &str| {
            chrono::DateTime::parse_from_rfc3339(at).ok().map(|t| t.with_timezone(&chrono::Local).date_naive())
        };
        for p in self.store.read().peers()? {
            // The history is newest first.
            let last = |direction: &str| packages.iter().find(|k| k.peer == p.name && k.direction == direction);
            let (received, sent) = (last("received"), last("sent"));
            let heard = received.map_or(p.trusted_at.as_str(), |k| k.at.as_str());
            let quiet = date_of(heard).map(|d| (self.today - d).num_days()).unwrap_or(0);
            let silent_days = (p.revoked_at.is_none() && quiet > silence).then_some(quiet as u32);
            let unconfirmed_packages = packages
                .iter()
                .filter(|k| k.peer == p.name && k.direction == "sent" && k.confirmed == Some(false))
                .count() as u32;
            let unacknowledged = match p.revoked_at {
                None => self.outgoing(identity.role, &p, None)?.operations.len() as u32,
                Some(_) => 0,
            };
            peers.push(Peer {
                role: role_of(&p.role),
                fingerprint: tian_sync::Fingerprint(p.fingerprint.clone()).grouped(),
                trusted_on: day(&p.trusted_at),
                revoked: p.revoked_at.is_some(),
                revoked_on: p.revoked_at.as_deref().map(day),
                last_received: received.map(|k| day(&k.at)),
                last_sent: sent.map(|k| day(&k.at)),
                unconfirmed_packages,
                silent_days,
                ledger: PackageLedger::of(&p.name, &packages),
                name: p.name,
                unacknowledged,
            });
        }
        let last_import = self.safety_points()?.into_iter().next();
        let read = self.store.read();
        Ok(SyncStatus { identity, peers, conflicts: read.conflict_count()?, packages: read.packages()?, last_import })
    }
}
