//! 逐段修改: the secretary rewrites a paragraph of the 督办报告 before it goes
//! out. The wording is kept with that report (its 成文日期 and 文号) and
//! survives generating it again; when the figures behind a rewritten
//! paragraph change, it is flagged; another report keeps the draft.

mod support;

use std::path::Path;

use support::{json, ok, pdf_words, run};

const TODAY: &str = "2026-11-30";

fn tian(db: &Path, args: &[&str]) -> std::process::Output {
    run(db, Some(TODAY), args)
}

const REPORT: [&str; 5] = ["report", "--date", "2026-11-30", "--number", "政协提案〔2026〕5号"];

#[test]
fn a_rewritten_paragraph_is_kept_with_its_report_and_flagged_when_its_figures_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    ok(tian(&db, &["assign", "0069", "--date", "2026-03-01"]));
    support::reply(&db, TODAY, "0069", "市教育局", "A", "2026-05-20", "已办。");
    ok(tian(&db, &["assign", "0045", "--date", "2026-03-01"]));

    let listed = json(tian(&db, &[&REPORT[..], &["--paragraphs", "--json"]].concat()));
    let judged =
        listed.as_array().unwrap().iter().find(|p| p["text"].as_str().unwrap().starts_with("总体看，")).unwrap();
    let key = judged["key"].as_str().unwrap().to_owned();
    assert_eq!(key, "一、总体情况/总体看");
    for section in ["开头", "一、总体情况", "二、主要做法", "三、办理成效", "四、存在问题", "五、下一步工作"]
    {
        assert!(
            listed.as_array().unwrap().iter().any(|p| p["key"].as_str().unwrap().starts_with(section)),
            "{section}"
        );
    }
    let recommends =
        listed.as_array().unwrap().iter().any(|p| p["text"].as_str().unwrap().contains("纳入对承办单位的年度督查考核"));
    assert!(recommends, "五、下一步工作 recommends to the 主席会议");

    let sections = dir.path().join("sections.json");
    let rewritten = "总体看，承办单位态度认真，但市数据资源管理局逾期未答复，须加大督办力度。";
    std::fs::write(&sections, serde_json::json!({ &key: rewritten }).to_string()).unwrap();
    let pdf = dir.path().join("报告.pdf");
    ok(tian(&db, &[&REPORT[..], &["--sections", sections.to_str().unwrap(), "-o", pdf.to_str().unwrap()]].concat()));
    let text = pdf_words(&pdf);
    assert!(text.contains(rewritten) && !text.contains(judged["text"].as_str().unwrap()), "{text}");

    // Generated again, the same report keeps the secretary's words.
    ok(tian(&db, &[&REPORT[..], &["-o", pdf.to_str().unwrap()]].concat()));
    assert!(pdf_words(&pdf).contains(rewritten));
    // A report on 0069 alone is another report, with its own wording.
    let only = dir.path().join("0069.pdf");
    ok(tian(&db, &[&REPORT[..], &["--proposal", "0069", "-o", only.to_str().unwrap()]].concat()));
    assert!(!pdf_words(&only).contains(rewritten));
    // Another 文号 is another report, drafted afresh.
    ok(tian(&db, &["report", "--date", "2026-11-30", "--number", "政协提案〔2026〕6号", "-o", pdf.to_str().unwrap()]));
    assert!(!pdf_words(&pdf).contains(rewritten));

    // The figures move (the proposer turns 0069's answer down): the
    // paragraph is flagged beside it, and kept.
    ok(tian(&db, &["feedback", "0069", "--result", "不满意", "--date", "2026-06-01", "--comment", "措施不具体"]));
    let plain = String::from_utf8(tian(&db, &[&REPORT[..], &["--paragraphs"]].concat()).stdout).unwrap();
    assert!(plain.contains(&format!("{key}【已修改，数字已变化，请核对】")), "{plain}");
    assert!(plain.contains(rewritten), "{plain}");

    // An unknown paragraph refuses the lot; the kept wording stands.
    std::fs::write(&sections, serde_json::json!({ &key: "另一种说法。", "六、附则/无": "无" }).to_string()).unwrap();
    let refused = tian(&db, &[&REPORT[..], &["--sections", sections.to_str().unwrap(), "--paragraphs"]].concat());
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("报告中没有“六、附则/无”这一段"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let again = String::from_utf8(tian(&db, &[&REPORT[..], &["--paragraphs"]].concat()).stdout).unwrap();
    assert!(again.contains(rewritten) && !again.contains("另一种说法"));

    // A paragraph is one paragraph: no line breaks or hidden characters.
    std::fs::write(&sections, serde_json::json!({ &key: "第一行\n第二行" }).to_string()).unwrap();
    let refused = tian(&db, &[&REPORT[..], &["--sections", sections.to_str().unwrap(), "--paragraphs"]].concat());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("不分行"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    // An empty text takes the draft back.
    std::fs::write(&sections, serde_json::json!({ &key: "" }).to_string()).unwrap();
    ok(tian(&db, &[&REPORT[..], &["--sections", sections.to_str().unwrap(), "--paragraphs"]].concat()));
    let back = String::from_utf8(tian(&db, &[&REPORT[..], &["--paragraphs"]].concat()).stdout).unwrap();
    assert!(!back.contains(rewritten) && !back.contains("【已修改"), "{back}");
    // A file that is not JSON is refused in words.
    std::fs::write(&sections, "not json").unwrap();
    let bad = tian(&db, &[&REPORT[..], &["--sections", sections.to_str().unwrap(), "--paragraphs"]].concat());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("应为 JSON 对象"));
}
