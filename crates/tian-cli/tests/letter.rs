//! 办理复文 drafted with `tian letter`, as 市教育局's clerk does on its own
//! installation: a draft started from the proposal's suggestions, then the
//! letter with its own body recorded as the answer, class, 文号, signer and
//! date taken from it and the file attached, which reaches the committee
//! byte for byte. Read back by pdftotext and, for the .docx, by LibreOffice.
//! A co-unit's letter is its 会办意见 to the lead unit, with no class.

use std::path::Path;
use std::process::Output;

mod support;

use support::{json, libreoffice, ok, path, pdf_words};

fn tian(db: &Path, args: &[&str]) -> Output {
    support::run(db, Some("2026-05-28"), args)
}

fn refused(out: Output) -> String {
    assert!(!out.status.success(), "refused: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr).unwrap()
}

/// The committee and 市教育局 (lead) and 市科技局 (co-unit), keys trusted
/// both ways, 0069 assigned and delivered to both units.
fn offices(dir: &Path) -> [std::path::PathBuf; 3] {
    let [committee, edu, sci] = ["委员会", "教育局", "科技局"].map(|d| dir.join(d).join("tian.db"));
    let file = |name: &str| dir.join(name);
    ok(tian(&committee, &["init", "--role", "committee", "--name", "市政协提案委员会"]));
    let committee_key = json(tian(&committee, &["key", "export", "-o", path(&file("c.tiankey")), "--json"]));
    for (db, name, key) in [(&edu, "市教育局", "edu.tiankey"), (&sci, "市科技局", "sci.tiankey")] {
        ok(tian(db, &["init", "--role", "unit", "--name", name]));
        let me = json(tian(db, &["key", "export", "-o", path(&file(key)), "--json"]));
        ok(tian(&committee, &["key", "trust", path(&file(key)), "--fingerprint", me["fingerprint"].as_str().unwrap()]));
        let seen = committee_key["fingerprint"].as_str().unwrap();
        ok(tian(db, &["key", "trust", path(&file("c.tiankey")), "--fingerprint", seen]));
    }
    ok(tian(&committee, &["assign", "0069", "--date", "2026-03-01", "--lead", "市教育局", "--co", "市科技局"]));
    for (db, name) in [(&edu, "市教育局"), (&sci, "市科技局")] {
        let down = file(&format!("to-{name}.tianpkg"));
        ok(tian(&committee, &["sync", "export", "--to", name, "-o", path(&down)]));
        ok(tian(db, &["sync", "import", path(&down)]));
    }
    [committee, edu, sci]
}

#[test]
fn a_lead_units_letter_is_drafted_from_the_suggestions_then_recorded_as_its_answer_with_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let [committee, edu, _] = offices(dir.path());
    let file = |name: &str| dir.path().join(name);
    let head = ["--class", "B", "--number", "教提复〔2026〕12号", "--signer", "王建华", "--signer-post", "局长"];

    // A draft: the form filled in, the body started from the six suggestions.
    let draft = file("草稿.pdf");
    let said =
        ok(tian(&edu, &[&["letter", "0069", "-o", path(&draft), "--contact", "张老师 0311-1234"], &head[..]].concat()));
    assert!(said.contains("逐条起草"), "{said}");
    let words = pdf_words(&draft);
    assert!(words.starts_with("B市教育局"), "the class alone at the top left, then the unit's 版头: {words}");
    for part in [
        "教提复〔2026〕12号签发人：王建华",
        "关于市政协十三届五次会议第0069号提案的答复",
        "市民盟：你们提出的《关于大力发展智慧教育",
        "一、关于“尽快制定相关标准和配套文件，为智慧教育建设提供基本依据”的建议。",
        "六、关于“加强人才队伍建设”的建议。",
        "市教育局2026年5月28日",
        "（联系人：张老师0311-1234）",
        "抄送：市政协提案委员会。",
    ] {
        assert!(words.contains(part), "{part}: {words}");
    }
    // A draft still holding the places to write in is not an answer.
    let early =
        refused(tian(&edu, &[&["letter", "0069", "-o", path(&file("x.docx")), "--record"], &head[..]].concat()));
    assert!(early.contains("复文正文还没有写好"), "{early}");
    assert!(!file("x.docx").exists(), "nothing written for a refused record");

    // The letter with the unit's body, recorded as the answer.
    std::fs::write(
        file("正文.txt"),
        "你们提出的关于智慧教育的提案收悉。\n一、我局已制定全市智慧教育建设标准，列入2026年工作计划。\n感谢你们对教育工作的关心和支持。\n",
    )
    .unwrap();
    let letter = file("复文.docx");
    let body = file("正文.txt");
    let args = [&["letter", "0069", "-o", path(&letter), "--body", path(&body), "--record"], &head[..]].concat();
    ok(tian(&edu, &args));
    let shown = json(tian(&edu, &["show", "0069", "--json"]));
    let reply = shown["replies"].as_array().unwrap().iter().find(|r| r["unit"] == "市教育局").unwrap().clone();
    assert_eq!(
        (&reply["class"], &reply["number"], &reply["signer"], &reply["signer_post"], &reply["date"]),
        (&"B".into(), &"教提复〔2026〕12号".into(), &"王建华".into(), &"局长".into(), &"2026-05-28".into()),
        "{reply}"
    );
    assert!(reply["text"].as_str().unwrap().contains("列入2026年工作计划"), "{reply}");
    assert_eq!(reply["attachments"][0]["name"], "复文.docx");
    // LibreOffice reads the same letter from the .docx.
    libreoffice(dir.path(), &[&letter]);
    let read = pdf_words(&dir.path().join("lo/复文.pdf"));
    for part in
        ["关于市政协十三届五次会议第0069号提案的答复", "签发人：王建华", "列入2026年工作计划", "抄送：市政协提案委员会"]
    {
        assert!(read.contains(part), "{part}: {read}");
    }

    // Sent back, the committee holds the answer and the file byte for byte.
    ok(tian(&edu, &["sync", "export", "-o", path(&file("up.tianpkg"))]));
    ok(tian(&committee, &["sync", "import", path(&file("up.tianpkg"))]));
    let at_committee = json(tian(&committee, &["show", "0069", "--json"]));
    let held = at_committee["replies"].as_array().unwrap().iter().find(|r| r["unit"] == "市教育局").unwrap().clone();
    assert_eq!(held["attachments"], reply["attachments"], "the same file, by its hash");
}

