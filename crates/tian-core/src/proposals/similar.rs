//! 相似提案: for a proposal, the most similar proposals of its own 届次 and
//! earlier ones, and the past proposals (往年提案), with what became of
//! them: the clerk sees at 立案 what was asked before and how it was
//! answered, and a near-duplicate in the same 届次 is offered for 并案.
//!
//! A proposal's title says its matter. Two proposals are compared by the
//! two-character words (学前, 托育) of their titles, less the frame 关于…的建议,
//! each weighed by how rare it is among all titles (so 推进, 发展 hardly
//! count), as a weighted Dice coefficient; their summaries' words, unweighed,
//! add a fifth. Measured on pairs judged by hand from the generated term
//! (`tests/fixtures/similar_pairs.tsv`, `tests/similar.rs`): from
//! [`SIMILAR_FROM`] precision 1.00 and recall 0.90 for related proposals,
//! from [`DUPLICATE_FROM`] precision and recall 1.00 for the same matter.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use tian_domain::{AnswerClass, ProposalId, Stage};
use tian_store::Titled;
use ts_rs::TS;

use crate::{Result, Tian};

/// Shown as similar from this score (of 100).
pub const SIMILAR_FROM: u32 = 20;
/// 疑似重复 within one 届次 from this score, and offered for 并案.
pub const DUPLICATE_FROM: u32 = 70;
/// How much the titles weigh against the summaries.
const TITLE_SHARE: f64 = 0.8;
/// The closest titles whose summaries are read too.
const CANDIDATES: usize = 60;

/// 相似提案: one proposal (or past proposal) like another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SimilarProposal {
    /// 届次 and 提案号; empty for a past proposal.
    pub session: String,
    pub number: String,
    /// The year of a past proposal (往年提案); `None` for a proposal.
    pub year: Option<i32>,
    pub title: String,
    /// 相似度, 0–100.
    pub score: u32,
    /// 疑似重复: of the same 届次 and close enough to offer 并案.
    pub near_duplicate: bool,
    /// Its stage; `None` for a past proposal.
    pub stage: Option<Stage>,
    pub lead_units: Vec<String>,
    /// 答复类别 of its answer, the least resolved of its lead units'.
    pub class: Option<AnswerClass>,
    /// The first words of its answer, or of a past proposal's 办理情况.
    pub answer: String,
}

type Gram = (char, char);

/// The distinct two-character words of `text`.
fn grams(text: &str) -> BTreeSet<Gram> {
    let is_cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).filter(|w| is_cjk(w[0]) && is_cjk(w[1])).map(|w| (w[0], w[1])).collect()
}

/// A title's words without the frame every proposal's title has.
fn title_grams(title: &str) -> BTreeSet<Gram> {
    let title = title.trim();
    let title = title.strip_prefix("关于").unwrap_or(title);
    let title = ["的建议", "的提案", "建议"].iter().find_map(|end| title.strip_suffix(end)).unwrap_or(title);
    grams(title)
}

/// Dice's coefficient of `a` and `b`, each word weighed by `weight`.
fn dice(a: &BTreeSet<Gram>, b: &BTreeSet<Gram>, weight: impl Fn(&Gram) -> f64) -> f64 {
    let total: f64 = a.iter().chain(b).map(&weight).sum();
    match total > 0.0 {
        true => 2.0 * a.intersection(b).map(&weight).sum::<f64>() / total,
        false => 0.0,
    }
}

/// Every title's words and how many titles hold each: read once for a
/// page, or for a whole import.
pub(crate) struct TitleIndex {
    docs: Vec<(Titled, BTreeSet<Gram>)>,
    held_by: HashMap<Gram, u32>,
}

impl TitleIndex {
    fn of(docs: Vec<Titled>) -> TitleIndex {
        let docs: Vec<(Titled, BTreeSet<Gram>)> = docs
            .into_iter()
            .map(|d| {
                let grams = title_grams(&d.title);
                (d, grams)
            })
            .collect();
        let mut held_by: HashMap<Gram, u32> = HashMap::new();
        for gram in docs.iter().flat_map(|(_, g)| g) {
            *held_by.entry(*gram).or_default() += 1;
        }
        TitleIndex { docs, held_by }
    }

    /// A word's weight: rarer among the titles, heavier.
    fn weight(&self, gram: &Gram) -> f64 {
        let n = self.docs.len() as f64;
        let held = f64::from(self.held_by.get(gram).copied().unwrap_or(0));
        ((n + 1.0) / (held + 1.0)).ln() + 1.0
    }
}

/// How much of `text` a list shows.
fn opening(text: &str) -> String {
    tian_domain::text::one_line(text, 120)
}

impl Tian {
    /// Every title, for comparing proposals against.
    pub(crate) fn title_index(&self) -> Result<TitleIndex> {
        Ok(TitleIndex::of(self.store.read().titles()?))
    }

    /// The proposals and past proposals most like `id`, most similar
    /// first, at most `limit`, each at least [`SIMILAR_FROM`].
    pub fn similar(&self, id: &ProposalId, limit: usize) -> Result<Vec<SimilarProposal>> {
        self.similar_in(&self.title_index()?, id, limit)
    }

