//! 重点提案公告: the announcement in which the CPPCC publishes the year's key
//! proposals, as printed and then saved as text.
//!
//! The layout, per proposal:
//!
//! ```text
//! 一、关于……的建议（第0069号 提案者：市民盟）
//! 内容摘要：……问题。建议：1.……2.……
//! （more paragraphs, some split by page breaks in mid-sentence）
//! 市政府领导：孟祥红
//! 市政协领导：闫纯锴 邓小梅
//! 市政府主办部门：市教育局
//! 市政协协办部门：教科卫体委员会
//! ```
//!
//! Parsing goes line by line so that every complaint can name its line. Text
//! that a page break cut in two is mended by [`join_fragments`]; the numbered
//! suggestions are cut apart by [`split_suggestions`].

use std::sync::LazyLock;

use regex::Regex;
use tian_domain::{Proposal, ProposerKind, Stage};

use crate::{decode_text, ImportError};

/// A parsed announcement: its session and its proposals in published order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    /// 届次, from the heading: "十三届五次".
    pub session: String,
    pub proposals: Vec<Proposal>,
}

static SESSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([一二三四五六七八九十]+届[一二三四五六七八九十]+次)").unwrap());

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[一二三四五六七八九十百零〇]+|[0-9０-９]+)\s*[、.．]\s*",
        r"(?P<title>.+?)\s*[（(]\s*第\s*(?P<number>[0-9０-９]+)\s*号\s*[，,、]?\s*",
        r"提案者\s*[:：]\s*(?P<proposer>.+?)\s*[）)]$",
    ))
    .unwrap()
});

/// The four lines that close each proposal, with the labels other cities use
/// for the same thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    GovLeaders,
    CppccLeaders,
    LeadUnits,
    CoCommittees,
}

impl Field {
    const ALL: [Field; 4] = [Field::GovLeaders, Field::CppccLeaders, Field::LeadUnits, Field::CoCommittees];

    fn label(self) -> &'static str {
        match self {
            Field::GovLeaders => "市政府领导",
            Field::CppccLeaders => "市政协领导",
            Field::LeadUnits => "市政府主办部门",
            Field::CoCommittees => "市政协协办部门",
        }
    }

    fn accepted_labels(self) -> &'static [&'static str] {
        match self {
            Field::GovLeaders => &["市政府领导", "市政府督办领导", "政府督办领导"],
            Field::CppccLeaders => &["市政协领导", "市政协督办领导", "政协督办领导"],
            Field::LeadUnits => &["市政府主办部门", "主办部门", "主办单位"],
            Field::CoCommittees => &["市政协协办部门", "协办专委会", "协办部门"],
        }
    }

    /// Recognises "市政府领导：孟祥红" and returns the field with its value.
    fn read(line: &str) -> Option<(Field, &str)> {
        Field::ALL.into_iter().find_map(|field| {
            field.accepted_labels().iter().find_map(|label| {
                let rest = line.strip_prefix(label)?.trim_start();
                let value = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':'))?;
                Some((field, value.trim()))
            })
        })
    }
}

/// Reads an announcement file's bytes into its proposals.
pub fn parse_announcement(bytes: &[u8]) -> Result<Announcement, ImportError> {
    let text = decode_text(bytes)?.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .enumerate()
        .map(|(i, line)| (i + 1, clean_line(line)))
        .filter(|(_, line)| !line.is_empty())
        .collect();

    let Some(&(heading_line, heading)) = lines.first() else {
        return Err(ImportError::Empty);
    };
    let session = SESSION.captures(heading).map(|c| c[1].to_owned()).ok_or_else(|| {
        ImportError::at(
            heading_line,
            format!("标题“{}”中没有届次", excerpt(heading)),
            "含届次的公告标题，如“市政协十三届五次重点提案”",
        )
    })?;

    let header_positions: Vec<usize> =
        lines.iter().enumerate().filter(|(_, (_, line))| HEADER.is_match(line)).map(|(i, _)| i).collect();
    if header_positions.is_empty() {
        let last = lines.last().map_or(heading_line, |(n, _)| *n);
        return Err(ImportError::at(
            last,
            "全文没有找到任何提案",
            "提案标题行，如“一、关于……的建议（第0069号 提案者：市民盟）”",
        ));
    }

    let mut proposals: Vec<Proposal> = Vec::with_capacity(header_positions.len());
    for (k, &start) in header_positions.iter().enumerate() {
        let end = header_positions.get(k + 1).copied().unwrap_or(lines.len());
        let proposal = parse_proposal(&session, lines[start], &lines[start + 1..end])?;
        if proposals.iter().any(|p| p.number == proposal.number) {
            return Err(ImportError::at(
                lines[start].0,
                format!("第{}号提案在本文件中出现了两次", proposal.number),
                "另一个提案号",
            ));
        }
        proposals.push(proposal);
    }
    Ok(Announcement { session, proposals })
}

