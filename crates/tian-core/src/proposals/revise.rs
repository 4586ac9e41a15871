//! 修改提案信息: the committee corrects a proposal as it was registered: a
//! typo in its 案由 or its proposer's name, a suggestion the announcement's
//! page break cut in two. Its identity (届次, 提案号) and its handling are
//! not touched, and a suggestion whose 落实情况 has been recorded keeps its
//! number, so what was recorded of it still names it.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tian_domain::{text, ProposalId};
use tian_store::ProposalField;
use ts_rs::TS;

use crate::proposals::dossier::Dossier;
use crate::{CoreError, Result, Tian};

/// 修改提案信息: the text of a proposal as the committee corrects it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProposalRevision {
    /// 案由.
    pub title: String,
    /// 提案者 (for a joint proposal its 领衔人).
    pub proposer: String,
    /// 内容摘要.
    pub summary: String,
    /// 建议, in order, without their numbers.
    pub suggestions: Vec<String>,
}

/// The action's name in the timeline; 撤销 takes it back as any 修改.
const ACTION: &str = "修改提案信息";

impl Tian {
    /// 修改提案信息: writes the fields of `revision` that differ from proposal
    /// `id` as held, in one step. Refused on a unit's installation (the
    /// committee registers proposals), for a blank 案由, 提案者 or
    /// suggestion, for dropping a suggestion whose 落实情况 was recorded (by
    /// the unit or on the proposer's form), and where nothing changes.
    pub fn revise_proposal(&mut self, id: &ProposalId, revision: ProposalRevision) -> Result<Dossier> {
        self.committee_only(ACTION)?;
        let dossier = self.dossier(id)?;
        let title = revision.title.trim();
        let proposer = revision.proposer.trim();
        let summary = revision.summary.trim();
        let suggestions: Vec<&str> = revision.suggestions.iter().map(|s| s.trim()).collect();
        if text::blank(title) {
            return Err(CoreError::Invalid("案由不能为空。".into()));
        }
        if text::blank(proposer) {
            return Err(CoreError::Invalid("提案者不能为空。".into()));
        }
        if let Some(n) = suggestions.iter().position(|s| text::blank(s)) {
            return Err(CoreError::Invalid(format!("第{}条建议是空的；不要的建议请删去这一条。", n + 1)));
        }
        if let Some(why) = self.suggestions_dropped(id, suggestions.len())? {
            return Err(CoreError::Invalid(why));
        }
        let held = &dossier.proposal;
        let changes: Vec<(ProposalField, Value)> = [
            (ProposalField::Title, title != held.title, json!(title)),
            (ProposalField::Proposer, proposer != held.proposer, json!(proposer)),
            (ProposalField::Summary, summary != held.summary, json!(summary)),
            (ProposalField::Suggestions, suggestions != held.suggestions, json!(suggestions)),
        ]
        .into_iter()
        .filter(|(_, differs, _)| *differs)
        .map(|(field, _, value)| (field, value))
        .collect();
        if changes.is_empty() {
            return Err(CoreError::Invalid("没有修改任何内容。".into()));
        }
        let actor = self.actor.clone();
        self.store.transact(&actor, ACTION, |w| -> Result<()> {
            for (field, value) in changes {
                w.set(field, id.as_str(), value)?;
            }
            Ok(())
        })?;
        self.dossier(id)
    }
}

impl Tian {
    /// Why proposal `id` may not be left with `count` suggestions: one whose
    /// 落实情况 was recorded (by its unit, or on the proposer's form) would
    /// lose its number, and the record would name none. The one rule for
    /// every path that writes a proposal's suggestions: 修改提案信息, and an
    /// announcement or a ledger imported again.
    pub(crate) fn suggestions_dropped(&self, id: &ProposalId, count: usize) -> Result<Option<String>> {
        // Progress is recorded only for a suggestion the proposal has: one
        // that keeps as many keeps every number recorded.
        match self.store.read().proposal(id)? {
            Some(held) if count < held.suggestions.len() => {}
            _ => return Ok(None),
        }
        let dossier = self.dossier(id)?;
        let recorded = dossier
            .suggestion_status
            .iter()
            .map(|s| s.index)
            .chain(dossier.feedback.iter().flat_map(|f| f.form.suggestions.iter().map(|s| s.index)))
            .max();
        Ok(recorded.filter(|&last| last as usize > count).map(|last| {
            format!("第{last}条建议已记录了落实情况，不能删去；至少要保留{last}条建议（可以修改它们的文字）。")
        }))
    }

    /// [`Tian::suggestions_dropped`] for each of `proposals` about to be saved.
    pub(crate) fn keeps_recorded_suggestions(&self, proposals: &[tian_domain::Proposal]) -> Result<()> {
        for p in proposals {
            if let Some(why) = self.suggestions_dropped(&p.id(), p.suggestions.len())? {
                return Err(CoreError::Invalid(format!("第{}号提案：{why}", p.number)));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revision(d: &Dossier) -> ProposalRevision {
        let p = &d.proposal;
        ProposalRevision {
            title: p.title.clone(),
            proposer: p.proposer.clone(),
            summary: p.summary.clone(),
            suggestions: p.suggestions.clone(),
        }
    }

    #[test]
    fn a_typo_is_corrected_and_taken_back_and_nothing_else_moves() {
        let dir = tempfile::tempdir().unwrap();
        let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
        let id = tian.resolve("0069", None).unwrap();
        let before = tian.dossier(&id).unwrap();
        let mut fixed = revision(&before);
        fixed.title = "关于大力发展智慧教育、加快推进我市基础教育现代化的建议".into();
        fixed.suggestions[0] = format!("{}（已核对原件）", fixed.suggestions[0]);
        let after = tian.revise_proposal(&id, fixed.clone()).unwrap();
        assert_eq!(after.proposal.title, fixed.title);
        assert_eq!(after.proposal.suggestions, fixed.suggestions);
        assert_eq!(
            (&after.proposal.proposer, &after.proposal.summary, after.proposal.stage),
            (&before.proposal.proposer, &before.proposal.summary, before.proposal.stage)
        );
        let same = tian.revise_proposal(&id, fixed).unwrap_err().to_string();
        assert!(same.contains("没有修改任何内容"), "{same}");
        let undone = tian.undo(&id).unwrap();
        assert_eq!(undone.proposal, before.proposal, "撤销 puts the text back as it was");
    }
}
