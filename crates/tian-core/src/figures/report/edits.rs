//! 报告逐段修改: the clerk's own wording of a 督办报告's paragraphs before
//! export. The edits are kept with that report — its 成文日期 and 文号 — so
//! a report generated again keeps them; a paragraph whose generated text
//! changed since it was rewritten (a figure moved) is flagged beside it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tian_export::{Block, OfficialDocument};
use ts_rs::TS;

use super::ReportScope;
use crate::{CoreError, Result, Tian};

/// Where a report's edits are kept, under its identity.
const KEY_PREFIX: &str = "report-edits/";

/// The longest paragraph a clerk may write, in characters.
const LONGEST: usize = 5_000;

/// One paragraph as the clerk rewrote it, with the text Tian had generated
/// then, to tell whether the figures behind it moved since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ParagraphEdit {
    generated: String,
    text: String,
}

/// A paragraph of a report's body as the report page lists it for editing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReportParagraph {
    /// Where it stands: its section and opening words (“一、总体情况/总体看”).
    pub key: String,
    /// 一、总体情况 …; empty for the opening paragraph.
    pub section: String,
    /// What Tian drafts from the data now.
    pub generated: String,
    /// What the report prints: the clerk's text where rewritten.
    pub text: String,
    pub edited: bool,
    /// 数字已变化: rewritten when the draft read otherwise; the figures
    /// behind it changed since, so the clerk should check it.
    pub stale: bool,
}

/// What names a paragraph within its section, whatever its figures say:
/// its label (市财政局：), or its opening words up to the first figure or
/// stop (总体看, 交办, （一）领导领办督办), at most eight characters. A
/// paragraph that appears or goes with the data moves no other's name.
fn stem(block: &Block) -> String {
    match block {
        Block::Labelled { label, .. } => label.trim_end_matches(['：', ':']).to_owned(),
        block => {
            // A leading ordinal （一） belongs to the name; a later bracket starts the figures' detail.
            let text = text_of(block);
            let ordinal =
                text.strip_prefix('（').and_then(|rest| rest.find('）')).map_or(0, |end| end + 2 * '（'.len_utf8());
            let rest: String = text[ordinal..]
                .chars()
                .take_while(|c| !c.is_ascii_digit() && !"，。；：、,.;:（(".contains(*c))
                .take(8)
                .collect();
            format!("{}{rest}", &text[..ordinal])
        }
    }
}

/// The key of each editable paragraph of `blocks`, by block index: its
/// section heading and its [`stem`], numbered where two share one.
fn keyed(blocks: &[Block]) -> Vec<(usize, String, String)> {
    let mut section = String::new();
    let mut out: Vec<(usize, String, String)> = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading1(heading) => section = heading.clone(),
            Block::Paragraph(_) | Block::Labelled { .. } => {
                let name = if section.is_empty() { "开头" } else { section.as_str() };
                let mut key = format!("{name}/{}", stem(block));
                let same = out.iter().filter(|(_, k, _)| k == &key || k.starts_with(&format!("{key}#"))).count();
                if same > 0 {
                    key = format!("{key}#{}", same + 1);
                }
                out.push((i, key, section.clone()));
            }
            _ => {}
        }
    }
    out
}

fn text_of(block: &Block) -> &str {
    match block {
        Block::Paragraph(text) | Block::Labelled { text, .. } => text,
        _ => "",
    }
}

fn set_text(block: &mut Block, text: &str) {
    match block {
        Block::Paragraph(t) | Block::Labelled { text: t, .. } => *t = text.to_owned(),
        _ => {}
    }
}

/// The report's identity: its 成文日期 and 文号, and the proposals it
/// covers (a report on 0069 alone is another report than one on all).
fn identity(doc: &OfficialDocument, scope: &ReportScope) -> String {
    let session = scope.session.as_deref().unwrap_or("");
    let numbers = scope.numbers.join(",");
    format!("{KEY_PREFIX}{}|{}|{session}|{numbers}", doc.date, doc.number.as_deref().unwrap_or(""))
}

impl Tian {
    fn report_edits(&self, doc: &OfficialDocument, scope: &ReportScope) -> Result<BTreeMap<String, ParagraphEdit>> {
        let stored = self.store.read().meta(&identity(doc, scope))?;
        // Edits are this installation's own writing; unreadable ones are dropped, never a failed report.
        Ok(stored.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default())
    }

