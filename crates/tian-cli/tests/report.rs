//! 督办报告 files as the people who receive them open them: the PDF read
//! back by poppler (pdfinfo, pdffonts, pdftotext, pdftoppm), the Word file
//! opened by LibreOffice and converted, and the page set-up LibreOffice read
//! from it. The first page is kept as a picture in `test-artifacts/report/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;

use support::ok;

fn tian(db: &Path, args: &[&str]) -> Output {
    support::run(db, Some(TODAY), args)
}

const TODAY: &str = "2026-11-24";

fn tool(program: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program} 未安装：{e}"));
    assert!(out.status.success(), "{program}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdf_text(pdf: &Path) -> String {
    tool("pdftotext", &[pdf.as_os_str(), "-".as_ref()])
}

/// Text with every space and line break taken out, so words broken over lines read whole.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn pages(pdf: &Path) -> u32 {
    let info = tool("pdfinfo", &[pdf.as_os_str()]);
    assert!(info.contains("(A4)"), "{info}");
    info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap()
}

/// A workspace where 0069 has gone through to feedback and 0174 has a supervision survey.
fn workspace(dir: &Path) -> (PathBuf, Vec<String>) {
    let db = dir.join("tian.db");
    ok(tian(&db, &["assign", "0069", "--date", "2026-03-01"]));
    support::reply(&db, TODAY, "0069", "市教育局", "A", "2026-05-20", "已在全市中小学推广课后服务和智慧课堂。");
    ok(tian(&db, &["feedback", "0069", "--result", "满意", "--date", "2026-06-01"]));
    ok(tian(&db, &["assign", "0174", "--date", "2026-03-02"]));
    ok(tian(
        &db,
        &[
            "activity",
            "0174",
            "--kind",
            "调研",
            "--date",
            "2026-04-10",
            "--place",
            "正定片区",
            "--summary",
            "调研自贸区制度创新",
        ],
    ));
    let list: serde_json::Value = serde_json::from_str(&ok(tian(&db, &["list", "--json"]))).unwrap();
    let titles = list.as_array().unwrap().iter().map(|p| p["title"].as_str().unwrap().to_owned()).collect();
    (db, titles)
}

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test-artifacts/report");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_pdf_report_is_a4_with_embedded_font_subsets_and_every_proposal_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let (db, titles) = workspace(dir.path());
    let pdf = dir.path().join("督办报告.pdf");
    let said = ok(tian(&db, &["report", "-o", pdf.to_str().unwrap()]));
    assert!(said.contains("13 件提案"), "{said}");

    assert!(pages(&pdf) >= 5);
    let fonts = tool("pdffonts", &[pdf.as_os_str()]);
    let faces: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(faces.iter().any(|l| l.contains("NotoSerifSC-Regular")), "{fonts}");
    for face in &faces {
        // name type encoding emb sub uni: every face embedded, as a subset ("ABCDEF+" prefix).
        let columns: Vec<&str> = face.split_whitespace().collect();
        assert!(columns[0].chars().nth(6) == Some('+'), "not a subset: {face}");
        assert_eq!(&columns[columns.len() - 5..columns.len() - 2], ["yes", "yes", "yes"], "{face}");
    }

    let text = pdf_text(&pdf);
    let flat = squeezed(&text);
    assert!(flat.contains("市政协十三届五次会议重点提案办理情况的督办报告"));
    for title in &titles {
        assert!(flat.contains(&squeezed(title)), "《{title}》 missing");
    }
    for expected in [
        "一、总体情况",
        "已在全市中小学推广课后服务",
        "提案者表示满意",
        "调研自贸区制度创新",
        "市政协提案委员会",
        "2026年11月24日",
    ] {
        assert!(flat.contains(expected), "{expected} missing");
    }
    assert!(flat.contains("—1—") && flat.contains("—2—"), "page numbers as “— 1 —”");

    let first = artifacts().join("report-pdf-page");
    support::first_page_png(&pdf, &first);
    assert!(std::fs::metadata(first.with_extension("png")).unwrap().len() > 10_000);
}