#[test]
fn a_co_units_letter_is_its_opinion_to_the_lead_unit_and_the_wrong_letters_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let [committee, _, sci] = offices(dir.path());
    let file = |name: &str| dir.path().join(name);
    let opinion = file("会办意见.pdf");
    ok(tian(&sci, &["letter", "0069", "--signer", "李明", "-o", path(&opinion)]));
    let words = pdf_words(&opinion);
    assert!(words.contains("关于市政协十三届五次会议第0069号提案的会办意见"), "{words}");
    assert!(words.contains("市教育局：第0069号提案"), "addressed to the lead unit: {words}");
    assert!(words.starts_with("市科技局"), "no class at the top: {words}");

    let classed = refused(tian(&sci, &["letter", "0069", "--class", "A", "--signer", "李明", "-o", path(&opinion)]));
    assert!(classed.contains("会办意见送主办单位，不标答复类别"), "{classed}");
    let nobody = refused(tian(&committee, &["letter", "0069", "--signer", "李明", "-o", path(&file("c.pdf"))]));
    assert!(nobody.contains("--unit"), "{nobody}");
    let stranger = refused(tian(
        &committee,
        &["letter", "0069", "--unit", "市财政局", "--signer", "李明", "-o", path(&file("c.pdf"))],
    ));
    assert!(stranger.contains("没有交办给市财政局"), "{stranger}");
    let not_a_letter = refused(tian(&sci, &["letter", "0069", "--signer", "李明", "-o", path(&file("x.txt"))]));
    assert!(not_a_letter.contains(".docx 或 .pdf"), "{not_a_letter}");
    let long = refused(tian(&sci, &["letter", "0069", "--signer", "一二三四五六七八九", "-o", path(&opinion)]));
    assert!(long.contains("签发人"), "{long}");
}
