//! 往年提案汇编: the committee's summary of past proposals (seed 003) read
//! into an archive. Each entry starts at a title ending in its year,
//! “疫情防控常态化后纾困中小企业(2020 年)”, followed by 核心建议 and 办理情况;
//! headings with a middle dot (聚焦中心热点·建真言) group them. The
//! summary's own figures — collected, registered, closed, in progress — are
//! read from its opening paragraphs so they can be checked.

use regex::Regex;
use tian_domain::{HistoryEntry, Totals};

use crate::{decode_text, ImportError};

/// What a summary holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryArchive {
    /// The headline of the summary.
    pub source: String,
    /// The figures the summary reports, when it gives all four.
    pub reported: Option<Totals>,
    pub entries: Vec<HistoryEntry>,
}

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Suggestions,
    Handling,
}

/// Reads a summary of past proposals.
pub fn parse_history(bytes: &[u8]) -> Result<HistoryArchive, ImportError> {
    let text = decode_text(bytes)?;
    let title_line = Regex::new(r"^(.{4,60}?)\s*[(（]\s*((?:19|20)\d{2})\s*年\s*[)）]$").expect("pattern compiles");
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.is_empty() {
        return Err(ImportError::Empty);
    }
    let source = lines[0].to_owned();
    let mut preamble = String::new();
    let mut theme = String::new();
    let mut entries: Vec<HistoryEntry> = Vec::new();
    let mut part = Part::Suggestions;
    for (i, line) in lines.iter().enumerate() {
        if let Some(c) = title_line.captures(line) {
            let title = c[1].trim().to_owned();
            let year: i32 = c[2].parse().expect("four digits");
            // A title printed twice (a page repeated by the layout) continues the first entry.
            match entries.iter().position(|e| e.year == year && e.title == title) {
                Some(at) => {
                    let again = entries.remove(at);
                    entries.push(again);
                }
                None => entries.push(HistoryEntry {
                    year,
                    title,
                    theme: theme.clone(),
                    suggestions: String::new(),
                    handling: String::new(),
                    source: source.clone(),
                }),
            }
            part = Part::Suggestions;
            continue;
        }
        match *line {
            "核心建议" => part = Part::Suggestions,
            "办理情况" => part = Part::Handling,
            l if l.contains('·') && l.chars().count() <= 20 => theme = l.to_owned(),
            l => match entries.last_mut() {
                None if i > 0 => preamble.push_str(l),
                None => {}
                Some(entry) => {
                    let field = if part == Part::Suggestions { &mut entry.suggestions } else { &mut entry.handling };
                    // Lines broken by the page continue the sentence; a repeated paragraph is kept once.
                    if !field.contains(l) {
                        field.push_str(l);
                    }
                }
            },
        }
    }
    if entries.is_empty() {
        return Err(ImportError::at(1, "文件中没有带年份的提案标题", "“提案标题(2021 年)”这样的行"));
    }
    Ok(HistoryArchive { source, reported: reported_totals(&preamble), entries })
}

/// “共征集提案 3513 件，经审查立案交办 2929 件……已经办结或基本办结的 2141
/// 件，正在办理或已列入计划准备办理的 648 件” → the four figures.
fn reported_totals(text: &str) -> Option<Totals> {
    let figure = |pattern: &str| -> Option<u32> {
        Regex::new(pattern).expect("pattern compiles").captures(text).and_then(|c| c[1].parse().ok())
    };
    Some(Totals {
        collected: figure(r"征集提案\s*(\d+)\s*件")?,
        registered: figure(r"立案(?:交办)?\s*(\d+)\s*件")?,
        closed: figure(r"办结[^\d，。,]{0,8}?(\d+)\s*件")?,
        in_progress: figure(r"正在办理[^\d，。,]{0,16}?(\d+)\s*件")?,
        withdrawn: figure(r"撤案\s*(\d+)\s*件").unwrap_or(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &[u8] = include_bytes!("../tests/fixtures/003-proposal-summary.txt");

    #[test]
    fn the_five_year_summary_gives_its_figures_and_past_proposals() {
        let archive = parse_history(SEED).unwrap();
        assert_eq!(
            archive.reported,
            Some(Totals { collected: 3513, registered: 2929, closed: 2141, in_progress: 648, withdrawn: 0 })
        );
        assert_eq!(archive.source, "紧盯民生热点助力城市建设 用心用情写出“好提案”");
        let titles: Vec<(i32, &str)> = archive.entries.iter().map(|e| (e.year, e.title.as_str())).collect();
        // Fifteen titles are printed; 加强农村生态环境治理 助推乡村振兴 twice, kept once.
        assert_eq!(titles.len(), 14, "{titles:?}");
        let twice = archive.entries.iter().find(|e| e.title == "加强农村生态环境治理 助推乡村振兴").unwrap();
        assert!(twice.suggestions.contains("加强水源地立法保护"), "the second printing's text is kept");
        assert_eq!(titles[0], (2020, "疫情防控常态化后纾困中小企业"));
        assert!(titles.contains(&(2019, "完善政策扶持措施努力实现乡村振兴战略")));
        let first = &archive.entries[0];
        assert_eq!(first.theme, "聚焦中心热点·建真言");
        assert!(first.suggestions.starts_with("应积极完善可持续的社会化防疫机制"));
        assert!(first.suggestions.ends_with("中小企业社保单位缴费免减缓优惠政策。"), "a page break mended");
        assert!(first.handling.contains("设立了规模为 30 亿元的中小企业稳企稳岗基金"));
    }

    #[test]
    fn a_file_without_titles_is_refused_with_what_was_expected() {
        let err = parse_history("只是一段文字。\n没有标题。".as_bytes()).unwrap_err();
        assert!(err.to_string().contains("没有带年份的提案标题"), "{err}");
        assert_eq!(parse_history(b""), Err(ImportError::Empty));
    }
}