fn parse_proposal(
    session: &str,
    (header_line, header): (usize, &str),
    body: &[(usize, &str)],
) -> Result<Proposal, ImportError> {
    let caps = HEADER.captures(header).expect("caller matched the header");
    let number = tian_domain::proposal_number(&caps["number"]).ok_or_else(|| {
        ImportError::at(header_line, format!("“第{}号”不是提案号", excerpt(&caps["number"])), "如“第0069号”")
    })?;
    let proposer = caps["proposer"].trim().to_owned();

    let mut fragments: Vec<(usize, &str)> = Vec::new();
    let mut fields: Vec<(Field, &str)> = Vec::new();
    for &(line_no, line) in body {
        match Field::read(line) {
            Some((field, value)) => {
                if fields.iter().any(|(f, _)| *f == field) {
                    return Err(ImportError::at(
                        line_no,
                        format!("第{number}号提案的“{}”出现了两次", field.label()),
                        "每件提案只有一行该字段",
                    ));
                }
                fields.push((field, value));
            }
            None if fields.is_empty() => fragments.push((line_no, line)),
            None => {
                return Err(ImportError::at(
                    line_no,
                    format!("“{}”不是第{number}号提案的字段，也不是下一件提案的标题", excerpt(line)),
                    "“市政协领导：”等字段行，或下一件提案的标题行（如“二、关于……的建议（第0458号 提案者：市民盟）”）",
                ));
            }
        }
    }

    let Some(&(first_line, first)) = fragments.first() else {
        return Err(ImportError::at(
            body.first().map_or(header_line + 1, |(n, _)| *n),
            format!("第{number}号提案缺少内容摘要"),
            "以“内容摘要：”开头的段落",
        ));
    };
    let Some(first_rest) =
        first.strip_prefix("内容摘要").map(str::trim_start).and_then(|r| r.strip_prefix(['：', ':']))
    else {
        return Err(ImportError::at(
            first_line,
            format!("第{number}号提案的正文不以“内容摘要：”开头"),
            "以“内容摘要：”开头的段落",
        ));
    };
    let mut texts: Vec<&str> = fragments.iter().map(|(_, t)| *t).collect();
    texts[0] = first_rest;
    let content = join_fragments(&texts);
    let (summary, suggestions) = split_summary(&content);

    let field = |wanted: Field| -> Result<Vec<String>, ImportError> {
        fields.iter().find(|(f, _)| *f == wanted).map(|(_, value)| split_names(value)).ok_or_else(|| {
            // The missing line belongs at the end of this proposal's block.
            let block_end = body.last().map_or(header_line, |(n, _)| *n);
            ImportError::at(
                block_end,
                format!("第{number}号提案（标题在第{header_line}行）缺少“{}：”一行", wanted.label()),
                "依次列出市政府领导、市政协领导、市政府主办部门、市政协协办部门四行",
            )
        })
    };

    Ok(Proposal {
        session: session.to_owned(),
        title: caps["title"].trim().to_owned(),
        proposer_kind: ProposerKind::of_name(&proposer),
        proposer,
        co_signers: None,
        summary,
        suggestions,
        category: None,
        gov_leaders: field(Field::GovLeaders)?,
        cppcc_leaders: field(Field::CppccLeaders)?,
        lead_units: field(Field::LeadUnits)?,
        co_committees: field(Field::CoCommittees)?,
        stage: Stage::Registered,
        number,
    })
}

