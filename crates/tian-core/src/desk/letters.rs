//! 复文: the unit's letters, from the draft saved to the letter the
//! committee has confirmed receiving.

use chrono::NaiveDate;
use serde::Serialize;
use tian_domain::{AnswerClass, Reply};
use tian_store::Delivery;
use ts_rs::TS;

use crate::handling::letter::LetterDraft;
use crate::proposals::dossier::Dossier;
use crate::{Result, Tian};

/// Where a letter stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum LetterState {
    /// Drafted and saved, not yet recorded as the reply.
    #[serde(rename = "草稿")]
    Drafted,
    /// Recorded as the reply, in no package yet.
    #[serde(rename = "已录入")]
    Recorded,
    /// Sent to the committee in a package it has not confirmed.
    #[serde(rename = "已发送")]
    Sent,
    /// The committee's 回执 confirms it holds the letter.
    #[serde(rename = "委员会已收到")]
    Confirmed,
    /// The committee refused it (its 回执 says why), and it was taken back
    /// here: the clerk records it again, corrected.
    #[serde(rename = "委员会未接受")]
    Refused,
}

/// 复文: one letter of the unit.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LetterRow {
    pub number: String,
    pub session: String,
    pub title: String,
    /// An answer to the proposer (主办), or a 会办意见 to the lead unit.
    pub lead: bool,
    pub class: Option<AnswerClass>,
    /// 复文文号
    pub doc_number: String,
    pub signer: String,
    /// 成文日期
    pub date: NaiveDate,
    /// The letter's file: where a draft was saved, or the file recorded with the reply.
    pub file: Option<String>,
    /// A draft's file on this computer, to open.
    pub path: Option<String>,
    pub state: LetterState,
    /// Why the committee refused it.
    pub refused_for: Option<String>,
}

impl LetterRow {
    /// The row of the reply `r` recorded on `d`.
    fn recorded(d: &Dossier, r: &Reply, state: LetterState, refused_for: Option<String>) -> LetterRow {
        LetterRow {
            number: d.proposal.number.clone(),
            session: d.proposal.session.clone(),
            title: d.proposal.title.clone(),
            lead: r.lead,
            class: r.class,
            doc_number: r.number.clone(),
            signer: r.signer.clone(),
            date: r.date,
            file: r.attachments.first().map(|a| a.name.clone()),
            path: None,
            state,
            refused_for,
        }
    }
}

/// 复文草稿: the letter this installation drafted for a proposal and has not
/// recorded yet, for the answer form to take up again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct KeptDraft {
    pub draft: LetterDraft,
    /// Where the clerk saved it.
    pub path: String,
    /// Whether the file is still there.
    pub found: bool,
}

impl Tian {
    /// The draft this unit's installation keeps for proposal `id`, if any.
    pub fn kept_draft(&self, id: &tian_domain::ProposalId) -> Result<Option<KeptDraft>> {
        let Some(unit) = self.unit_name()? else { return Ok(None) };
        let kept = self.store.read().letter_drafts(&unit)?.into_iter().find(|d| d.proposal_id == id.as_str());
        // A draft is this desk's own writing; one it cannot read is none.
        Ok(kept.and_then(|d| {
            let draft = serde_json::from_str(&d.draft).ok()?;
            Some(KeptDraft { found: std::path::Path::new(&d.path).is_file(), draft, path: d.path })
        }))
    }

    /// Keeps `draft`, saved at `path`, as the unit's draft on `dossier`
    /// until its reply is recorded.
    pub(crate) fn keep_draft(&mut self, dossier: &Dossier, unit: &str, draft: &LetterDraft, path: &str) -> Result<()> {
        let record = tian_store::DraftRecord {
            proposal_id: dossier.proposal.id().as_str().to_owned(),
            unit: unit.to_owned(),
            path: path.to_owned(),
            draft: serde_json::to_string(draft).map_err(tian_store::StoreError::from)?,
            drafted_at: crate::exchange::now_rfc3339(),
        };
        let actor = self.actor.clone();
        self.store.transact(&actor, "起草复文", |w| w.keep_letter_draft(&record))?;
        Ok(())
    }

    /// The letters of `unit` on `dossiers`: drafts first, latest first, then
    /// the recorded ones, latest first, each as far as it has travelled.
    pub(super) fn letters_of(&self, unit: &str, dossiers: &[Dossier]) -> Result<Vec<LetterRow>> {
        let read = self.store.read();
        let committee = read.trusted_peers()?.into_iter().find(|p| p.role == "committee").map(|p| p.name);
        // A draft of a proposal since moved to other units (改办) is no longer the unit's.
        let find = |id: &str| {
            dossiers.iter().find(|d| {
                d.proposal.id().as_str() == id
                    && (d.handling.lead_units.iter().any(|u| u == unit)
                        || d.handling.co_units.iter().any(|u| u == unit))
            })
        };
        let mut out = Vec::new();
        for draft in read.letter_drafts(unit)? {
            // A draft is this desk's own writing; one it cannot read is left out, not fatal.
            let (Some(d), Ok(letter)) = (find(&draft.proposal_id), serde_json::from_str::<LetterDraft>(&draft.draft))
            else {
                continue;
            };
            let name = std::path::Path::new(&draft.path).file_name().map(|n| n.to_string_lossy().into_owned());
            out.push(LetterRow {
                number: d.proposal.number.clone(),
                session: d.proposal.session.clone(),
                title: d.proposal.title.clone(),
                lead: d.handling.lead_units.iter().any(|u| u == unit),
                class: letter.class,
                doc_number: letter.number,
                signer: letter.signer,
                date: letter.date,
                file: name,
                path: Some(draft.path),
                state: LetterState::Drafted,
                refused_for: None,
            });
        }
        let mut recorded = Vec::new();
        for d in dossiers {
            for r in d.replies.iter().filter(|r| r.unit == unit) {
                let state = match &committee {
                    None => LetterState::Recorded,
                    Some(peer) => match read.delivery(&r.id, self.store.origin(), peer)? {
                        Delivery::Unsent => LetterState::Recorded,
                        Delivery::Sent => LetterState::Sent,
                        Delivery::Confirmed => LetterState::Confirmed,
                    },
                };
                recorded.push(LetterRow::recorded(d, r, state, None));
            }
        }
        // A letter refused is listed until the unit's answer of that kind
        // (主办 or 会办) on the proposal is recorded again.
        for withdrawn in read.withdrawn_records::<Reply>(tian_store::Entity::Reply)? {
            let r = withdrawn.record;
            let Some(d) = find(&withdrawn.proposal_id) else { continue };
            if r.unit != unit || d.replies.iter().any(|again| again.unit == unit && again.lead == r.lead) {
                continue;
            }
            recorded.push(LetterRow::recorded(d, &r, LetterState::Refused, Some(withdrawn.reason)));
        }
        recorded.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.number.cmp(&a.number)));
        out.extend(recorded);
        Ok(out)
    }
}
