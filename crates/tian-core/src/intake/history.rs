//! 往年提案: importing the committee's summaries of past proposals into a
//! searchable archive, checking the figures they report, and finding the
//! past proposals a report should cite beside this year's.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tian_domain::{HistoryEntry, Proposal, Totals};
use tian_store::HistoryHit;
use ts_rs::TS;

use crate::{Result, Tian};

/// What a history import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct HistoryImport {
    pub source: String,
    pub entries: u32,
    pub added: u32,
    /// The figures the summary reports, and where they do not add up.
    pub reported: Option<ReportedFigures>,
    pub message: String,
}

/// Figures a summary reports about itself, kept for the statistics page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReportedFigures {
    pub source: String,
    pub totals: Totals,
    pub inconsistencies: Vec<String>,
}

const REPORTED: &str = "reported_figures";

/// Words every proposal title has, which relate nothing.
const COMMON: &[&str] = &["关于", "建议", "我市", "推进", "加快", "加强", "提升", "完善", "推动", "助力", "进一步"];

/// The longest run of characters `a` and `b` share, once their common words are taken out.
fn shared_run(a: &str, b: &str) -> usize {
    let clean = |s: &str| -> Vec<char> {
        let mut s = s.to_owned();
        for word in COMMON {
            s = s.replace(word, "|");
        }
        s.chars().collect()
    };
    let (a, b) = (clean(a), clean(b));
    let mut best = 0;
    let mut row = vec![0usize; b.len() + 1];
    for ca in &a {
        let mut prev = 0;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = if ca == cb && ca.is_alphanumeric() { prev + 1 } else { 0 };
            best = best.max(row[j + 1]);
            prev = here;
        }
    }
    best
}

impl Tian {
    /// Imports a summary of past proposals (the format of seed 003), all of it or nothing.
    pub fn import_history_file(&mut self, path: &Path) -> Result<HistoryImport> {
        let archive = self.read_import("导入往年提案", path, tian_import::parse_history)?;
        self.progress.step("写入往年提案");
        let actor = self.actor.clone();
        let saved = self.store.save_history(&actor, &archive.entries)?;
        let reported = archive.reported.map(|totals| ReportedFigures {
            source: archive.source.clone(),
            inconsistencies: totals.inconsistencies(),
            totals,
        });
        if let Some(figures) = &reported {
            let mut all = self.reported_figures()?;
            all.retain(|f| f.source != figures.source);
            all.push(figures.clone());
            self.store.set_meta(REPORTED, &serde_json::to_string(&all).expect("figures serialise"))?;
        }
        let mut message = format!(
            "《{}》往年提案 {} 件：新增 {} 件，更新 {} 件，未变 {} 件。",
            archive.source,
            archive.entries.len(),
            saved.added,
            saved.changed,
            saved.unchanged
        );
        for problem in reported.iter().flat_map(|r| &r.inconsistencies) {
            message.push_str(&format!("\n数据核对：{problem}"));
        }
        Ok(HistoryImport {
            source: archive.source,
            entries: archive.entries.len() as u32,
            added: saved.added as u32,
            reported,
            message,
        })
    }

    /// Every past proposal in the archive, newest year first.
    pub fn history(&self) -> Result<Vec<HistoryEntry>> {
        Ok(self.store.read().history_entries()?)
    }

    /// 检索往年提案.
    pub fn search_history(&self, text: &str, limit: u32) -> Result<Vec<HistoryHit>> {
        Ok(self.store.read().search_history(text, limit)?)
    }

    /// The figures the imported summaries report, with their checks.
    pub fn reported_figures(&self) -> Result<Vec<ReportedFigures>> {
        let stored = self.store.read().meta(REPORTED)?;
        Ok(stored.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default())
    }
}

/// Past proposals of `history` on the same subject as `proposal`: their
/// titles share a run of at least four characters beyond the words every
/// title has. The caller reads the history once for all it relates.
pub(crate) fn related_history(history: &[HistoryEntry], proposal: &Proposal) -> Vec<HistoryEntry> {
    let mut related: Vec<(usize, &HistoryEntry)> =
        history.iter().map(|e| (shared_run(&proposal.title, &e.title), e)).filter(|(run, _)| *run >= 4).collect();
    related.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.year.cmp(&a.1.year)));
    related.into_iter().take(3).map(|(_, e)| e.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_relate_by_a_shared_subject_not_by_common_words() {
        assert_eq!(
            shared_run("关于提升为农服务水平，助力乡村振兴战略的建议", "完善政策扶持措施努力实现乡村振兴战略"),
            6
        );
        assert!(shared_run("关于加快推进我市健康养老产业发展的建议", "关于加快推进我市旅游全域发展的建议") < 4);
    }
}
