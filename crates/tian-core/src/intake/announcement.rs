//! 导入重点提案公告: reading an announcement file into the database, all of
//! it or nothing.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use tian_import::Announcement;

use crate::workspace::backup::BackupReason;
use crate::{CoreError, Result, Tian};

/// What an import did, for the clerk's confirmation message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    /// 届次 of the announcement.
    pub session: String,
    /// Proposals in the file.
    pub proposals: u32,
    /// 新增: proposals that were not in the database.
    pub added: u32,
    /// 更新: proposals of which something changed.
    pub changed: u32,
    /// 未变: proposals already exactly so.
    pub unchanged: u32,
    /// The sentence shown to the clerk: "十三届五次重点提案 13 件：新增 13 件，更新 0 件，未变 0 件。"
    pub message: String,
    /// 相似提案: each imported proposal that is like another (of this
    /// 届次 or an earlier one, or a past proposal), near-duplicates first.
    pub similar: Vec<crate::SimilarAtImport>,
}

impl Tian {
    /// The first half of every file import, `what` in the clerk's words: only
    /// the committee imports; the whole file is read and parsed before
    /// anything is written; then the workspace is backed up.
    pub(crate) fn read_import<T>(
        &self,
        what: &str,
        path: &Path,
        parse: impl FnOnce(&[u8]) -> Result<T, tian_import::ImportError>,
    ) -> Result<T> {
        self.committee_only(what)?;
        self.progress.step("读取文件");
        let bytes = crate::workspace::files::read_document(path)?;
        self.progress.step("解读内容");
        let parsed = parse(&bytes).map_err(|source| CoreError::ImportFile { path: path.to_owned(), source })?;
        self.create_backup(BackupReason::Import)?;
        Ok(parsed)
    }

    /// Imports the announcement file at `path`. The whole file is parsed
    /// before anything is written; then the workspace is backed up and the
    /// proposals are saved in one transaction.
    pub fn import_announcement_file(&mut self, path: &Path) -> Result<ImportReport> {
        let announcement = self.read_import("导入提案公告", path, tian_import::parse_announcement)?;
        let actor = self.actor.clone();
        self.save_announcement(announcement, &actor)
    }

    pub(crate) fn import_announcement_bytes(&mut self, bytes: &[u8], actor: &str) -> Result<ImportReport> {
        let announcement = tian_import::parse_announcement(bytes)?;
        self.save_announcement(announcement, actor)
    }

    /// Registers `proposals` as an announcement does, under the current
    /// actor: new ones added, known ones updated.
    pub fn save_proposals(&mut self, proposals: &[tian_domain::Proposal]) -> Result<()> {
        self.keeps_recorded_suggestions(proposals)?;
        let actor = self.actor.clone();
        self.store.save_proposals(&actor, proposals)?;
        Ok(())
    }

    /// Those of `proposals` not held yet: what an import adds, and asks
    /// 相似提案 of (one held already was weighed when it came).
    pub(crate) fn not_held(&self, proposals: &[tian_domain::Proposal]) -> Result<Vec<tian_domain::Proposal>> {
        let read = self.store.read();
        let mut new = Vec::new();
        for p in proposals {
            if read.heading(&p.id())?.is_none() {
                new.push(p.clone());
            }
        }
        Ok(new)
    }

    fn save_announcement(&mut self, announcement: Announcement, actor: &str) -> Result<ImportReport> {
        self.keeps_recorded_suggestions(&announcement.proposals)?;
        let new = self.not_held(&announcement.proposals)?;
        self.progress.step("写入提案");
        let saved = self.store.save_proposals(actor, &announcement.proposals)?;
        let proposals = announcement.proposals.len();
        let similar = self.similar_at_import(&new)?;
        Ok(ImportReport {
            similar,
            message: format!(
                "{}重点提案 {} 件：新增 {} 件，更新 {} 件，未变 {} 件。",
                announcement.session, proposals, saved.added, saved.changed, saved.unchanged
            ),
            session: announcement.session,
            proposals: proposals as u32,
            added: saved.added as u32,
            changed: saved.changed as u32,
            unchanged: saved.unchanged as u32,
        })
    }
}
