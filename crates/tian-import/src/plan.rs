//! 规划文件: the city's plan documents read into commitments. Three shapes
//! occur and one reader takes them all:
//! - the five-year plan: 篇, 章 and sections (一、…) whose paragraphs are the
//!   commitments, and 专栏 boxes whose numbered entries belong together;
//! - the implementation plan: numbered tasks (1. … 45.) under (一)…(九);
//! - the work report: paragraphs led by a short sentence ("扩大有效益的投资。…").
//!
//! Newspaper furniture is dropped ("(上接第十一版)", page-break markers), and a
//! paragraph cut by a page break is joined to the one it continues.

use regex::Regex;
use tian_domain::PlanItem;

use crate::{decode_text, ImportError};

/// A plan document and its commitments, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanDocument {
    pub title: String,
    pub items: Vec<PlanItem>,
}

/// A lead sentence longer than this is prose, not a heading of its paragraph.
const LEAD_MAX: usize = 24;
/// A heading line is short; a longer line with a heading mark is a paragraph
/// that opens with its heading ("(一)指导思想。以……").
const HEADING_MAX: usize = 40;

struct Patterns {
    part: Regex,
    chapter: Regex,
    section: Regex,
    subsection: Regex,
    numbered: Regex,
    box_: Regex,
    furniture: Regex,
}

impl Patterns {
    fn new() -> Patterns {
        let n = "[一二三四五六七八九十百零〇]+";
        let compile = |p: &str| Regex::new(p).expect("pattern compiles");
        Patterns {
            part: compile(&format!(r"^第{n}篇\s*")),
            chapter: compile(&format!(r"^第{n}章\s*")),
            section: compile(&format!(r"^{n}、\s*")),
            subsection: compile(&format!(r"^[(（]{n}[)）]\s*")),
            numbered: compile(r"^(\d{1,3})\s*[.．、]\s*"),
            box_: compile(r"^专栏\s*(\d+)\s*"),
            furniture: compile(r"^[(（]\s*上接.*[)）]$"),
        }
    }
}

/// The heading levels a commitment stands under.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Part,
    Chapter,
    Section,
    Subsection,
}

/// The first sentence of `text` (without its 。) and whether it is short enough to lead.
fn lead(text: &str) -> Option<&str> {
    let (first, rest) = text.split_once('。')?;
    (first.chars().count() <= LEAD_MAX && !rest.trim().is_empty() && !first.contains('，') && !first.contains(','))
        .then_some(first)
}

/// The document's title from its first line: a headline as it is, or the
/// 《name》 a news item announces.
fn title_of(line: &str) -> String {
    let line = line.trim_start_matches('#').trim();
    match (line.find('《'), line.rfind('》')) {
        (Some(a), Some(b)) if b > a => line[a + '《'.len_utf8()..b].to_owned(),
        _ => line.to_owned(),
    }
}

