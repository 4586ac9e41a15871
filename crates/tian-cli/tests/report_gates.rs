//! What the documents take from the clerk is checked before anything is
//! written, and what they say agrees with what the rest of Tian asks for:
//! a 文号 that cannot be printed or kept is refused with no file left; a
//! short reply is quoted, not emptied; a 分办 unit's 不满意 waiting for the
//! committee stands in the 督办总览 and the report; the units the overview
//! offers a 催办函 are those the 催办函 lists.

mod support;

use std::path::Path;
use std::process::Output;

use support::{json, notice_args, ok, pdf_words, run};

const TODAY: &str = "2026-11-30";

fn tian(db: &Path, args: &[&str]) -> Output {
    run(db, Some(TODAY), args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_number_that_cannot_be_kept_is_refused_before_any_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    ok(tian(&db, &["assign", "0045", "--date", "2026-03-01"]));
    for number in
        ["\u{202e}号\u{202c}", "政协\n提案〔2026〕3号", "政协\t催〔2026〕3号", "政协\u{200b}催3号", &"1".repeat(80)]
    {
        let pdf = dir.path().join("notice.pdf");
        let out =
            tian(&db, &["report", "--notice", "市数据资源管理局", "--number", number, "-o", pdf.to_str().unwrap()]);
        assert!(!out.status.success(), "{number:?}");
        assert!(stderr(&out).contains("发文字号"), "{}", stderr(&out));
        assert!(!pdf.exists(), "no notice written for {number:?}");
        let report = dir.path().join("report.pdf");
        let out = tian(&db, &["report", "--number", number, "-o", report.to_str().unwrap()]);
        assert!(!out.status.success() && !report.exists(), "{number:?}");
    }
    let shown = json(tian(&db, &["show", "0045", "--json"]));
    assert!(shown["activities"].as_array().unwrap().is_empty(), "nothing recorded");
    let out =
        tian(&db, &["report", "--signer", "一二三四五六七八九", "-o", dir.path().join("r.pdf").to_str().unwrap()]);
    assert!(stderr(&out).contains("签发人不能超过8个字"), "{}", stderr(&out));

    // A draft without its 文号 is not recorded as sent, and leaves 交办 as it was.
    ok(tian(&db, &["report", "--notice", "市数据资源管理局", "-o", dir.path().join("draft.pdf").to_str().unwrap()]));
    let shown = json(tian(&db, &["show", "0045", "--json"]));
    assert!(shown["activities"].as_array().unwrap().is_empty());
    ok(tian(&db, &notice_args("市数据资源管理局", "政协提案催〔2026〕3号", &dir.path().join("sent.pdf"))));
    let shown = json(tian(&db, &["show", "0045", "--json"]));
    assert_eq!(shown["activities"].as_array().unwrap().len(), 1);
    assert_eq!(shown["stage"], "交办", "a notice is no handling by the unit");
}

#[test]
fn a_short_reply_is_quoted_and_a_split_units_verdict_waits_where_the_committee_looks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    let split =
        ["assign", "0020", "--date", "2026-03-01", "--mode", "分办", "--lead", "市财政局", "--lead", "市科技局"];
    ok(tian(&db, &split));
    support::reply(&db, TODAY, "0020", "市财政局", "B", "2026-05-10", "正文");
    ok(tian(
        &db,
        &[
            "feedback",
            "0020",
            "--unit",
            "市财政局",
            "--result",
            "不满意",
            "--date",
            "2026-05-20",
            "--comment",
            "措施不具体。",
        ],
    ));

    let board = json(tian(&db, &["dashboard", "--json"]));
    assert_eq!(board["decisions_due_total"], 1, "{}", board["decisions_due"]);
    // 市财政局 answered: only 市科技局 owes, and the overview offers its 催办函 alone.
    assert_eq!(board["attention_units"], serde_json::json!(["市科技局"]));
    let said =
        stderr(&tian(&db, &["report", "--notice", "市财政局", "-o", dir.path().join("n.pdf").to_str().unwrap()]));
    assert!(said.contains("无需催办"), "{said}");

    let pdf = dir.path().join("报告.pdf");
    ok(tian(&db, &["report", "--date", "2026-11-30", "-o", pdf.to_str().unwrap()]));
    let text = pdf_words(&pdf);
    assert!(text.contains("B类：正文。"), "the short reply is quoted: {text}");
    assert!(text.contains("决定第0020号提案市财政局答复的再办理或说明办结"), "{text}");
    assert!(text.contains("意见：措施不具体。") && !text.contains("。。"), "{text}");
}

#[test]
fn a_second_verdict_on_the_same_answer_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    ok(tian(&db, &["assign", "0069", "--date", "2026-03-01"]));
    support::reply(&db, TODAY, "0069", "市教育局", "A", "2026-05-10", "已办。");
    ok(tian(&db, &["feedback", "0069", "--result", "满意", "--date", "2026-05-20"]));
    let again = tian(&db, &["feedback", "0069", "--result", "基本满意", "--date", "2026-05-21"]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("提案者已对本轮答复作出反馈"), "{}", stderr(&again));
}

#[test]
fn the_reports_judgement_follows_what_is_due_and_what_was_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    // Handed over a month ago: nothing is due yet, so nothing is late.
    ok(tian(&db, &["assign", "0069", "--date", "2026-11-01"]));
    let pdf = dir.path().join("r.pdf");
    ok(tian(&db, &["report", "--date", "2026-11-30", "-o", pdf.to_str().unwrap()]));
    let text = pdf_words(&pdf);
    assert!(text.contains("总体看，各承办单位正在办理，尚未到答复期限"), "{text}");
    assert!(!text.contains("滞后") && !text.contains("重答复、轻落实"), "{text}");

    // Every one withdrawn: no 尚未交办, no 工作均已完成.
    let all = dir.path().join("all.db");
    for number in
        ["0020", "0044", "0045", "0069", "0077", "0150", "0174", "0273", "0276", "0377", "0396", "0458", "0464"]
    {
        ok(tian(&all, &["assign", number, "--date", "2026-03-01"]));
        ok(tian(&all, &["withdraw", number, "--date", "2026-04-01", "--reason", "提案者申请撤回"]));
    }
    ok(tian(&all, &["report", "--date", "2026-11-30", "-o", pdf.to_str().unwrap()]));
    let text = pdf_words(&pdf);
    assert!(text.contains("本批重点提案均已由提案者撤案") && text.contains("没有待办事项"), "{text}");
    assert!(!text.contains("尚未交办承办单位。") && !text.contains("各项办理工作均已完成"), "{text}");
}
