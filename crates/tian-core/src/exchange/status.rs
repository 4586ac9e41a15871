//! 同步状态: who this installation is, whom it trusts and what each has
//! not yet acknowledged, conflicts, and the history of packages.

use serde::Serialize;
use tian_store::PackageRecord;
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
        for p in self.store.read().peers()? {
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
                name: p.name,
                unacknowledged,
            });
        }
        let last_import = self.safety_points()?.into_iter().next();
        let read = self.store.read();
        Ok(SyncStatus {
            identity,
            peers,
            conflicts: read.conflicts()?.len() as u32,
            packages: read.packages()?,
            last_import,
        })
    }
}