/// Reads a plan document into its commitments.
pub fn parse_plan(bytes: &[u8]) -> Result<PlanDocument, ImportError> {
    let text = decode_text(bytes)?;
    let p = Patterns::new();
    let text = text.replace("_content_page_break_tag_", "\n");
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim().trim_start_matches('#').trim())
        .filter(|l| !l.is_empty() && !p.furniture.is_match(l))
        .collect();
    let Some(first) = lines.first() else { return Err(ImportError::Empty) };
    let document = title_of(first);

    let mut headings: Vec<(Level, String)> = Vec::new();
    let mut items: Vec<PlanItem> = Vec::new();
    // The 专栏 being read, if any: its number and the item it became.
    let mut open_box: Option<usize> = None;
    // Whether the innermost heading already has the item its prose makes.
    let mut heading_has_item = true;

    let path = |headings: &[(Level, String)]| headings.iter().map(|(_, h)| h.clone()).collect::<Vec<_>>();
    let push = |items: &mut Vec<PlanItem>, path: Vec<String>, label: String, title: &str, text: &str| {
        items.push(PlanItem {
            document: document.clone(),
            path,
            label,
            title: title.trim_end_matches(['。', '；', ';']).trim().to_owned(),
            text: text.trim().to_owned(),
            ord: items.len() as u32 + 1,
        });
    };

    for line in lines.iter().skip(1) {
        let heading = [
            (Level::Part, &p.part),
            (Level::Chapter, &p.chapter),
            (Level::Section, &p.section),
            (Level::Subsection, &p.subsection),
        ]
        .into_iter()
        .find(|(_, re)| re.is_match(line));
        if let Some((level, re)) = heading {
            let bare = re.replace(line, "").into_owned();
            open_box = None;
            headings.retain(|(l, _)| *l < level);
            if line.chars().count() <= HEADING_MAX && !bare.trim_end_matches('。').contains('。') {
                headings.push((level, line.to_string()));
                heading_has_item = false;
            } else {
                // A paragraph that opens with its own heading: (一)指导思想。以……
                let (title, _) = bare.split_once('。').unwrap_or((&bare, ""));
                headings.push((level, line.split_once('。').map_or(line.to_string(), |(h, _)| h.to_owned())));
                let label = title.to_owned();
                push(&mut items, path(&headings[..headings.len() - 1]), label, title, &bare);
                heading_has_item = true;
            }
            continue;
        }
        if let Some(c) = p.box_.captures(line) {
            let number = c[1].to_owned();
            let title = p.box_.replace(line, "").into_owned();
            push(&mut items, path(&headings), format!("专栏{number}"), &title, "");
            open_box = Some(items.len() - 1);
            continue;
        }
        if let Some(at) = open_box {
            // A box's numbered entries are its text.
            let item = &mut items[at];
            if !item.text.is_empty() {
                item.text.push('\n');
            }
            item.text.push_str(line);
            continue;
        }
        if let Some(c) = p.numbered.captures(line) {
            let bare = p.numbered.replace(line, "").into_owned();
            let title = bare.split_once('。').map_or(bare.as_str(), |(t, _)| t).to_owned();
            push(&mut items, path(&headings), format!("任务{}", &c[1]), &title, &bare);
            heading_has_item = true;
            continue;
        }
        if let Some(first) = lead(line) {
            push(&mut items, path(&headings), first.to_owned(), first, line);
            heading_has_item = true;
            continue;
        }
        match headings.last() {
            Some((_, heading)) if !heading_has_item => {
                let bare = [&p.part, &p.chapter, &p.section, &p.subsection]
                    .iter()
                    .fold(heading.clone(), |h, re| re.replace(&h, "").into_owned());
                push(&mut items, path(&headings[..headings.len() - 1]), bare.clone(), &bare, line);
                heading_has_item = true;
            }
            // Prose that continues the last commitment (cut by a page break,
            // or its next paragraph); text before the first one is preamble.
            _ => {
                if let Some(item) = items.last_mut() {
                    item.text.push('\n');
                    item.text.push_str(line);
                }
            }
        }
    }
    if items.is_empty() {
        return Err(ImportError::at(1, "文件中没有找到规划条目", "带编号的任务、专栏或章节下的段落"));
    }
    dedupe_labels(&mut items);
    Ok(PlanDocument { title: document, items })
}

/// Makes labels unique within the document: a repeated one gets （2）, （3）….
fn dedupe_labels(items: &mut [PlanItem]) {
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for item in items {
        let n = seen.entry(item.label.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            item.label = format!("{}（{}）", item.label, n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_work_report_paragraph_led_by_a_short_sentence_is_a_commitment_and_a_cut_one_is_joined() {
        let text = "# 政府工作报告\n(上接 04 版)\n(九)彰显为民情怀\n加快建设健康石家庄。促进优质医疗资源扩容\n和均衡布局，加快医院建设。\n";
        let doc = parse_plan(text.as_bytes()).unwrap();
        assert_eq!(doc.title, "政府工作报告");
        assert_eq!(doc.items.len(), 1);
        let item = &doc.items[0];
        assert_eq!((item.label.as_str(), item.title.as_str()), ("加快建设健康石家庄", "加快建设健康石家庄"));
        assert!(item.text.ends_with("加快医院建设。"), "{}", item.text);
        assert_eq!(item.path, ["(九)彰显为民情怀"]);
    }

    #[test]
    fn numbered_tasks_and_boxes_are_labelled_as_they_are_cited() {
        let text = "纲要\n第五十四章 建设高质量教育体系\n一、促进基础教育优质发展\n推进学前教育普及普惠发展，扩大资源供给。\n专栏 48 教育稳市\n1.学前教育。新建幼儿园。\n2.义务教育。新建学校。\n（一）实施工程\n25.加快调整能源结构。对交通实施清洁替代。\n_content_page_break_tag_26.加大生态修复力度。坚持生态优先。\n";
        let doc = parse_plan(text.as_bytes()).unwrap();
        let labels: Vec<&str> = doc.items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["促进基础教育优质发展", "专栏48", "任务25", "任务26"]);
        assert!(doc.items[1].text.contains("1.学前教育") && doc.items[1].text.contains("2.义务教育"));
        assert_eq!(doc.items[2].title, "加快调整能源结构");
        assert_eq!(doc.items[2].path, ["第五十四章 建设高质量教育体系", "一、促进基础教育优质发展", "（一）实施工程"]);
        assert_eq!(doc.items[0].path, ["第五十四章 建设高质量教育体系"]);
    }

    #[test]
    fn a_file_without_commitments_is_refused() {
        assert!(parse_plan("标题\n只有一句话".as_bytes()).is_err());
        assert!(matches!(parse_plan(b""), Err(ImportError::Empty)));
    }
}
