//! 答复公开: whether each answer may be published, decided by the unit
//! that gave it or by the committee (the unit's choice travels in its
//! package), and the committee's publication of a 届次's public answers as
//! a static site for its website (`tian publish`).

mod site;

pub(crate) use site::{escape as escape_html, stem as file_stem};

use std::path::Path;

use serde::Serialize;
use serde_json::json;
use tian_domain::{ProposalFilter, ProposalId, Reply, Stage};
use tian_store::ReplyField;
use ts_rs::TS;

use crate::handling::corrections::RecordKind;
use crate::handling::steps::unchanged_is_refused;
use crate::proposals::dossier::{Answer, Dossier};
use crate::{CoreError, Result, Tian};

/// What a publication wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Publication {
    /// The folder the site stands in.
    pub folder: String,
    /// Proposals with a public answer, each a page and a PDF.
    pub proposals: u32,
    /// Answers published.
    pub answers: u32,
    /// Answers left out: 不公开, or under 联合主办 one unit's letter is.
    pub withheld: u32,
}

/// One proposal as published: its public answers, each with its letters.
pub(crate) struct Published<'d> {
    pub dossier: &'d Dossier,
    pub answers: Vec<(Answer, Vec<&'d Reply>)>,
}

/// Whether `d` may be shown at all: registered, and not withdrawn.
fn publishable(d: &Dossier) -> bool {
    !matches!(d.proposal.stage, Stage::Withdrawn | Stage::NotRegistered | Stage::Merged | Stage::ToOpinion)
}

impl Tian {
    /// 设为公开 / 设为不公开: whether lead answer `reply_id` of `id` may be
    /// published, with the reason when not. The committee decides for any
    /// answer, a unit for its own; the choice stands apart from the
    /// answer's substance, so it may be made after the proposer's verdict.
    pub fn set_publicity(&mut self, id: &ProposalId, reply_id: &str, public: bool, reason: &str) -> Result<Dossier> {
        self.owns(id, RecordKind::Reply, reply_id)?;
        let dossier = self.dossier(id)?;
        let reply = dossier
            .replies
            .iter()
            .find(|r| r.id == reply_id)
            .ok_or_else(|| CoreError::Invalid("本提案没有这份答复。".into()))?;
        if !reply.lead {
            return Err(CoreError::Invalid("会办意见是送主办单位的意见，不对外公开。".into()));
        }
        let reason = Reply::publicity_reason(public, reason).map_err(CoreError::Invalid)?;
        let action = if public {
            format!("设为公开：{}的答复", reply.unit)
        } else {
            format!("设为不公开：{}的答复（{reason}）", reply.unit)
        };
        let actor = self.actor.clone();
        self.store.transact(&actor, &action, |w| -> Result<()> {
            w.set(ReplyField::Public, reply_id, json!(public))?;
            w.set(ReplyField::PrivateReason, reply_id, json!(reason))?;
            unchanged_is_refused(w)
        })?;
        self.dossier(id)
    }

    /// 发布公开答复: the public answers of `session` as a static site in
    /// `folder` (a new or empty one): index.html, and for each proposal with
    /// a public answer a page and a PDF. Nothing withdrawn, not registered,
    /// or 不公开 is in it, nor a 会办意见, a contact's phone or an attachment.
    pub fn publish(&self, session: &str, folder: &Path) -> Result<Publication> {
        self.committee_only("发布公开答复")?;
        self.known_session(session)?;
        let dossiers: Vec<Dossier> = self
            .dossiers(&ProposalFilter::default())?
            .into_iter()
            .filter(|d| d.proposal.session == session && publishable(d))
            .collect();
        let mut published = Vec::new();
        let mut withheld = 0;
        for d in &dossiers {
            let mut answers = Vec::new();
            for answer in d.answers() {
                let letters: Vec<&Reply> =
                    answer.letters.iter().filter_map(|id| d.replies.iter().find(|r| &r.id == id)).collect();
                // A joint answer is published only if every letter in it may be.
                if !letters.is_empty() && letters.iter().all(|r| r.public) {
                    answers.push((answer, letters));
                } else {
                    withheld += 1;
                }
            }
            if !answers.is_empty() {
                published.push(Published { dossier: d, answers });
            }
        }
        if published.is_empty() {
            return Err(CoreError::Invalid(format!("{session}没有可以公开的答复：答复均未录入，或均已设为不公开。")));
        }
        let settings = self.settings()?;
        self.progress.step("生成页面");
        let files = site::build(session, &published, &settings, self.today)?;
        self.progress.step("写出文件");
        site::write(folder, &files)?;
        Ok(Publication {
            folder: folder.display().to_string(),
            proposals: published.len() as u32,
            answers: published.iter().map(|p| p.answers.len() as u32).sum(),
            withheld,
        })
    }
}
