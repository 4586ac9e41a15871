//! Dates kept against the proposal's own history: nothing before 交办 but
//! 立案 and the review, feedback not before its reply, 办结 not before the
//! feedback. A refused date names both dates and writes nothing.

use std::path::Path;
use std::process::Output;

mod support;

use support::ok;

fn tian(db: &Path, args: &[&str]) -> Output {
    support::run(db, None, args)
}

/// Asserts that `args` is refused with `says` in its message and that the
/// proposal's record and timeline are as they were.
fn refused(db: &Path, args: &[&str], says: &str) {
    let before = (ok(tian(db, &["show", "0069", "--json"])), ok(tian(db, &["timeline", "0069", "--json"])));
    let out = tian(db, args);
    assert_eq!(out.status.code(), Some(1), "{args:?} is refused");
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains(says), "{args:?}: {message}");
    let after = (ok(tian(db, &["show", "0069", "--json"])), ok(tian(db, &["timeline", "0069", "--json"])));
    assert!(before == after, "{args:?} wrote nothing");
}

#[test]
fn records_dated_before_what_they_follow_are_refused_naming_both_dates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    ok(tian(&db, &["assign", "0069", "--date", "2026-03-05", "--lead", "市教育局"]));

    let contact = ["contact", "0069", "--date", "2026-03-01", "--method", "电话", "--content", "听取意见"];
    refused(&db, &contact, "沟通日期（2026年3月1日）早于交办日期（2026年3月5日）");
    let activity = ["activity", "0069", "--kind", "调研", "--date", "2026-03-04", "--summary", "实地调研"];
    refused(&db, &activity, "督办活动日期（2026年3月4日）早于交办日期（2026年3月5日）");
    let reply = ["reply", "0069", "--unit", "市教育局", "--class", "B", "--date", "2026-02-28", "--signer", "王局长"];
    std::fs::write(dir.path().join("复文.txt"), "已列入计划。").unwrap();
    let text = dir.path().join("复文.txt");
    let early_reply: Vec<&str> = reply.iter().copied().chain(["--file", text.to_str().unwrap()]).collect();
    refused(&db, &early_reply, "答复日期（2026年2月28日）早于交办日期（2026年3月5日）");

    // The day of 交办 itself is fine.
    ok(tian(&db, &["contact", "0069", "--date", "2026-03-05", "--method", "电话", "--content", "听取意见"]));
    let on_time = ["reply", "0069", "--unit", "市教育局", "--class", "B", "--date", "2026-05-20", "--signer", "王局长"];
    let on_time: Vec<&str> = on_time.iter().copied().chain(["--file", text.to_str().unwrap()]).collect();
    ok(tian(&db, &on_time));

    refused(&db, &["feedback", "0069", "--result", "满意", "--date", "2026-05-19"], "早于答复日期（2026年5月20日）");
    ok(tian(&db, &["feedback", "0069", "--result", "满意", "--date", "2026-05-25"]));
    let early_close = ["close", "0069", "--summary", "平台已上线", "--date", "2026-05-24"];
    refused(&db, &early_close, "办结日期（2026年5月24日）早于提案者反馈日期（2026年5月25日）");
    ok(tian(&db, &["close", "0069", "--summary", "平台已上线", "--date", "2026-05-25"]));
}

#[test]
fn no_record_is_dated_after_today() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    refused(&db, &["assign", "0069", "--date", "2199-03-05", "--lead", "市教育局"], "交办日期（2199年3月5日）晚于今天");
    ok(tian(&db, &["assign", "0069", "--date", "2026-03-05", "--lead", "市教育局"]));
    let contact = ["contact", "0069", "--date", "2199-01-01", "--method", "电话", "--content", "听取意见"];
    refused(&db, &contact, "沟通日期（2199年1月1日）晚于今天");
    let withdraw = ["withdraw", "0069", "--date", "2199-01-01", "--reason", "撤回"];
    refused(&db, &withdraw, "撤案日期（2199年1月1日）晚于今天");
}

#[test]
fn a_wrong_assignment_date_is_corrected_and_later_records_then_fit_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    ok(tian(&db, &["assign", "0069", "--date", "2026-03-10", "--lead", "市教育局:王科长:0311-1234"]));
    let contact =
        ["contact", "0069", "--date", "2026-03-06", "--method", "电话", "--unit", "市教育局", "--content", "听取意见"];
    refused(&db, &contact, "早于交办日期（2026年3月10日）");

    let shown = ok(tian(&db, &["assign", "0069", "--correct", "--date", "2026-03-05"]));
    assert!(shown.contains("交办：2026年3月5日"), "{shown}");
    let kept = ok(tian(&db, &["show", "0069", "--json"]));
    assert!(kept.contains("王科长") && kept.contains("0311-1234"), "what --correct does not name stays: {kept}");
    ok(tian(&db, &contact));

    refused(
        &db,
        &["assign", "0069", "--correct", "--date", "2026-03-07"],
        "晚于本次交办后的第一项办理记录（2026年3月6日）",
    );
    refused(&db, &["assign", "0069", "--correct", "--date", "2099-01-01"], "晚于今天");
    refused(&db, &["assign", "0069", "--correct", "--lead", "市科技局"], "市教育局已有办理记录");
    ok(tian(&db, &["assign", "0069", "--correct", "--co", "市财政局:李科长"]));
    let timeline = ok(tian(&db, &["timeline", "0069"]));
    assert_eq!(timeline.matches("更正交办").count(), 2, "{timeline}");

    let dir2 = tempfile::tempdir().unwrap();
    let fresh = dir2.path().join("t.db");
    let out = tian(&fresh, &["assign", "0069", "--correct", "--date", "2026-03-05"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("尚未交办，没有可以更正的交办"));
}
