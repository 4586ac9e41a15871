//! 办理工作考评 as the committee's clerk runs it at the end of a year: a
//! year's handling entered step by step with `tian`, each unit's figures
//! counted by hand and checked, the score by the committee's weights, and
//! the 考评表 and 通报 read back by LibreOffice and pdftotext.

use std::path::Path;
use std::process::Command;

mod support;

use support::{json, ok, path, pdf_words};

const TODAY: &str = "2026-12-01";

fn step(db: &Path, today: &str, args: &[&str]) {
    ok(support::run(db, Some(today), args));
}

/// 2026 as the clerk entered it:
/// - 0069 to 市教育局 with 市科技局 to co-handle: met face to face, answered
///   A on time, 满意; suggestion 1 of 6 carried out, 2 partly; 市科技局's
///   会办意见 in within its month.
/// - 0045 to 市科技局: a phone call, an extension to 31 July approved, the
///   answer B on 10 August (late), 基本满意.
/// - 0077 to 市民政局, handed back within the ten days, then to 市教育局,
///   which has not answered (overdue).
/// - 0020 to 市财政局 in 2025, outside 2026's evaluation.
fn a_year_of_handling(db: &Path) {
    let s = |args: &[&str]| step(db, TODAY, args);
    s(&["assign", "0069", "--date", "2026-03-02", "--lead", "市教育局", "--co", "市科技局"]);
    s(&[
        "contact",
        "0069",
        "--date",
        "2026-04-10",
        "--method",
        "见面",
        "--unit",
        "市教育局",
        "--content",
        "当面听取意见",
    ]);
    s(&["reply", "0069", "--unit", "市科技局", "--date", "2026-03-20", "--signer", "赵", "--text", "会办意见"]);
    support::reply(db, TODAY, "0069", "市教育局", "A", "2026-05-20", "答复");
    s(&["feedback", "0069", "--result", "满意", "--date", "2026-06-01"]);
    s(&["suggestion", "0069", "1", "--status", "已落实", "--evidence", "已出台标准", "--date", "2026-06-10"]);
    s(&["suggestion", "0069", "2", "--status", "部分落实", "--evidence", "覆盖过半", "--date", "2026-06-10"]);
    s(&["assign", "0045", "--date", "2026-03-02", "--lead", "市科技局"]);
    s(&["contact", "0045", "--date", "2026-04-01", "--method", "电话", "--unit", "市科技局", "--content", "电话沟通"]);
    s(&["extend", "0045", "--unit", "市科技局", "--to", "2026-07-31", "--reason", "需要调研", "--date", "2026-05-20"]);
    s(&["extension", "approve", "0045"]);
    s(&[
        "reply",
        "0045",
        "--unit",
        "市科技局",
        "--class",
        "B",
        "--date",
        "2026-08-10",
        "--signer",
        "李",
        "--text",
        "答复",
    ]);
    s(&["feedback", "0045", "--result", "基本满意", "--date", "2026-08-20"]);
    s(&["assign", "0077", "--date", "2026-03-02", "--lead", "市民政局"]);
    // A 退回 counts from the day it reaches the committee: entered that day.
    step(
        db,
        "2026-03-06",
        &["hand-back", "0077", "--unit", "市民政局", "--reason", "不属本单位职责", "--date", "2026-03-06"],
    );
    s(&["assign", "0077", "--date", "2026-03-10", "--lead", "市教育局"]);
    s(&["assign", "0020", "--date", "2025-04-01", "--lead", "市财政局"]);
}

fn unit<'a>(evaluation: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    evaluation["units"].as_array().unwrap().iter().find(|u| u["unit"] == name).unwrap_or_else(|| panic!("{name}"))
}

