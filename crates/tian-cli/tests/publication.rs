//! 答复公开 with `tian`: an answer recorded as 不公开 with its reason, one
//! set public afterwards, and `tian publish` writing the session's site,
//! read back as a browser and pdftotext would.

use std::path::Path;

mod support;

use support::{ok, path, pdf_words};

fn tian(db: &Path, args: &[&str]) -> std::process::Output {
    support::run(db, Some("2026-12-01"), args)
}

#[test]
fn answers_are_published_as_the_units_and_the_committee_decided() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    ok(tian(&db, &["assign", "0069", "--date", "2026-03-02", "--lead", "市教育局"]));
    let reply = ["reply", "0069", "--unit", "市教育局", "--class", "A", "--date", "2026-05-20", "--signer", "王"];
    let out = tian(&db, &[&reply[..], &["--text", "已制定标准。", "--private", " "]].concat());
    assert!(String::from_utf8_lossy(&out.stderr).contains("须写明不公开的理由"), "a blank reason is none");
    let shown = ok(tian(&db, &[&reply[..], &["--text", "已制定智慧教育标准。", "--private", "涉及个人信息"]].concat()));
    assert!(shown.contains("不公开：涉及个人信息"), "{shown}");
    let site = dir.path().join("site");
    let out = tian(&db, &["publish", "--session", "十三届五次", "-o", path(&site)]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有可以公开的答复"));
    assert!(!site.exists(), "nothing written");

    let shown = ok(tian(&db, &["publicity", "0069", "--public"]));
    assert!(shown.contains("市教育局 A类（第1轮） 公开"), "{shown}");
    let said = ok(tian(&db, &["publish", "--session", "十三届五次", "-o", path(&site)]));
    assert!(said.starts_with("已发布公开答复：1 件提案、1 份答复"), "{said}");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("<a href=\"0069.html\">关于大力发展智慧教育，加快推进我市基础教育现代化的建议</a>"),
        "{index}"
    );
    let words = pdf_words(&site.join("0069.pdf"));
    for said in [
        "市政协十三届五次会议第0069号提案及其办理答复",
        "提案者：市民盟",
        "二、办理答复",
        "市教育局的答复",
        "已制定智慧教育标准。",
    ] {
        assert!(words.contains(said), "the PDF says {said}: {words}");
    }
}
