//! 相似提案: for a proposal, the most similar proposals of every 届次 (its
//! own, earlier and later ones) and the past proposals (往年提案), with what became of
//! them: the clerk sees at 立案 what was asked before and how it was
//! answered, and a near-duplicate in the same 届次 is offered for 并案.
//!
//! A proposal's title says its matter. Two proposals are compared by the
//! two-character words (学前, 托育) of their titles, less the frame 关于…的建议
//! and the stock phrases of official writing ([`STOCK`]), each weighed by
//! how rare it is among all titles and the sentences of the city's plan
//! documents, as a weighted Dice coefficient; their summaries' words,
//! unweighed, add a fifth. Measured on pairs judged by hand from the
//! generated term (`tests/fixtures/similar_pairs.tsv`, `tests/similar.rs`):
//! from [`SIMILAR_FROM`] precision 0.98 and recall 0.92 for related
//! proposals, from [`DUPLICATE_FROM`] precision and recall 1.00 for the
//! same matter.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use tian_domain::{AnswerClass, ProposalId, Stage};
use tian_store::Titled;
use ts_rs::TS;

use crate::{Result, Tian};

/// Shown as similar from this score (of 100).
pub const SIMILAR_FROM: u32 = 15;
/// 疑似重复 within one 届次 from this score, and offered for 并案.
pub const DUPLICATE_FROM: u32 = 70;
/// How much the titles weigh against the summaries.
const TITLE_SHARE: f64 = 0.8;
/// The closest titles whose summaries are read too.
const CANDIDATES: usize = 30;
/// How much of a title, and of a summary, is compared: a real title is a
/// line, a summary a page; a ledger's 10,000-character cell is not read
/// whole for every proposal it is compared with.
const TITLE_CHARS: usize = 200;
const BODY_CHARS: usize = 3_000;

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

/// The distinct two-character words of `text`'s first `most` characters.
fn grams(text: &str, most: usize) -> BTreeSet<Gram> {
    let is_cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let chars: Vec<char> = text.chars().take(most).collect();
    chars.windows(2).filter(|w| is_cjk(w[0]) && is_cjk(w[1])).map(|w| (w[0], w[1])).collect()
}

/// The words every proposal's title is made with, whatever its matter:
/// the frame (关于…的建议) and the verbs and stock phrases of official
/// writing. They are cut out of a title before it is compared, with the
/// two-character words across them (推进我市 would leave 进我): in a
/// workspace of a few dozen proposals no count of rarity could tell that
/// 加快推进我市 says nothing of the matter.
const STOCK: [&str; 36] = [
    "进一步",
    "高质量",
    "现代化",
    "关于",
    "的建议",
    "的提案",
    "建议",
    "加快",
    "推进",
    "推动",
    "促进",
    "加强",
    "提升",
    "提高",
    "完善",
    "健全",
    "构建",
    "打造",
    "实施",
    "落实",
    "强化",
    "深化",
    "优化",
    "全面",
    "大力",
    "积极",
    "着力",
    "切实",
    "我市",
    "全市",
    "本市",
    "发展",
    "建设",
    "有关",
    "问题",
    "助力",
];

/// A title's words, less the stock ones.
fn title_grams(title: &str) -> BTreeSet<Gram> {
    let mut title: String = title.chars().take(TITLE_CHARS).collect();
    for stock in STOCK {
        title = title.replace(stock, "|");
    }
    grams(&title, TITLE_CHARS)
}

/// Dice's coefficient of two summaries' words.
fn dice(a: &BTreeSet<Gram>, b: &BTreeSet<Gram>) -> f64 {
    match a.len() + b.len() {
        0 => 0.0,
        total => 2.0 * a.intersection(b).count() as f64 / total as f64,
    }
}

/// Every title's words, numbered, and how rare each is: read once for a
/// page, or for a whole import, and compared with a proposal's title by a
/// merge of two short sorted lists per title (a term's 3,500 titles in
/// well under a millisecond).
pub(crate) struct TitleIndex {
    docs: Vec<Titled>,
    /// How many titles and sentences of the city's documents the weights
    /// are counted over.
    counted: usize,
    /// Per title, its words' numbers, sorted.
    grams: Vec<Vec<u32>>,
    /// Per title, the sum of its words' weights.
    totals: Vec<f64>,
    /// Per word number, its weight: rarer among the titles, heavier.
    weights: Vec<f64>,
    numbers: HashMap<Gram, u32>,
}

