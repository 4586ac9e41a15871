//! 撤销导入: the safety point every import leaves behind instead of a
//! backup of the whole database, and taking the newest import back with it.
//! An import (a week's batch of packages included) is recorded row by row
//! as it is made ([`tian_store::Store::recording`]); what it changed is
//! kept inverted, so the cost follows what the packages held. The
//! start-of-day backup and the clerk's own are made as before.

use serde::Serialize;
use tian_store::Undo;
use ts_rs::TS;

use super::{local_time, now_rfc3339};
use crate::{CoreError, Result, Tian};

/// 安全点: an import that can be taken back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SafetyPoint {
    #[ts(type = "number")]
    pub id: i64,
    /// "2026年12月6日 10:05", local time.
    pub at: String,
    /// 导入交换包：市教育局, or a batch's senders.
    pub label: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Whether it can be taken back now: the newest import, with nothing
    /// written after it.
    pub open: bool,
}

impl Tian {
    /// Keeps what an import changed as its safety point; an import that
    /// changed nothing leaves none.
    pub(crate) fn keep_safety_point(&mut self, label: &str, undo: &Undo) -> Result<()> {
        if !undo.is_empty() {
            self.store.keep_safety_point(label, &now_rfc3339(), undo)?;
        }
        Ok(())
    }

    /// The safety points kept, newest first.
    pub fn safety_points(&self) -> Result<Vec<SafetyPoint>> {
        Ok(self
            .store
            .safety_points()?
            .into_iter()
            .map(|p| SafetyPoint { id: p.id, at: local_time(&p.at), label: p.label, bytes: p.bytes, open: p.open })
            .collect())
    }

    /// 撤销导入: takes the import of safety point `id` back, every row as it
    /// was before it, in one transaction. Only the newest import, and only
    /// while nothing was written after it; otherwise nothing changes.
    pub fn take_back_import(&mut self, id: i64) -> Result<SafetyPoint> {
        let point = self
            .safety_points()?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| CoreError::Invalid("没有这个安全点（可能已被更新的导入取代）。".into()))?;
        self.store.take_back(id)?;
        // The search index's tables were put back beneath its engine, which
        // keeps their shape in memory: a fresh connection reads them anew.
        self.store = tian_store::Store::open(&self.path)?;
        self.forget_kept_reads();
        Ok(point)
    }

    /// 撤销最近一次导入: [`Tian::take_back_import`] of the newest safety point.
    pub fn take_back_last_import(&mut self) -> Result<SafetyPoint> {
        let newest = self.safety_points()?.into_iter().next();
        let newest = newest.ok_or_else(|| CoreError::Invalid("还没有可以撤销的导入。".into()))?;
        self.take_back_import(newest.id)
    }
}
