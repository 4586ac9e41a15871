//! 会办 followed through: a co-unit's 会办意见 missing when the proposal
//! closes is warned of, the 催办函 to a co-unit five months late asks for
//! its 会办意见 in its own words, and the report says how 会办 went: due,
//! in, late, missing.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::{ok, pdf_words, run};

const TODAY: &str = "2026-11-30";

fn tian(db: &Path, args: &[&str]) -> Output {
    run(db, Some(TODAY), args)
}

/// 0069 with co-units 市财政局 (never sent its 会办意见) and 市科技局 (sent it
/// late), answered, judged and closed; 0045 with co-unit 市财政局, open.
fn season(dir: &Path) -> PathBuf {
    let db = dir.join("tian.db");
    ok(tian(&db, &["assign", "0069", "--date", "2026-03-01", "--co", "市财政局", "--co", "市科技局"]));
    let opinion = ["reply", "0069", "--unit", "市科技局", "--date", "2026-04-20", "--signer", "张"];
    ok(tian(&db, &[&opinion[..], &["--text", "同意主办单位意见。"]].concat()));
    let answer = ["reply", "0069", "--unit", "市教育局", "--class", "A", "--date", "2026-05-20", "--signer", "王"];
    ok(tian(&db, &[&answer[..], &["--text", "已制定计划。"]].concat()));
    ok(tian(&db, &["feedback", "0069", "--result", "满意", "--date", "2026-06-01"]));
    ok(tian(&db, &["assign", "0045", "--date", "2026-06-15", "--co", "市财政局"]));
    db
}

#[test]
fn a_missing_opinion_is_warned_of_urged_in_its_own_words_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let db = season(dir.path());

    let closed = tian(&db, &["close", "0069", "--summary", "计划已印发", "--date", "2026-06-10"]);
    let warned = String::from_utf8_lossy(&closed.stderr).into_owned();
    assert!(closed.status.success(), "{warned}");
    assert!(warned.contains("提醒：会办单位（市财政局）的会办意见尚未送达"), "{warned}");
    assert!(!warned.contains("市科技局"), "its opinion came, late: {warned}");

    let notice = dir.path().join("催办函.pdf");
    let send = ["report", "--notice", "市财政局", "--number", "政协提案催〔2026〕3号", "-o", notice.to_str().unwrap()];
    ok(tian(&db, &send));
    // Exported again (a second copy to print): still one notice sent.
    ok(tian(&db, &send));
    let shown = support::json(tian(&db, &["show", "0045", "--json"]));
    let notices: Vec<&serde_json::Value> =
        shown["activities"].as_array().unwrap().iter().filter(|a| a["kind"] == "催办函").collect();
    assert_eq!(notices.len(), 1, "{shown}");
    assert_eq!(notices[0]["date"], TODAY);
    assert_eq!(notices[0]["summary"], "向市财政局发出催办函（政协提案催〔2026〕3号）");
    let closed = support::json(tian(&db, &["show", "0069", "--json"]));
    assert!(closed["activities"].as_array().unwrap().is_empty(), "a closed proposal is not urged");
    // A notice dated after today would put a record in the future.
    let later = tian(&db, &["report", "--notice", "市财政局", "--date", "2026-12-25", "-o", notice.to_str().unwrap()]);
    assert!(!later.status.success());
    assert!(String::from_utf8_lossy(&later.stderr).contains("晚于今天"));
    let text = pdf_words(&notice);
    assert!(text.contains("已超过会办意见期限1件"), "{text}");
    assert!(text.contains("尽快将会办意见送主办单位"), "{text}");
    assert!(text.contains("会办意见（送市数据资源管理局）"), "{text}");
    assert!(!text.contains("即将到达答复期限") && !text.contains("剩余"), "{text}");
    assert!(text.contains("已逾期"), "{text}");
    // 0069 is closed: nothing to urge there any more.
    assert!(!text.contains("0069"), "{text}");

    let report = dir.path().join("报告.pdf");
    ok(tian(&db, &["report", "--date", "2026-12-01", "-o", report.to_str().unwrap()]));
    let text = pdf_words(&report);
    let said = "（四）会办协同。2件提案明确了会办单位，会办意见应送3份，已送达1份（其中逾期送达1份），尚未送达2份：市财政局（第0045号，已逾期）、市财政局（第0069号，已逾期）。";
    assert!(text.contains(said), "{text}");
    assert!(text.contains("市科技局于2026年4月20日逾期向主办单位提出会办意见（签发人张）"), "{text}");
    assert!(text.contains("市财政局的会办意见尚未送达（应于2026年4月1日前送主办单位，已逾期）"), "{text}");
    assert!(text.contains("市财政局：第0045号提案会办意见（已逾期"), "下一步工作 names it: {text}");
    assert!(text.contains("发出催办函1份（涉及提案1件）"), "主要做法 counts the notice: {text}");
    assert!(text.contains("2026年11月30日向市财政局发出催办函（政协提案催〔2026〕3号）"), "{text}");
}