impl TitleIndex {
    /// `docs`' titles, their words weighed by how rare they are among
    /// the titles and the sentences of `background` (the city's plan
    /// documents, where a word of every official text is common however
    /// few proposals the workspace holds).
    fn of(docs: Vec<Titled>, background: &[String]) -> TitleIndex {
        let mut numbers: HashMap<Gram, u32> = HashMap::new();
        let mut held_by: Vec<u32> = Vec::new();
        let numbered: Vec<Vec<u32>> = docs
            .iter()
            .map(|d| {
                let mut own: Vec<u32> = title_grams(&d.title)
                    .into_iter()
                    .map(|g| {
                        let next = numbers.len() as u32;
                        *numbers.entry(g).or_insert(next)
                    })
                    .collect();
                own.sort_unstable();
                for &n in &own {
                    match held_by.get_mut(n as usize) {
                        Some(count) => *count += 1,
                        None => held_by.push(1),
                    }
                }
                own
            })
            .collect();
        let mut sentences = 0;
        for sentence in background.iter().flat_map(|text| text.split(['。', '；', '！', '？', '\n'])) {
            let words = grams(sentence, BODY_CHARS);
            if words.is_empty() {
                continue;
            }
            sentences += 1;
            for word in words {
                if let Some(&n) = numbers.get(&word) {
                    held_by[n as usize] += 1;
                }
            }
        }
        let counted = docs.len() + sentences;
        let n = counted as f64;
        let weights: Vec<f64> = held_by.iter().map(|&held| ((n + 1.0) / (f64::from(held) + 1.0)).ln() + 1.0).collect();
        let totals = numbered.iter().map(|g| g.iter().map(|&w| weights[w as usize]).sum()).collect();
        TitleIndex { docs, grams: numbered, totals, weights, numbers, counted }
    }

    /// A title's words as this index numbers them; a word no title holds
    /// is numbered past the rest, with the weight of a word held once.
    fn numbered(&self, title: &str) -> (Vec<u32>, f64) {
        let unheld = ((self.counted as f64 + 1.0) / 2.0).ln() + 1.0;
        let mut total = 0.0;
        let mut own: Vec<u32> = title_grams(title)
            .into_iter()
            .map(|g| match self.numbers.get(&g) {
                Some(&n) => {
                    total += self.weights[n as usize];
                    n
                }
                None => {
                    total += unheld;
                    u32::MAX
                }
            })
            .collect();
        own.sort_unstable();
        (own, total)
    }

    /// The weighted Dice coefficient of title `doc` and the words `own`
    /// (weighing `total`).
    fn likeness(&self, doc: usize, own: &[u32], total: f64) -> f64 {
        let theirs = &self.grams[doc];
        let (mut i, mut j, mut shared) = (0, 0, 0.0);
        while i < own.len() && j < theirs.len() {
            match own[i].cmp(&theirs[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += self.weights[own[i] as usize];
                    i += 1;
                    j += 1;
                }
            }
        }
        match total + self.totals[doc] > 0.0 {
            true => 2.0 * shared / (total + self.totals[doc]),
            false => 0.0,
        }
    }
}

/// How much of `text` a list shows: an answer's substance, after the
/// salutation a reply letter opens with (…收悉，现答复如下).
fn opening(text: &str) -> String {
    let substance = ["现答复如下：", "现答复如下。", "现答复如下:", "现答复如下"]
        .iter()
        .find_map(|opening| text.split_once(opening).map(|(_, rest)| rest))
        .filter(|rest| !rest.trim().is_empty())
        .unwrap_or(text);
    tian_domain::text::one_line(substance.trim(), 120)
}

