//! 征询意见表 with `tian`: the printed form asks the proposer how the unit
//! consulted, its attitude, the answer's point and each suggestion; the
//! clerk enters what came back with `tian feedback`, `tian show` and the
//! figures say it, and a wrong entry is refused with nothing written.

use std::path::Path;

mod support;

use support::{json, ok, path, pdf_words};

const TODAY: &str = "2026-12-01";

fn tian(db: &Path, args: &[&str]) -> std::process::Output {
    support::run(db, Some(TODAY), args)
}

fn operations(db: &Path) -> i64 {
    rusqlite::Connection::open(db).unwrap().query_row("SELECT count(*) FROM ops", [], |r| r.get(0)).unwrap()
}

#[test]
fn the_form_is_printed_entered_shown_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    ok(tian(&db, &["assign", "0069", "--date", "2026-03-02", "--lead", "市教育局"]));
    ok(tian(
        &db,
        &["contact", "0069", "--date", "2026-04-01", "--method", "电话", "--unit", "市教育局", "--content", "电话沟通"],
    ));
    support::reply(&db, TODAY, "0069", "市教育局", "A", "2026-05-20", "答复");

    // The printed form asks each question with its boxes, on one sheet.
    let form = dir.path().join("征询意见表.pdf");
    ok(tian(&db, &["report", "--feedback-form", "0069", "-o", path(&form)]));
    let words = pdf_words(&form);
    // Each question with its boxes (pdftotext reads a form's cells in no fixed order).
    for asked in [
        "沟通方式",
        "□面商",
        "□电话",
        "□书面",
        "□未沟通",
        "办理态度",
        "答复针对性",
        "□针对性强",
        "□基本针对",
        "□针对性不强",
        "建议落实共6条：已落实第＿＿＿条，正在落实第＿＿＿条，未落实第＿＿＿条",
        "办理结果",
        "□基本满意",
        "答复日期和类别2026年5月20日，A类",
    ] {
        assert!(words.contains(asked), "the form asks {asked}: {words}");
    }
    let info = std::process::Command::new("pdfinfo").arg(&form).output().unwrap();
    assert!(String::from_utf8_lossy(&info.stdout).contains("Pages:           1"), "one sheet");

    // Entered wrongly: refused in words, nothing written.
    let before = operations(&db);
    let base = ["feedback", "0069", "--result", "满意", "--date", "2026-06-01"];
    for (extra, says) in [
        (["--suggestion", "9=已落实"], "本提案有6条建议，没有第9条。"),
        (["--suggestion", "1=部分落实"], "应写成“建议序号=已落实”"),
        (["--method", "托人转告"], "面商、电话、书面、未沟通"),
        (["--attitude", "很好"], "满意、基本满意、不满意"),
        (["--pertinence", "一般"], "针对性强、基本针对、针对性不强"),
    ] {
        let out = tian(&db, &[&base[..], &extra[..]].concat());
        let said = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(!out.status.success() && said.contains(says), "{extra:?}: {said}");
    }
    assert_eq!(operations(&db), before, "nothing written");

    let args = [
        "--method",
        "面商",
        "--attitude",
        "基本满意",
        "--pertinence",
        "针对性强",
        "--suggestion",
        "2=正在落实",
        "--suggestion",
        "1=已落实",
    ];
    ok(tian(&db, &[&base[..], &args[..]].concat()));
    let shown = ok(tian(&db, &["show", "0069"]));
    assert!(
        shown.contains("征询意见表：沟通方式：面商；办理态度：基本满意；答复针对性：针对性强；建议落实：第1条已落实、第2条正在落实"),
        "{shown}"
    );

    // 面商 as the proposer says, though the unit recorded a phone call; the
    // attitude counted apart from the result.
    let figures = &json(tian(&db, &["stats", "--json"]))["figures"];
    assert_eq!((figures["met"]["count"].as_u64(), figures["met"]["rate"].as_f64()), (Some(1), Some(100.0)));
    assert_eq!(figures["attitude"]["rate"].as_f64(), Some(100.0));
    let said = ok(tian(&db, &["stats"]));
    assert!(
        said.contains("其中面商1件，面商率100%") && said.contains("态度满意率100%（办理结果满意和基本满意率100%）"),
        "{said}"
    );
}