#[test]
fn libreoffice_opens_the_word_report_with_the_official_page_and_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let (db, titles) = workspace(dir.path());
    let docx = dir.path().join("督办报告.docx");
    ok(tian(&db, &["report", "-o", docx.to_str().unwrap()]));
    let pdf = dir.path().join("ours.pdf");
    ok(tian(&db, &["report", "--format", "pdf", "-o", pdf.to_str().unwrap()]));

    // A profile of its own, so LibreOffice never waits on another test's.
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("lo-profile").display());
    let out = dir.path().join("lo");
    for target in ["pdf", "fodt"] {
        tool(
            "soffice",
            &[
                profile.as_ref(),
                "--headless".as_ref(),
                "--convert-to".as_ref(),
                target.as_ref(),
                "--outdir".as_ref(),
                out.as_os_str(),
                docx.as_os_str(),
            ],
        );
    }
    let fodt = std::fs::read_to_string(out.join("督办报告.fodt")).unwrap();
    let layout = fodt
        .split("<style:page-layout-properties")
        .skip(1)
        .map(|s| &s[..s.find('>').unwrap()])
        .find(|s| s.contains("fo:page-width"))
        .expect("a page layout");
    let mm = |attribute: &str, within: &str| -> f64 {
        let at = within.find(&format!("{attribute}=\"")).unwrap_or_else(|| panic!("{attribute} in {within}"));
        let value = &within[at + attribute.len() + 2..];
        let value = &value[..value.find('"').unwrap()];
        let (number, unit) = value.split_at(value.find(|c: char| c.is_alphabetic()).unwrap());
        let number: f64 = number.parse().unwrap();
        match unit {
            "in" => number * 25.4,
            "cm" => number * 10.0,
            "mm" => number,
            other => panic!("unit {other}"),
        }
    };
    let near = |got: f64, want: f64| assert!((got - want).abs() < 0.3, "{got} mm, want {want} mm");
    near(mm("fo:page-width", layout), 210.0);
    near(mm("fo:page-height", layout), 297.0);
    near(mm("fo:margin-top", layout), 37.0);
    near(mm("fo:margin-left", layout), 28.0);
    near(mm("fo:margin-right", layout), 26.0);
    // LibreOffice counts the footer inside the bottom margin; together they are the 35 mm.
    let footer = fodt.split("<style:header-footer-properties").nth(1).map(|s| &s[..s.find('>').unwrap()]).unwrap();
    near(mm("fo:margin-bottom", layout) + mm("fo:min-height", footer), 35.0);
    for face in ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"] {
        assert!(fodt.contains(&format!("style:font-face style:name=\"{face}\"")), "{face} not named");
    }

    let converted = out.join("督办报告.pdf");
    let (theirs, ours) = (pages(&converted), pages(&pdf));
    // LibreOffice sets the text in whatever CJK face this machine has, so its
    // page breaks differ a little from ours, never by a quarter.
    assert!(theirs.abs_diff(ours) * 4 <= ours, "LibreOffice {theirs} pages, ours {ours}");
    let flat = squeezed(&pdf_text(&converted));
    for title in &titles {
        assert!(flat.contains(&squeezed(title)), "《{title}》 missing from LibreOffice's rendering");
    }
    let first = artifacts().join("report-docx-via-libreoffice-page");
    support::first_page_png(&converted, &first);
}

#[test]
fn a_report_that_cannot_be_written_says_why_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    let missing = dir.path().join("没有这个文件夹").join("报告.pdf");
    let out = tian(&db, &["report", "-o", missing.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法写入文件"), "{}", String::from_utf8_lossy(&out.stderr));

    let out = tian(&db, &["report", "--proposal", "9999", "-o", dir.path().join("x.pdf").to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有第9999号提案"));
    let out = tian(&db, &["report", "-o", dir.path().join("x.txt").to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("docx 或 pdf"));
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.iter().all(|n| n.to_string_lossy().starts_with("tian.db")), "{left:?}");
}

#[test]
fn stats_json_counts_what_the_workspace_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = workspace(dir.path());
    let stats: serde_json::Value = serde_json::from_str(&ok(tian(&db, &["stats", "--json"]))).unwrap();
    assert_eq!(stats["totals"]["collected"], 13);
    assert_eq!(stats["totals"]["registered"], 13);
    assert_eq!(stats["totals"]["closed"], 0);
    assert_eq!(stats["by_answer_class"], serde_json::json!([{ "label": "A类", "count": 1 }]));
    assert_eq!(stats["by_satisfaction"], serde_json::json!([{ "label": "满意", "count": 1 }]));
    assert_eq!(stats["figures"]["satisfied"]["rate"], 100.0);
    assert_eq!(stats["by_lead_unit"][0], serde_json::json!({ "label": "市卫生健康委员会", "count": 3 }));
    assert_eq!(stats["inconsistencies"], serde_json::json!([]));
}
