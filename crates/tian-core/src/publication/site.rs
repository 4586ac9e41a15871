//! The published site: index.html listing the public answers, and for each
//! proposal a page and a PDF. Every text from the records is escaped, and
//! every file is named here (a proposal's number becomes a file name only
//! when it is plain digits and letters), so nothing a record holds becomes
//! markup or a path.

use std::path::Path;

use chrono::NaiveDate;
use tian_domain::dates::format_cn;
use tian_export::{Block, OfficialDocument};

use super::Published;
use crate::figures::report::chinese_ordinal;
use crate::workspace::settings::Settings;
use crate::{CoreError, Result};

/// `text` as HTML text or attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// The file stem of the `i`th proposal: its number where that is plain
/// digits and letters, otherwise its place in the list.
fn stem(number: &str, i: usize, taken: &[String]) -> String {
    let plain = !number.is_empty() && number.len() <= 16 && number.chars().all(|c| c.is_ascii_alphanumeric());
    let stem = if plain { number.to_owned() } else { format!("p{}", i + 1) };
    if taken.contains(&stem) {
        format!("{stem}-{}", i + 1)
    } else {
        stem
    }
}

const STYLE: &str = "body{font-family:\"FangSong\",\"仿宋\",\"Noto Serif CJK SC\",serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.8;color:#222}\
h1,h2{font-family:\"SimHei\",\"黑体\",\"Noto Sans CJK SC\",sans-serif;color:#a61b29}\
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}\
th{background:#f3e5e5}.meta{color:#555}.answer{border-top:1px solid #ddd;margin-top:1.5em}p.text{text-indent:2em;margin:.3em 0}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n",
        escape(title)
    )
}

/// “A类（所提问题已经解决或基本解决）”, in this city's wording.
fn class_text(class: Option<tian_domain::AnswerClass>, settings: &Settings) -> String {
    let Some(class) = class else { return "—".to_owned() };
    let wording = settings.answer_classes.iter().find(|l| l.class == class).map(|l| l.label.trim()).unwrap_or("");
    if wording.is_empty() {
        format!("{}类", class.letter())
    } else {
        format!("{}类（{wording}）", class.letter())
    }
}

/// Who gave an answer: its unit under 分办, the lead units together otherwise.
fn answered_by(p: &Published, answer: &crate::proposals::dossier::Answer) -> String {
    answer.unit.clone().unwrap_or_else(|| p.dossier.handling.lead_units.join("、"))
}

fn proposal_page(p: &Published, session: &str, settings: &Settings) -> String {
    let pr = &p.dossier.proposal;
    let mut body = format!(
        "<p><a href=\"index.html\">返回目录</a></p>\n<h1>第{}号提案</h1>\n<h2>{}</h2>\n<p class=\"meta\">届次：{}　提案者：{}　主办单位：{}</p>\n",
        escape(&pr.number),
        escape(&pr.title),
        escape(session),
        escape(&pr.proposer),
        escape(&p.dossier.handling.lead_units.join("、"))
    );
    if !pr.summary.trim().is_empty() {
        body += &format!("<h3>提案内容</h3>\n<p class=\"text\">{}</p>\n", escape(pr.summary.trim()));
    }
    if !pr.suggestions.is_empty() {
        body += "<h3>建议</h3>\n<ol>\n";
        for s in &pr.suggestions {
            body += &format!("<li>{}</li>\n", escape(s));
        }
        body += "</ol>\n";
    }
    for (answer, letters) in &p.answers {
        body += &format!(
            "<div class=\"answer\">\n<h3>{}的答复</h3>\n<p class=\"meta\">答复日期：{}　答复类别：{}</p>\n",
            escape(&answered_by(p, answer)),
            format_cn(answer.date),
            escape(&class_text(answer.class, settings))
        );
        for letter in letters {
            if letters.len() > 1 {
                body += &format!("<h4>{}</h4>\n", escape(&letter.unit));
            }
            if !letter.number.trim().is_empty() {
                body += &format!("<p class=\"meta\">{}</p>\n", escape(letter.number.trim()));
            }
            for line in letter.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                body += &format!("<p class=\"text\">{}</p>\n", escape(line));
            }
        }
        body += "</div>\n";
    }
    page(&format!("第{}号提案 {}", pr.number, pr.title), &body)
}