    fn similar_in(&self, index: &TitleIndex, id: &ProposalId, limit: usize) -> Result<Vec<SimilarProposal>> {
        let found = self.scored(index, id)?;
        let mut out = Vec::new();
        let read = self.store.read();
        for (doc, score) in found.into_iter().filter(|(_, s)| *s >= SIMILAR_FROM).take(limit) {
            if let Some(history) = &doc.history_id {
                let Some(entry) = read.history_entry(history)? else { continue };
                out.push(SimilarProposal {
                    session: String::new(),
                    number: String::new(),
                    year: Some(entry.year),
                    title: entry.title,
                    score,
                    near_duplicate: false,
                    stage: None,
                    lead_units: Vec::new(),
                    class: None,
                    answer: opening(&entry.handling),
                });
                continue;
            }
            let Some(other) = doc.proposal_id.as_deref().map(ProposalId::parse) else { continue };
            let d = self.dossier(&other)?;
            let answer = d.replies.iter().rev().find(|r| r.lead).map(|r| opening(&r.text)).unwrap_or_default();
            out.push(SimilarProposal {
                near_duplicate: d.proposal.session == id.session() && score >= DUPLICATE_FROM,
                class: d.answer_class(),
                lead_units: d.handling.lead_units.clone(),
                stage: Some(d.proposal.stage),
                session: d.proposal.session,
                number: d.proposal.number,
                year: None,
                title: d.proposal.title,
                score,
                answer,
            });
        }
        Ok(out)
    }

    /// How similar `other` is to `id`, of 100: `other` is a proposal's id
    /// (十三届五次/0069) or a past proposal's (往年/2021/加快培育先进制造业集群).
    pub fn similarity(&self, id: &ProposalId, other: &str) -> Result<u32> {
        let read = self.store.read();
        let Some((title, summary)) = read.proposal_text(id)? else { return Ok(0) };
        let index = self.title_index()?;
        let other = match other.strip_prefix("往年/") {
            Some(h) => Titled { proposal_id: None, history_id: Some(h.to_owned()), title: String::new() },
            None => Titled { proposal_id: Some(other.to_owned()), history_id: None, title: String::new() },
        };
        let Some((doc, theirs)) =
            index.docs.iter().find(|(d, _)| d.proposal_id == other.proposal_id && d.history_id == other.history_id)
        else {
            return Ok(0);
        };
        let titles = dice(&title_grams(&title), theirs, |g| index.weight(g));
        let bodies = dice(&grams(&summary), &grams(&read.body_of(doc)?), |_| 1.0);
        Ok(score_of(titles, bodies))
    }

    /// Every other proposal and past proposal with its score of 100, best
    /// first: the titles closest to `id`'s, compared with their summaries too.
    fn scored(&self, index: &TitleIndex, id: &ProposalId) -> Result<Vec<(Titled, u32)>> {
        let read = self.store.read();
        let Some((title, summary)) = read.proposal_text(id)? else { return Ok(Vec::new()) };
        let own = title_grams(&title);
        let mut by_title: Vec<(usize, f64)> = index
            .docs
            .iter()
            .enumerate()
            .filter(|(_, (d, _))| d.proposal_id.as_deref() != Some(id.as_str()))
            .map(|(i, (_, grams))| (i, dice(&own, grams, |g| index.weight(g))))
            .filter(|(_, s)| *s > 0.0)
            .collect();
        by_title.sort_by(|a, b| b.1.total_cmp(&a.1));
        let own_body = grams(&summary);
        let mut out = Vec::new();
        for (i, titles) in by_title.into_iter().take(CANDIDATES) {
            let doc = &index.docs[i].0;
            let bodies = dice(&own_body, &grams(&read.body_of(doc)?), |_| 1.0);
            out.push((doc.clone(), score_of(titles, bodies)));
        }
        out.sort_by_key(|(_, score)| std::cmp::Reverse(*score));
        Ok(out)
    }
}

/// The score of 100 from the titles' and the summaries' likeness.
fn score_of(titles: f64, bodies: f64) -> u32 {
    ((TITLE_SHARE * titles + (1.0 - TITLE_SHARE) * bodies) * 100.0).round().clamp(0.0, 100.0) as u32
}

/// 相似提案 at import: a proposal just imported and the one most like it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SimilarAtImport {
    pub session: String,
    pub number: String,
    pub title: String,
    pub similar: SimilarProposal,
}

impl Tian {
    /// For each of `proposals` (just imported), the proposal or past
    /// proposal most like it, where one is similar enough to show.
    pub(crate) fn similar_at_import(&self, proposals: &[tian_domain::Proposal]) -> Result<Vec<SimilarAtImport>> {
        self.progress.step("查找相似提案");
        let index = self.title_index()?;
        let mut out = Vec::new();
        for (n, p) in proposals.iter().enumerate() {
            self.progress.report("查找相似提案", n as u64, proposals.len() as u64);
            let id = p.id();
            if let Some(similar) = self.similar_in(&index, &id, 1)?.into_iter().next() {
                out.push(SimilarAtImport {
                    session: p.session.clone(),
                    number: p.number.clone(),
                    title: p.title.clone(),
                    similar,
                });
            }
        }
        // The near-duplicates first, then the closest.
        out.sort_by(|a, b| {
            (b.similar.near_duplicate, b.similar.score).cmp(&(a.similar.near_duplicate, a.similar.score))
        });
        Ok(out)
    }
}