#[test]
fn each_units_year_is_counted_scored_by_the_weights_and_ranked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    a_year_of_handling(&db);

    let e = json(support::run(&db, Some(TODAY), &["evaluate", "--year", "2026", "--json"]));
    assert_eq!((e["year"].as_i64(), e["assigned"].as_u64()), (Some(2026), Some(3)), "0069, 0045, 0077; not 0020");
    let order: Vec<&str> = e["units"].as_array().unwrap().iter().map(|u| u["unit"].as_str().unwrap()).collect();
    assert_eq!(order, ["市教育局", "市科技局", "市民政局"]);

    // 市教育局: 0069 on time, 0077 overdue; met before its answer; 1 whole
    // and 1 half of 0069's 6 suggestions carried out (25%); no 会办.
    // (40×50 + 30×100 + 10×100 + 10×25) / 90 = 69.4.
    let edu = unit(&e, "市教育局");
    assert_eq!((edu["rank"].as_u64(), edu["led"].as_u64(), edu["co_handled"].as_u64()), (Some(1), Some(2), Some(0)));
    assert_eq!((edu["on_time"]["rate"].as_f64(), edu["late"].as_u64()), (Some(50.0), Some(1)));
    assert_eq!((edu["satisfied"]["rate"].as_f64(), edu["met"]["rate"].as_f64()), (Some(100.0), Some(100.0)));
    assert_eq!(edu["carried_out"].as_f64(), Some(25.0));
    assert_eq!((edu["opinions_due"].as_u64(), edu["score"].as_f64()), (Some(0), Some(69.4)));

    // 市科技局: late even after its extension; a phone call is no 面商;
    // its 会办意见 on time. (40×0 + 30×100 + 10×0 + 10×100) / 90 = 44.4.
    let sci = unit(&e, "市科技局");
    assert_eq!((sci["rank"].as_u64(), sci["led"].as_u64(), sci["co_handled"].as_u64()), (Some(2), Some(1), Some(1)));
    assert_eq!(
        (sci["on_time"]["rate"].as_f64(), sci["late"].as_u64(), sci["extended"].as_u64()),
        (Some(0.0), Some(1), Some(1))
    );
    assert_eq!((sci["met"]["count"].as_u64(), sci["carried_out"].as_f64()), (Some(0), None));
    assert_eq!((sci["opinions_due"].as_u64(), sci["co_opinions"]["rate"].as_f64()), (Some(1), Some(100.0)));
    assert_eq!(sci["score"].as_f64(), Some(44.4));

    // 市民政局 handed its proposal back: counted, nothing to score.
    let civil = unit(&e, "市民政局");
    assert_eq!((civil["handed_back"].as_u64(), civil["led"].as_u64()), (Some(1), Some(0)));
    assert!(civil["rank"].is_null() && civil["score"].is_null(), "{civil}");

    let last_year = json(support::run(&db, Some(TODAY), &["evaluate", "--year", "2025", "--json"]));
    let units: Vec<&str> = last_year["units"].as_array().unwrap().iter().map(|u| u["unit"].as_str().unwrap()).collect();
    assert_eq!(units, ["市财政局"]);
    let unasked = json(support::run(&db, Some(TODAY), &["evaluate", "--json"]));
    assert_eq!(unasked["year"].as_i64(), Some(2026), "the latest year with 交办");
    assert_eq!(unasked["years"], serde_json::json!([2026, 2025]));

    let printed = ok(support::run(&db, Some(TODAY), &["evaluate", "--year", "2026"]));
    assert!(printed.contains("1 市教育局 得分 69.4") && printed.contains("— 市民政局 得分 —"), "{printed}");
    for bad in [["evaluate", "--year", "1850"], ["evaluate", "--year", "99999"]] {
        let out = support::run(&db, Some(TODAY), &bad);
        let said = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(!out.status.success() && said.contains("考评年度"), "{said}");
    }
    // Weights written by another route than the 设置 page are asked again.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let kept: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'settings'", [], |r| r.get(0))
        .unwrap_or_else(|_| "{}".into());
    let mut settings: serde_json::Value = serde_json::from_str(&kept).unwrap();
    settings["evaluation"] = serde_json::json!({ "on_time": 1000 });
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('settings', ?1)", [settings.to_string()]).unwrap();
    drop(conn);
    let out = support::run(&db, Some(TODAY), &["evaluate", "--year", "2026"]);
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success() && said.contains("考评权重“按期办复率”应在 0 到 100 之间"), "{said}");

    let out = support::run(&db, Some(TODAY), &["evaluate", "-o", path(&dir.path().join("考评.txt"))]);
    assert!(String::from_utf8_lossy(&out.stderr).contains(".xlsx（考评表）"), "an unknown kind of file is refused");
    assert!(!dir.path().join("考评.txt").exists());
}

