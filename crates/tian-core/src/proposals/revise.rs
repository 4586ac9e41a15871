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

/// The longest 案由 a revision writes: a title is a sentence, and a ledger
/// or a report prints it on a line or two.
const LONGEST_TITLE: usize = 500;
/// The longest 内容摘要 or suggestion: within what a spreadsheet's cell
/// holds (32,767 characters), so the ledger still exports.
const LONGEST_TEXT: usize = 20_000;
/// The most suggestions: more than any proposal has; the proposer's form
/// judges at most 999.
const MOST_SUGGESTIONS: usize = 200;

impl Tian {
    /// 修改提案信息: writes the fields of `revision` that differ from proposal
    /// `id` as held, in one step. Refused on a unit's installation (the
    /// committee registers proposals), for a blank 案由, 提案者 or
    /// suggestion, for dropping a suggestion whose 落实情况 was recorded (by
    /// the unit or on the proposer's form), and where nothing changes.
    pub fn revise_proposal(&mut self, id: &ProposalId, revision: ProposalRevision) -> Result<Dossier> {
        self.committee_only(ACTION)?;
        let dossier = self.dossier(id)?;
        let held = &dossier.proposal;
        let title = revision.title.trim();
        let proposer = revision.proposer.trim();
        let summary = revision.summary.trim();
        let suggestions: Vec<&str> = revision.suggestions.iter().map(|s| s.trim()).collect();
        let invalid = |why: String| Err(CoreError::Invalid(why));
        if text::blank(title) {
            return invalid("案由不能为空。".into());
        }
        // One imported without a 提案者 may still have its title corrected.
        if text::blank(proposer) && proposer != held.proposer.trim() {
            return invalid("提案者不能为空。".into());
        }
        // A name with a character that shows as nothing is another name that
        // looks the same, as a ledger is told.
        if proposer.chars().any(text::unseen) {
            return invalid("提案者含有看不见的字符（如零宽空格、文字方向符），请删去后再保存。".into());
        }
        for (n, suggestion) in suggestions.iter().enumerate() {
            let n = n + 1;
            if text::blank(suggestion) {
                return invalid(format!("第{n}条建议是空的；不要的建议请删去这一条。"));
            }
            // A ledger writes a proposal's suggestions a line each: one of
            // two lines would come back from it as two suggestions.
            if suggestion.contains(['\n', '\r']) {
                return invalid(format!("第{n}条建议中有换行；一条建议写成一段，另一条请用“添加一条建议”。"));
            }
        }
        for (field, text, most) in [("案由", title, LONGEST_TITLE), ("内容摘要", summary, LONGEST_TEXT)]
            .into_iter()
            .chain(suggestions.iter().map(|s| ("建议", *s, LONGEST_TEXT)))
        {
            if text.chars().count() > most {
                return invalid(format!("{field}超过{most}字，请精简后再保存（台账的一格也放不下）。"));
            }
        }
        if suggestions.len() > MOST_SUGGESTIONS {
            return invalid(format!("建议超过{MOST_SUGGESTIONS}条，请合并后再保存。"));
        }
        if let Some(why) = self.recorded_suggestion_moved(held, &suggestions)? {
            return invalid(format!("{why}。"));
        }
        // The kind follows the name, as an announcement or a ledger reads it.
        let kind = tian_domain::ProposerKind::of_name(proposer);
        let changes: Vec<(ProposalField, Value)> = [
            (ProposalField::Title, title != held.title, json!(title)),
            (ProposalField::Proposer, proposer != held.proposer, json!(proposer)),
            (ProposalField::ProposerKind, proposer != held.proposer && kind != held.proposer_kind, json!(kind)),
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
    /// Why proposal `id` may not be given `suggestions`: a suggestion whose
    /// 落实情况 was recorded (by its unit, or on the proposer's form) is
    /// named by its number, so its words must stay at that number. They may
    /// be corrected only in a revision that changes nothing else of the
    /// list: a revision that also moves, adds, takes away or rewords
    /// another suggestion could hand the record to another suggestion's
    /// words (one taken away before it, one added), and is refused. The one
    /// rule for every path that writes a proposal's suggestions: 修改提案信息,
    /// and an announcement or a ledger imported again.
    ///
    /// `held` is the proposal as stored, which each caller has read already.
    pub(crate) fn recorded_suggestion_moved<S: AsRef<str>>(
        &self,
        held: &tian_domain::Proposal,
        suggestions: &[S],
    ) -> Result<Option<String>> {
        let same =
            |at: usize| suggestions.get(at).map(|s| s.as_ref().trim()) == held.suggestions.get(at).map(|s| s.trim());
        let changed: Vec<usize> = (0..held.suggestions.len().max(suggestions.len())).filter(|&at| !same(at)).collect();
        if changed.is_empty() {
            return Ok(None);
        }
        let recorded = self.dossier(&held.id())?.recorded_suggestions();
        // Only recorded suggestions reworded, in place, none to words another
        // held (a swap or a rotation would carry the records with it): a
        // correction.
        let brought_from_elsewhere = |at: usize| {
            let now = suggestions[at].as_ref().trim();
            held.suggestions.iter().enumerate().any(|(k, was)| k != at && was.trim() == now)
        };
        if suggestions.len() == held.suggestions.len()
            && changed.iter().all(|at| recorded.contains(&(at + 1)) && !brought_from_elsewhere(*at))
        {
            return Ok(None);
        }
        let Some(&i) = recorded.iter().find(|&&i| changed.contains(&(i - 1))) else { return Ok(None) };
        Ok(Some(if i > suggestions.len() {
            format!("第{i}条建议已记录落实情况，不能删去；至少要保留{i}条建议（可以修改它们的文字）")
        } else {
            format!(
                "第{i}条建议已记录落实情况，这次修改会使它对应到别的文字（增删或调换了它和它前面的建议，或改它的文字时又改动了其他建议）；请分两次保存：先只改已记录落实情况的建议的文字，再增删或修改其他建议（增删只能在第{i}条之后）"
            )
        }))
    }

    /// [`Tian::recorded_suggestion_moved`] for each of `proposals` about to be saved.
    pub(crate) fn keeps_recorded_suggestions(&self, proposals: &[tian_domain::Proposal]) -> Result<()> {
        for p in proposals {
            let Some(held) = self.store.read().proposal(&p.id())? else { continue };
            if let Some(why) = self.recorded_suggestion_moved(&held, &p.suggestions)? {
                return Err(CoreError::Invalid(format!("第{}号提案：{why}。", p.number)));
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