    /// The clerk's kept wording put into `doc`'s body, and each paragraph
    /// as the report page lists it.
    pub(super) fn with_edits(&self, doc: &mut OfficialDocument, scope: &ReportScope) -> Result<Vec<ReportParagraph>> {
        let edits = self.report_edits(doc, scope)?;
        let mut listed: Vec<ReportParagraph> = Vec::new();
        for (i, key, section) in keyed(&doc.blocks) {
            let generated = text_of(&doc.blocks[i]).to_owned();
            let edit = edits.get(&key);
            if let Some(edit) = edit {
                set_text(&mut doc.blocks[i], &edit.text);
            }
            listed.push(ReportParagraph {
                text: edit.map_or_else(|| generated.clone(), |e| e.text.clone()),
                edited: edit.is_some(),
                stale: edit.is_some_and(|e| e.generated != generated),
                key,
                section,
                generated,
            });
        }
        // A rewritten paragraph the data no longer drafts (a unit finished,
        // all were handed over): listed, so the clerk's words are not lost unseen.
        for (key, edit) in &edits {
            if !listed.iter().any(|p| &p.key == key) {
                listed.push(ReportParagraph {
                    key: key.clone(),
                    section: "（报告中已无此段）".to_owned(),
                    generated: String::new(),
                    text: edit.text.clone(),
                    edited: true,
                    stale: true,
                });
            }
        }
        Ok(listed)
    }

    /// 逐段修改: the body's paragraphs of the report `scope` asks for, as
    /// drafted and as the clerk rewrote them.
    pub fn report_paragraphs(&self, scope: &ReportScope) -> Result<Vec<ReportParagraph>> {
        self.committee_only("出具督办报告")?;
        let mut doc = self.drafted_report(scope)?;
        self.with_edits(&mut doc, scope)
    }

    /// Rewrites paragraphs of the report `scope` asks for: each key with the
    /// clerk's text; an empty text, or the draft's own, takes the draft back.
    /// All are kept or none: an unknown key or an overlong text refuses the
    /// lot.
    pub fn edit_report(
        &mut self,
        scope: &ReportScope,
        texts: &BTreeMap<String, String>,
    ) -> Result<Vec<ReportParagraph>> {
        self.committee_only("修改督办报告")?;
        let mut doc = self.drafted_report(scope)?;
        let drafted: BTreeMap<String, String> =
            keyed(&doc.blocks).into_iter().map(|(i, key, _)| (key, text_of(&doc.blocks[i]).to_owned())).collect();
        let mut edits = self.report_edits(&doc, scope)?;
        for (key, text) in texts {
            let Some(generated) = drafted.get(key) else {
                // A kept wording the report no longer drafts may still be taken back.
                if text.trim().is_empty() && edits.remove(key).is_some() {
                    continue;
                }
                return Err(CoreError::Invalid(format!("报告中没有“{key}”这一段，请按报告页列出的段落修改。")));
            };
            let text = text.trim();
            if text.chars().count() > LONGEST {
                return Err(CoreError::Invalid(format!("“{key}”一段超过{LONGEST}字，请精简后再保存。")));
            }
            if text.chars().any(|c| c.is_control() || tian_domain::text::unsavable(c)) {
                return Err(CoreError::Invalid(format!(
                    "“{key}”一段含有换行或不能保存的字符；一段文字写成一段，不分行。"
                )));
            }
            if text.is_empty() || text == generated {
                edits.remove(key);
            } else {
                edits.insert(key.clone(), ParagraphEdit { generated: generated.clone(), text: text.to_owned() });
            }
        }
        let json = serde_json::to_string(&edits).map_err(|e| CoreError::Invalid(e.to_string()))?;
        self.store.set_meta(&identity(&doc, scope), &json)?;
        self.with_edits(&mut doc, scope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_keyed_by_section_and_place() {
        let blocks = vec![
            Block::Paragraph("按照……".into()),
            Block::Heading1("一、总体情况".into()),
            Block::Paragraph("交办3件".into()),
            Block::Paragraph("总体看".into()),
            Block::Heading1("五、下一步工作".into()),
            Block::Labelled { label: "市教育局：".into(), text: "第0069号".into() },
        ];
        let keys: Vec<String> = keyed(&blocks).into_iter().map(|(_, key, _)| key).collect();
        assert_eq!(keys, ["开头/按照……", "一、总体情况/交办", "一、总体情况/总体看", "五、下一步工作/市教育局"]);
        let twice = vec![Block::Paragraph("甲。".into()), Block::Paragraph("甲，乙".into())];
        let keys: Vec<String> = keyed(&twice).into_iter().map(|(_, key, _)| key).collect();
        assert_eq!(keys, ["开头/甲", "开头/甲#2"]);
    }
}