impl Tian {
    /// Every title, for comparing proposals against.
    pub(crate) fn title_index(&self) -> Result<TitleIndex> {
        let read = self.store.read();
        let plans: Vec<String> =
            read.plan_items()?.into_iter().map(|(_, item)| format!("{}。{}", item.title, item.text)).collect();
        Ok(TitleIndex::of(read.titles()?, &plans))
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
                // Only one still awaiting its 审查结论 or handled can take a
                // 并案: one itself merged or not registered cannot.
                near_duplicate: d.proposal.session == id.session()
                    && score >= DUPLICATE_FROM
                    && d.review.is_none()
                    && d.withdrawal.is_none(),
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
        let Some(at) =
            index.docs.iter().position(|d| d.proposal_id == other.proposal_id && d.history_id == other.history_id)
        else {
            return Ok(0);
        };
        let (own, total) = index.numbered(&title);
        let titles = index.likeness(at, &own, total);
        let doc = &index.docs[at];
        let bodies = dice(&grams(&summary, BODY_CHARS), &grams(&read.body_of(doc)?, BODY_CHARS));
        Ok(score_of(titles, bodies))
    }

    /// Every other proposal and past proposal with its score of 100, best
    /// first: the titles closest to `id`'s, compared with their summaries too.
    fn scored(&self, index: &TitleIndex, id: &ProposalId) -> Result<Vec<(Titled, u32)>> {
        let read = self.store.read();
        let Some((title, summary)) = read.proposal_text(id)? else { return Ok(Vec::new()) };
        let (own, total) = index.numbered(&title);
        let mut by_title: Vec<(usize, f64)> = (0..index.docs.len())
            .filter(|&i| index.docs[i].proposal_id.as_deref() != Some(id.as_str()))
            .map(|i| (i, index.likeness(i, &own, total)))
            .filter(|(_, s)| *s > 0.0)
            .collect();
        by_title.sort_by(|a, b| b.1.total_cmp(&a.1));
        let own_body = grams(&summary, BODY_CHARS);
        let mut out = Vec::new();
        for (i, titles) in by_title.into_iter().take(CANDIDATES) {
            let doc = &index.docs[i];
            let bodies = dice(&own_body, &grams(&read.body_of(doc)?, BODY_CHARS));
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
            // A near-duplicate of its own 届次 first, where there is one: that
            // is what 立案 decides on, more than last year's same proposal.
            let found = self.similar_in(&index, &id, 10)?;
            let best = found.iter().position(|s| s.near_duplicate).unwrap_or(0);
            if let Some(similar) = found.into_iter().nth(best) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_compared_by_its_words_without_the_frame() {
        let words = title_grams("关于加快推进我市智慧教育的建议");
        assert!(words.contains(&('智', '慧')) && words.contains(&('教', '育')));
        assert!(!words.contains(&('关', '于')) && !words.contains(&('建', '议')) && !words.contains(&('的', '建')));
        assert!(!words.contains(&('推', '进')) && !words.contains(&('进', '我')), "nor the stock phrase: {words:?}");
        assert!(title_grams("VOCs 2026 !!!").is_empty());
    }

    #[test]
    fn rare_words_weigh_more_and_a_title_is_most_like_itself() {
        let titled = |title: &str| Titled { proposal_id: Some(title.into()), history_id: None, title: title.into() };
        let index = TitleIndex::of(
            vec![titled("关于智慧教育的建议"), titled("关于养老服务的建议"), titled("关于消防服务的建议")],
            &["提升养老服务、消防服务和政务服务水平。".to_owned()],
        );
        let (own, total) = index.numbered("关于智慧教育的建议");
        assert!((index.likeness(0, &own, total) - 1.0).abs() < 1e-9);
        assert_eq!(index.likeness(1, &own, total), 0.0);
        // 服务 is common in the city's text; 消防 and 养老 are not.
        let (own, total) = index.numbered("关于消防服务的建议");
        let shared = index.likeness(1, &own, total);
        assert!(shared > 0.0 && shared < 0.35, "服务 alone hardly counts: {shared}");
        let (unheard, total) = index.numbered("关于婴幼儿托育的建议");
        assert_eq!(index.likeness(0, &unheard, total), 0.0);
    }

    #[test]
    fn an_answer_is_shown_from_its_substance() {
        assert_eq!(opening("市民盟：您提出的《关于……的建议》收悉，现答复如下。平台已建成。"), "平台已建成。");
        assert_eq!(opening("平台已建成。"), "平台已建成。");
        assert_eq!(opening("现答复如下："), "现答复如下：", "nothing after it: the text as it is");
    }
}