#[test]
fn the_workbook_and_the_bulletin_say_the_same_figures_in_libreoffice_and_pdftotext() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    a_year_of_handling(&db);
    let xlsx = dir.path().join("考评表.xlsx");
    let said = ok(support::run(&db, Some(TODAY), &["evaluate", "--year", "2026", "-o", path(&xlsx)]));
    assert!(said.contains("3 个单位"), "{said}");

    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("lo-profile").display());
    let out = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir"])
        .arg(dir.path())
        .arg(&xlsx)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = std::fs::read_to_string(dir.path().join("考评表.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert!(
        rows[0].starts_with("名次,承办单位,主办,会办,按期办复率,逾期,A/B/C类,满意率,态度满意,面商率,落实率"),
        "{}",
        rows[0]
    );
    assert_eq!(rows.len(), 4, "{csv}");
    assert!(rows[1].starts_with("1,市教育局,2,0,50.0%,1,1/0/0,100.0%,,100.0%,25.0%,0/0,,69.4"), "{}", rows[1]);
    assert!(rows[2].starts_with("2,市科技局,1,1,0.0%,1,0/1/0,100.0%,,0.0%,,1/0,100.0%,44.4"), "{}", rows[2]);
    assert!(rows[3].starts_with(",市民政局,0,0,,0,0/0/0,,,,,0/1,,"), "{}", rows[3]);

    let pdf = dir.path().join("通报.pdf");
    let args =
        ["evaluate", "--year", "2026", "--number", "政协提案〔2026〕9号", "--date", "2026-12-01", "-o", path(&pdf)];
    ok(support::run(&db, Some(TODAY), &args));
    let words = pdf_words(&pdf);
    for said in [
        "市政协提案委员会关于2026年度提案办理工作考评情况的通报",
        "政协提案〔2026〕9号",
        "各承办单位：",
        "2026年共交办重点提案3件，由3个单位承办，其中主办单位2个、会办单位1个。",
        "按期办复率33.3%",
        "得分居前的单位是：市教育局（69.4分）、市科技局（44.4分）。",
        "有逾期答复或逾期未答复提案的单位2个：市教育局（1件）、市科技局（1件）。",
        "经批准延期答复1次，退回改办1次。",
        "附件：2026年度承办单位提案办理工作考评结果",
        "2026年12月1日",
    ] {
        assert!(words.contains(said), "the PDF says {said}: {words}");
    }
    // The ranked table, row by row as the page lays it out.
    let out = Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let row = |unit: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(unit))
            .unwrap_or_else(|| panic!("{unit}: {text}"));
        line.split_whitespace().map(str::to_owned).collect()
    };
    assert_eq!(
        row("市教育局"),
        ["1", "市教育局", "2", "0", "50%", "1", "1/0/0", "100%", "—", "100%", "25%", "0/0", "—", "69.4"]
    );
    assert_eq!(
        row("市科技局"),
        ["2", "市科技局", "1", "1", "0%", "1", "0/1/0", "100%", "—", "0%", "—", "1/0", "100%", "44.4"]
    );
    assert_eq!(row("市民政局"), ["—", "市民政局", "0", "0", "—", "0", "0/0/0", "—", "—", "—", "—", "0/1", "—", "—"]);

    let docx = dir.path().join("通报.docx");
    let args =
        ["evaluate", "--year", "2026", "--number", "政协提案〔2026〕9号", "--date", "2026-12-01", "-o", path(&docx)];
    ok(support::run(&db, Some(TODAY), &args));
    support::libreoffice(dir.path(), &[&docx]);
    let word = pdf_words(&dir.path().join("lo/通报.pdf"));
    for said in ["关于2026年度提案办理工作考评情况的通报", "得分居前的单位是：市教育局（69.4分）", "1市教育局2050%"]
    {
        assert!(word.contains(said), "Word's 通报 says {said}: {word}");
    }
}