/// The proposal and its public answers as a PDF, set as the committee's
/// documents are.
fn proposal_pdf(p: &Published, settings: &Settings, today: NaiveDate) -> Result<Vec<u8>> {
    let pr = &p.dossier.proposal;
    let mut doc = OfficialDocument::new(format!("第{}号提案及其办理答复", pr.number), settings.issuer.clone(), today);
    doc.blocks.push(Block::Labelled { label: "案由：".into(), text: pr.title.clone() });
    doc.blocks.push(Block::Labelled { label: "提案者：".into(), text: pr.proposer.clone() });
    doc.blocks
        .push(Block::Labelled { label: "主办单位：".into(), text: p.dossier.handling.lead_units.join("、") });
    doc.blocks.push(Block::Heading1("一、提案内容".into()));
    if !pr.summary.trim().is_empty() {
        doc.blocks.push(Block::Paragraph(pr.summary.trim().to_owned()));
    }
    for (i, s) in pr.suggestions.iter().enumerate() {
        doc.blocks.push(Block::Paragraph(format!("{}. {s}", i + 1)));
    }
    doc.blocks.push(Block::Heading1("二、办理答复".into()));
    for (i, (answer, letters)) in p.answers.iter().enumerate() {
        doc.blocks.push(Block::Heading2(format!("（{}）{}的答复", chinese_ordinal(i + 1), answered_by(p, answer))));
        let class = class_text(answer.class, settings);
        doc.blocks
            .push(Block::Labelled {
                label: "答复日期：".into(), text: format!("{}，{class}", format_cn(answer.date))
            });
        for letter in letters {
            for line in letter.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                doc.blocks.push(Block::Paragraph(line.to_owned()));
            }
        }
    }
    Ok(tian_export::write_pdf(&doc)?)
}

/// The site's files, by name.
pub(crate) fn build(
    session: &str,
    published: &[Published],
    settings: &Settings,
    today: NaiveDate,
) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    let mut stems: Vec<String> = Vec::new();
    let mut rows = String::new();
    for (i, p) in published.iter().enumerate() {
        let stem = stem(&p.dossier.proposal.number, i, &stems);
        stems.push(stem.clone());
        let pr = &p.dossier.proposal;
        let dates: Vec<String> = p.answers.iter().map(|(a, _)| format_cn(a.date)).collect();
        let classes: Vec<String> =
            p.answers.iter().map(|(a, _)| a.class.map_or("—".to_owned(), |c| format!("{}类", c.letter()))).collect();
        rows += &format!(
            "<tr><td>{}</td><td><a href=\"{stem}.html\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><a href=\"{stem}.pdf\">PDF</a></td></tr>\n",
            escape(&pr.number),
            escape(&pr.title),
            escape(&pr.proposer),
            escape(&p.dossier.handling.lead_units.join("、")),
            escape(&dates.join("、")),
            escape(&classes.join("、")),
        );
        files.push((format!("{stem}.html"), proposal_page(p, session, settings).into_bytes()));
        files.push((format!("{stem}.pdf"), proposal_pdf(p, settings, today)?));
    }
    let answers: usize = published.iter().map(|p| p.answers.len()).sum();
    let title = format!("市政协{session}会议提案办理答复公开");
    let body = format!(
        "<h1>{}</h1>\n<h2>{}</h2>\n<p class=\"meta\">公开提案{}件、答复{answers}份，{}发布。</p>\n<table>\n<thead><tr><th>提案号</th><th>案由</th><th>提案者</th><th>主办单位</th><th>答复日期</th><th>答复类别</th><th>全文</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n",
        escape(settings.issuer.trim()),
        escape(&title),
        published.len(),
        format_cn(today)
    );
    files.insert(0, ("index.html".to_owned(), page(&title, &body).into_bytes()));
    Ok(files)
}

/// Writes `files` into `folder`, which must be new or empty: built beside
/// it and moved into place whole, so an interrupted publication leaves no
/// half site under its name and no file of the clerk's is overwritten.
pub(crate) fn write(folder: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| CoreError::WriteFile { path, source }
    };
    if folder.exists() {
        let empty = folder.is_dir() && std::fs::read_dir(folder).map_err(io(folder))?.next().is_none();
        if !empty {
            return Err(CoreError::Invalid(format!(
                "“{}”已存在且不是空文件夹：请选择新的或空的文件夹，已有的文件不会被覆盖。",
                folder.display()
            )));
        }
    }
    let name = folder
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| CoreError::Invalid(format!("“{}”不能作为发布的文件夹名。", folder.display())))?;
    let parent = match folder.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => std::path::PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(CoreError::Invalid(format!("文件夹“{}”不存在。", parent.display())));
    }
    let staging = parent.join(format!(".{name}.发布中"));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    std::fs::create_dir(&staging).map_err(io(&staging))?;
    for (file, bytes) in files {
        let path = staging.join(file);
        std::fs::write(&path, bytes).map_err(io(&path))?;
    }
    if folder.exists() {
        std::fs::remove_dir(folder).map_err(io(folder))?;
    }
    std::fs::rename(&staging, folder).map_err(io(folder))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_record_is_shown_as_text() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn only_a_plain_number_names_a_file() {
        assert_eq!(stem("0069", 0, &[]), "0069");
        assert_eq!(stem("../etc/passwd", 3, &[]), "p4");
        assert_eq!(stem("第0069号", 1, &[]), "p2");
        assert_eq!(stem("0069", 5, &["0069".to_owned()]), "0069-6");
    }
}