/// Strips the indentation and trailing space office software leaves, full-width
/// spaces and BOMs included.
fn clean_line(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

fn excerpt(line: &str) -> String {
    let mut out: String = line.chars().take(20).collect();
    if line.chars().count() > 20 {
        out.push('…');
    }
    out
}

/// Joins the lines of a proposal's text into paragraphs.
///
/// A printed page break leaves a line ending in mid-sentence ("借鉴上海、浙")
/// followed by the rest ("江、江苏"). A line that does not end a sentence is
/// therefore continued directly; a line that does ends its paragraph.
fn join_fragments(fragments: &[&str]) -> String {
    let mut out = String::new();
    for fragment in fragments {
        if !out.is_empty() && (ends_sentence(&out) || starts_numbered_item(fragment)) {
            out.push('\n');
        }
        out.push_str(fragment);
    }
    out
}

fn ends_sentence(text: &str) -> bool {
    const TERMINAL: &[char] = &['。', '！', '？', '!', '?', '；', ';', '：', ':', '…'];
    const CLOSING: &[char] = &['”', '’', '」', '』', '）', ')', '"'];
    let mut rev = text.chars().rev();
    match rev.next() {
        Some(c) if TERMINAL.contains(&c) => true,
        Some(c) if CLOSING.contains(&c) => rev.next().is_some_and(|p| TERMINAL.contains(&p)),
        _ => false,
    }
}

/// "4.促进……": a line that opens the next numbered suggestion.
fn starts_numbered_item(line: &str) -> bool {
    let digits = line.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count();
    digits > 0 && line.chars().nth(digits).is_some_and(is_item_separator)
}

fn is_item_separator(c: char) -> bool {
    matches!(c, '.' | '．' | '、')
}

/// Separates the problem statement from the suggestions at "建议：".
fn split_summary(content: &str) -> (String, Vec<String>) {
    let marker = ["建议：", "建议:"].iter().filter_map(|m| content.find(m).map(|at| (at, m.len()))).min();
    match marker {
        Some((at, len)) => {
            let summary = content[..at].trim().to_owned();
            (summary, split_suggestions(&content[at + len..]))
        }
        None => (content.trim().to_owned(), Vec::new()),
    }
}

/// Cuts "1.……。2.……" into its items.
///
/// An item number only counts where a sentence has just ended (or a line has
/// begun) and it is the next number in sequence, so "1210模式", "1-2家" and
/// "3.5亿元" inside an item stay where they are.
fn split_suggestions(text: &str) -> Vec<String> {
    let text = text.trim();
    let Some(first_body) = item_start(text, 0, 1) else {
        return if text.is_empty() { Vec::new() } else { vec![text.to_owned()] };
    };
    let mut items = Vec::new();
    let mut body_start = first_body;
    let mut next = 2;
    let mut search_from = body_start;
    while let Some((number_at, next_body)) = find_item(text, search_from, next) {
        items.push(text[body_start..number_at].trim().to_owned());
        body_start = next_body;
        search_from = next_body;
        next += 1;
    }
    items.push(text[body_start..].trim().to_owned());
    items
}

/// Finds item `number` at or after `from`, where the preceding text ends a
/// sentence; returns where the number starts and where its text starts.
fn find_item(text: &str, from: usize, number: u32) -> Option<(usize, usize)> {
    text[from..].char_indices().map(|(i, _)| from + i).find_map(|at| {
        let before = text[..at].chars().next_back();
        let at_boundary = before.is_none_or(|c| c == '\n' || ends_sentence(&c.to_string()));
        if !at_boundary {
            return None;
        }
        item_start(text, at, number).map(|body| (at, body))
    })
}

/// If item `number` ("3." or "３．" or "3、") begins at `at`, where its text begins.
fn item_start(text: &str, at: usize, number: u32) -> Option<usize> {
    let rest = &text[at..];
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).collect();
    if digits.is_empty() || tian_domain::text::ascii_digits(&digits).parse::<u32>().ok()? != number {
        return None;
    }
    let after_digits = &rest[digits.len()..];
    let sep = after_digits.chars().next().filter(|c| is_item_separator(*c))?;
    let body = &after_digits[sep.len_utf8()..];
    // "3.5亿" is a decimal, not item 3.
    if body.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(at + digits.len() + sep.len_utf8())
}

/// Splits a list of names ("闫纯锴 邓小梅", "市财政局、市科技局") without
/// cutting inside brackets: "社会和法制委员会（民族和宗教委员会）" is one body.
fn split_names(value: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for c in value.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let separates = depth == 0 && (c.is_whitespace() || matches!(c, '、' | '，' | ',' | '；' | ';'));
        if separates {
            if !current.is_empty() {
                names.push(tian_domain::text::canonical_name(&std::mem::take(&mut current)));
            }
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        names.push(tian_domain::text::canonical_name(&current));
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_break_inside_a_sentence_is_mended_but_a_paragraph_end_is_kept() {
        let joined = join_fragments(&["借鉴上海、浙", "江、江苏等地。", "3.设立基金。"]);
        assert_eq!(joined, "借鉴上海、浙江、江苏等地。\n3.设立基金。");
    }

    #[test]
    fn suggestions_split_only_at_the_next_number_after_a_sentence() {
        let items = split_suggestions("1.加大1210模式的开展力度。2.开展1-2家试点，投入3.5亿元。3、完善政策。");
        assert_eq!(items, ["加大1210模式的开展力度。", "开展1-2家试点，投入3.5亿元。", "完善政策。"]);
    }

    #[test]
    fn unnumbered_suggestions_stay_one_item() {
        assert_eq!(split_suggestions("加强统筹。"), ["加强统筹。"]);
        assert!(split_suggestions("  ").is_empty());
    }

    #[test]
    fn names_split_on_spaces_and_commas_but_not_inside_brackets() {
        assert_eq!(split_names("闫纯锴　邓小梅"), ["闫纯锴", "邓小梅"]);
        assert_eq!(split_names("市财政局、市科技局"), ["市财政局", "市科技局"]);
        assert_eq!(split_names("社会和法制委员会（民族和宗教委员会）"), ["社会和法制委员会（民族和宗教委员会）"]);
        assert_eq!(
            split_names("中国（河北）自由贸易试验区正定片区管委会"),
            ["中国（河北）自由贸易试验区正定片区管委会"]
        );
    }

    #[test]
    fn headers_accept_half_width_punctuation_and_short_numbers() {
        let caps = HEADER.captures("三、关于加大科技投入的建议(第20号 提案者:市九三学社)").unwrap();
        assert_eq!(&caps["title"], "关于加大科技投入的建议");
        assert_eq!(&caps["number"], "20");
        assert_eq!(&caps["proposer"], "市九三学社");
    }
}
