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
pub(crate) fn escape(text: &str) -> String {
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
pub(crate) fn stem(number: &str, i: usize, taken: &[String]) -> String {
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

/// Whether a line of a letter may be published: a letter read from its
/// file keeps its 联系人 and phone, its 抄送 and 印发 lines, which are for
/// the proposer and the offices, not for the website.
fn published_line(line: &str) -> bool {
    let bare = line.trim_start_matches(['（', '(']);
    !["联系人", "联系电话", "电话：", "抄送", "签发人"].iter().any(|w| bare.starts_with(w)) && !line.ends_with("印发")
}

/// The lines of `text` that are published.
fn letter_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && published_line(l))
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
        body += "<h3>提案内容</h3>\n";
        for line in pr.summary.lines().map(str::trim).filter(|l| !l.is_empty()) {
            body += &format!("<p class=\"text\">{}</p>\n", escape(line));
        }
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
            for line in letter_lines(&letter.text) {
                body += &format!("<p class=\"text\">{}</p>\n", escape(line));
            }
        }
        body += "</div>\n";
    }
    page(&format!("{session}第{}号提案 {}", pr.number, pr.title), &body)
}

/// The proposal and its public answers as a PDF, set as the committee's
/// documents are.
fn proposal_pdf(p: &Published, session: &str, settings: &Settings, today: NaiveDate) -> Result<Vec<u8>> {
    let pr = &p.dossier.proposal;
    // Numbers recur from one 届次 to the next: the title names its own.
    let title = format!("市政协{session}会议第{}号提案及其办理答复", pr.number);
    let mut doc = OfficialDocument::new(title, settings.issuer.clone(), today);
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
            if !letter.number.trim().is_empty() {
                doc.blocks
                    .push(Block::Labelled { label: "复文文号：".into(), text: letter.number.trim().to_owned() });
            }
            for line in letter_lines(&letter.text) {
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
        files.push((format!("{stem}.pdf"), proposal_pdf(p, session, settings, today)?));
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

/// Writes `files` into `folder`, which must be new or empty and a folder
/// of its own (not a link): built in a staging folder beside it that no one
/// else's files can be in, then moved into place (the whole folder when it
/// is new, file by file into an empty one, which keeps its permissions), so
/// no half-written file stands under a page's name and nothing of the
/// clerk's is overwritten or removed.
pub(crate) fn write(folder: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| CoreError::WriteFile { path, source }
    };
    let refuse = |why: &str| Err(CoreError::Invalid(format!("“{}”{why}", folder.display())));
    let Some(std::path::Component::Normal(name)) = folder.components().next_back() else {
        return refuse("不能作为发布的文件夹：请写出一个文件夹名。");
    };
    let meta = std::fs::symlink_metadata(folder);
    if meta.as_ref().is_ok_and(|m| m.file_type().is_symlink()) {
        return refuse("是一个链接：请选择真正的文件夹。");
    }
    let exists = meta.is_ok();
    if exists && !(folder.is_dir() && std::fs::read_dir(folder).map_err(io(folder))?.next().is_none()) {
        return refuse("已存在且不是空文件夹：请选择新的或空的文件夹，已有的文件不会被覆盖。");
    }
    let parent = match folder.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => std::path::PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(CoreError::Invalid(format!("文件夹“{}”不存在。", parent.display())));
    }
    // A staging folder of its own, removed again if anything below fails.
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{}.发布中-", name.to_string_lossy()))
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    for (file, bytes) in files {
        let path = staging.path().join(file);
        std::fs::write(&path, bytes).map_err(io(&path))?;
    }
    if exists {
        for (file, _) in files {
            std::fs::rename(staging.path().join(file), folder.join(file)).map_err(io(&folder.join(file)))?;
        }
        Ok(())
    } else {
        let staged = staging.keep();
        std::fs::rename(&staged, folder).map_err(|source| {
            let _ = std::fs::remove_dir_all(&staged);
            CoreError::WriteFile { path: folder.to_owned(), source }
        })
    }
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
    fn a_letters_contact_and_office_lines_are_not_published() {
        let text = "关于第0069号提案的答复\n已制定标准。\n（联系人：张老师 0311-12345678）\n签发人：王局长\n抄送：市政府办公室\n市教育局办公室 2026年5月20日印发";
        assert_eq!(letter_lines(text).collect::<Vec<_>>(), ["关于第0069号提案的答复", "已制定标准。"]);
    }

    #[test]
    fn only_a_plain_number_names_a_file() {
        assert_eq!(stem("0069", 0, &[]), "0069");
        assert_eq!(stem("../etc/passwd", 3, &[]), "p4");
        assert_eq!(stem("第0069号", 1, &[]), "p2");
        assert_eq!(stem("0069", 5, &["0069".to_owned()]), "0069-6");
    }
}
