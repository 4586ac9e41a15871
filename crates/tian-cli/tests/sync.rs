//! The exchange between the committee and 市教育局 as two offices do it,
//! each with its own database, through the `tian` command and files only:
//! assign, export, import at the unit, reply with an attachment, export,
//! import at the committee.

use std::path::Path;
use std::process::Output;

mod support;

use support::{json, ok, path};

fn tian(db: &Path, args: &[&str]) -> Output {
    support::run(db, Some("2026-05-28"), args)
}

#[test]
fn a_reply_written_at_the_unit_reaches_the_committee_with_its_attachment_byte_for_byte() {
    let (dir, committee, unit) = support::two_offices();
    let file = |name: &str| dir.path().join(name);

    ok(tian(&committee, &["init", "--role", "committee", "--name", "市政协提案委员会"]));
    let identity = json(tian(&unit, &["init", "--role", "unit", "--name", "市教育局", "--json"]));
    assert_eq!(identity["role"], "unit");
    let committee_key = json(tian(&committee, &["key", "export", "-o", path(&file("委员会.tiankey")), "--json"]));
    ok(tian(&unit, &["key", "export", "-o", path(&file("教育局.tiankey"))]));
    // The clerk checks the fingerprint the unit's screen shows before trusting.
    let fingerprint = identity["fingerprint"].as_str().unwrap();
    let wrong =
        tian(&committee, &["key", "trust", path(&file("教育局.tiankey")), "--fingerprint", "0000 0000 0000 0000 0000"]);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("指纹不一致"));
    ok(tian(&committee, &["key", "trust", path(&file("教育局.tiankey")), "--fingerprint", fingerprint]));
    // Without a confirmed fingerprint nothing is trusted: the key's is shown.
    let unconfirmed = tian(&unit, &["key", "trust", path(&file("委员会.tiankey"))]);
    assert!(!unconfirmed.status.success());
    let committee_fingerprint = committee_key["fingerprint"].as_str().unwrap();
    assert!(String::from_utf8_lossy(&unconfirmed.stderr).contains(committee_fingerprint));
    ok(tian(&unit, &["key", "trust", path(&file("委员会.tiankey")), "--fingerprint", committee_fingerprint]));

    ok(tian(
        &committee,
        &["assign", "0069", "--date", "2026-03-01", "--lead", "市教育局:李老师:0311-1234", "--co", "市科技局"],
    ));
    let down =
        json(tian(&committee, &["sync", "export", "--to", "市教育局", "-o", path(&file("下发.tianpkg")), "--json"]));
    assert_eq!(down["proposals"], 1, "only the proposal assigned to the unit travels");

    let preview = json(tian(&unit, &["sync", "import", path(&file("下发.tianpkg")), "--dry-run", "--json"]));
    assert_eq!(preview["applied"], false);
    assert!(json(tian(&unit, &["list", "--json"])).as_array().unwrap().is_empty(), "a preview writes nothing");
    ok(tian(&unit, &["sync", "import", path(&file("下发.tianpkg"))]));
    let at_unit = json(tian(&unit, &["list", "--json"]));
    assert_eq!(at_unit.as_array().unwrap().len(), 1);
    assert_eq!(at_unit[0]["number"], "0069");

    // The unit writes its reply with a scanned letter attached.
    let scan: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(file("复文扫描件.pdf"), &scan).unwrap();
    std::fs::write(file("复文.txt"), "关于智慧教育的建议已列入2026年工作计划，平台建设正在推进。").unwrap();
    ok(tian(
        &unit,
        &[
            "reply",
            "0069",
            "--unit",
            "市教育局",
            "--class",
            "B",
            "--date",
            "2026-05-20",
            "--signer",
            "王局长",
            "--file",
            path(&file("复文.txt")),
            "--attach",
            path(&file("复文扫描件.pdf")),
        ],
    ));
    let up = json(tian(&unit, &["sync", "export", "-o", path(&file("上报.tianpkg")), "--json"]));
    assert_eq!(up["attachments"], 1);

    // 核验 before importing: signed, clean, what it holds; nothing written.
    let verified = ok(tian(&committee, &["sync", "verify", path(&file("上报.tianpkg"))]));
    assert!(verified.contains("签名有效，可以干净导入"), "{verified}");
    assert!(verified.contains("这是市教育局发来的第1号交换包"), "{verified}");
    assert!(verified.contains("以上为预览，没有写入任何内容"), "{verified}");
    assert!(json(tian(&committee, &["show", "0069", "--json"]))["replies"].as_array().unwrap().is_empty());
    let imported = json(tian(&committee, &["sync", "import", path(&file("上报.tianpkg")), "--json"]));
    assert!(imported["refused"].as_array().unwrap().is_empty());
    let shown = json(tian(&committee, &["show", "0069", "--json"]));
    assert_eq!(shown["stage"], "已答复", "the committee's list moves on with the unit's reply");
    let reply = &shown["replies"][0];
    assert_eq!((reply["unit"].as_str(), reply["class"].as_str()), (Some("市教育局"), Some("B")));
    assert!(reply["text"].as_str().unwrap().contains("列入2026年工作计划"));
    let sha = reply["attachments"][0]["sha256"].as_str().unwrap();
    let kept = std::fs::read(committee.parent().unwrap().join("attachments").join(sha)).unwrap();
    assert_eq!(kept, scan, "the attachment arrived byte for byte");

    // The committee's timeline shows who did it, from where.
    let timeline = ok(tian(&committee, &["timeline", "0069"]));
    assert!(timeline.contains("导入交换包：市教育局"), "{timeline}");

    // Acknowledgements travel back: the next packages carry nothing new.
    ok(tian(&committee, &["sync", "export", "--to", "市教育局", "-o", path(&file("回执.tianpkg"))]));
    ok(tian(&unit, &["sync", "import", path(&file("回执.tianpkg"))]));
    let again = json(tian(&unit, &["sync", "export", "-o", path(&file("空.tianpkg")), "--json"]));
    assert_eq!(again["operations"], 0);
    let status = json(tian(&committee, &["sync", "status", "--json"]));
    assert_eq!(status["peers"][0]["name"], "市教育局");
    assert_eq!(status["conflicts"], 0);
    // The ledger: the committee's 第1–2号 went down, the unit's 第1号 came
    // up; the unit's 第2号 (空.tianpkg) has not been brought over.
    let ledger = &status["peers"][0]["ledger"];
    assert_eq!((ledger["last_sent"].as_u64(), ledger["last_received"].as_u64()), (Some(2), Some(1)));
    let shown = ok(tian(&committee, &["sync", "status"]));
    assert!(shown.contains("交换包：已发出至第2号，已收到至第1号"), "{shown}");
    assert!(shown.contains("本机的第2号对方尚未确认收到"), "{shown}");

    // Proof of dates: the committee's receipt of the answer's arrival, the
    // unit's signature over it, and the receipt returned to the unit.
    let receipts = ok(tian(&committee, &["sync", "receipts", "--unit", "市教育局"]));
    assert!(receipts.contains("市政协提案委员会收到市教育局的第1号交换包"), "{receipts}");
    assert!(receipts.contains("（本机出具），签名有效"), "{receipts}");
    assert!(receipts.contains("第0069号 市教育局 答复：答复日期 2026年5月20日；送达："), "{receipts}");
    assert!(receipts.contains("（第1号交换包，答复日期后") && receipts.contains("单位已签名"), "{receipts}");
    let proofs = json(tian(&committee, &["sync", "receipts", "--unit", "市教育局", "--json"]));
    let arrival = &proofs["answers"][0]["arrival"];
    let days = arrival["days_after"].as_i64().unwrap();
    // Arrived by the PC's clock, today; late beyond the 15 days allowed.
    let received = chrono::NaiveDate::parse_from_str(arrival["received"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    assert_eq!(days, (received - chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap()).num_days());
    assert_eq!(arrival["late"], days > 15);
    let shown = ok(tian(&committee, &["show", "0069"]));
    assert!(shown.contains("送达：") && shown.contains("单位已签名"), "{shown}");
    let at_unit = ok(tian(&unit, &["sync", "receipts"]));
    assert!(
        at_unit.contains("市政协提案委员会收到市教育局的第1号交换包") && at_unit.contains("（对方出具），签名有效"),
        "{at_unit}"
    );
    let unnamed = tian(&committee, &["sync", "receipts"]);
    assert!(String::from_utf8_lossy(&unnamed.stderr).contains("请指定承办单位"), "the committee names the unit");

    let forged = file("伪造.tianpkg");
    std::fs::write(&forged, b"PK\x03\x04 not a package").unwrap();
    let refused = tian(&committee, &["sync", "verify", path(&forged)]);
    assert!(!refused.status.success(), "a damaged package does not verify");
}

#[test]
fn importing_a_package_twice_or_a_package_for_someone_else_is_told_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let (committee, unit, other) =
        (dir.path().join("c/tian.db"), dir.path().join("u/tian.db"), dir.path().join("o/tian.db"));
    let file = |name: &str| dir.path().join(name);
    ok(tian(&committee, &["init", "--role", "committee", "--name", "市政协提案委员会"]));
    ok(tian(&unit, &["init", "--role", "unit", "--name", "市教育局"]));
    ok(tian(&other, &["init", "--role", "unit", "--name", "市民政局"]));
    let committee_key = json(tian(&committee, &["key", "export", "-o", path(&file("c.tiankey")), "--json"]));
    for (db, key) in [(&unit, "u.tiankey"), (&other, "o.tiankey")] {
        let unit_key = json(tian(db, &["key", "export", "-o", path(&file(key)), "--json"]));
        ok(tian(
            &committee,
            &["key", "trust", path(&file(key)), "--fingerprint", unit_key["fingerprint"].as_str().unwrap()],
        ));
        let seen = committee_key["fingerprint"].as_str().unwrap();
        ok(tian(db, &["key", "trust", path(&file("c.tiankey")), "--fingerprint", seen]));
    }
    ok(tian(&committee, &["assign", "0069", "--date", "2026-03-01", "--lead", "市教育局"]));
    ok(tian(&committee, &["sync", "export", "--to", "市教育局", "-o", path(&file("p.tianpkg"))]));
    ok(tian(&unit, &["sync", "import", path(&file("p.tianpkg"))]));
    let twice = ok(tian(&unit, &["sync", "import", path(&file("p.tianpkg"))]));
    assert!(twice.contains("其中 0 项是新的") && twice.contains("此前已导入过"), "{twice}");

    let wrong = tian(&other, &["sync", "import", path(&file("p.tianpkg"))]);
    assert_eq!(wrong.status.code(), Some(1));
    let message = String::from_utf8_lossy(&wrong.stderr);
    assert!(message.contains("这个交换包是发给“市教育局”的，不是发给本机（市民政局）的"), "{message}");
}

/// 市教育局's installation, trusting the committee and holding 0069 as the
/// committee assigned it (lead unit 市教育局), received by package.
fn unit_holding_0069(dir: &Path) -> std::path::PathBuf {
    let (committee, unit) = (dir.join("委员会/tian.db"), dir.join("教育局/tian.db"));
    ok(tian(&committee, &["init", "--role", "committee", "--name", "市政协提案委员会"]));
    let unit_id = json(tian(&unit, &["init", "--role", "unit", "--name", "市教育局", "--json"]));
    let committee_id = json(tian(&committee, &["key", "export", "-o", path(&dir.join("c.tiankey")), "--json"]));
    ok(tian(&unit, &["key", "export", "-o", path(&dir.join("u.tiankey"))]));
    let fingerprint = |id: &serde_json::Value| id["fingerprint"].as_str().unwrap().to_owned();
    ok(tian(&committee, &["key", "trust", path(&dir.join("u.tiankey")), "--fingerprint", &fingerprint(&unit_id)]));
    ok(tian(&unit, &["key", "trust", path(&dir.join("c.tiankey")), "--fingerprint", &fingerprint(&committee_id)]));
    ok(tian(&committee, &["assign", "0069", "--date", "2026-03-01", "--lead", "市教育局"]));
    ok(tian(&committee, &["sync", "export", "--to", "市教育局", "-o", path(&dir.join("down.tianpkg"))]));
    ok(tian(&unit, &["sync", "import", path(&dir.join("down.tianpkg"))]));
    unit
}

/// Every step that is the committee's is refused on a unit's installation,
/// in words that name the installation's role, and changes nothing there.
#[test]
fn a_units_installation_refuses_every_committee_step_naming_its_role() {
    let dir = tempfile::tempdir().unwrap();
    let unit = unit_holding_0069(dir.path());
    let before = ok(tian(&unit, &["show", "0069", "--json"]));
    let report = dir.path().join("督办报告.docx");
    let committee_steps: [&[&str]; 19] = [
        &["assign", "0069", "--date", "2026-05-01"],
        &["review", "0069", "--outcome", "不予立案", "--reason", "不属于提案范围"],
        &["activity", "0069", "--kind", "调研", "--date", "2026-05-01", "--summary", "实地调研"],
        &["feedback", "0069", "--result", "满意", "--date", "2026-05-27"],
        &["review-feedback", "0069", "--decide", "再办理", "--reason", "再研究"],
        &["close", "0069", "--summary", "已落实"],
        &["extension", "approve", "0069", "--id", "x"],
        &["withdraw", "0069", "--reason", "提案者撤回"],
        &["reopen", "0069", "--reason", "重新办理"],
        &["category", "0069", "--set", "教育"],
        &["category", "--undo"],
        &["plan", "link", "0069", "任务25"],
        &["units", "add", "市新设局"],
        &["units", "rename", "市教育局", "市教育委员会"],
        &["units", "short", "市教育局", "教育"],
        // The committee's reports and figures.
        &["dashboard"],
        &["stats"],
        &["report", "-o", path(&report)],
        &["report", "--feedback-form", "0069", "-o", path(&report)],
    ];
    for step in committee_steps {
        let refused = tian(&unit, step);
        let said = String::from_utf8_lossy(&refused.stderr);
        assert!(!refused.status.success(), "{step:?} was taken on the unit's installation");
        assert!(said.contains("本机是承办单位（市教育局），不能"), "{step:?}: {said}");
    }
    assert_eq!(ok(tian(&unit, &["show", "0069", "--json"])), before, "nothing changed");
    assert!(!report.exists(), "no report was written");
    // Its own desk instead: what it leads, and its figures.
    let desk = ok(tian(&unit, &["desk"]));
    assert!(desk.contains("市教育局　会办 0 件") && desk.contains("交办本单位主办 1 件"), "{desk}");
}

/// 批量导入 by `tian`: several files, or the folder that holds them, in one
/// command; one line per unit, and a file refused whole named with its reason.
#[test]
fn a_weeks_packages_import_in_one_command_with_a_line_per_unit() {
    let dir = tempfile::tempdir().unwrap();
    let unit = unit_holding_0069(dir.path());
    let committee = dir.path().join("委员会/tian.db");
    let week = dir.path().join("U盘");
    std::fs::create_dir_all(&week).unwrap();
    ok(tian(&unit, &["contact", "0069", "--method", "电话", "--content", "商定调研", "--date", "2026-05-20"]));
    ok(tian(&unit, &["sync", "export", "-o", path(&week.join("1.tianpkg"))]));
    ok(tian(&unit, &["contact", "0069", "--method", "电话", "--content", "再次沟通", "--date", "2026-05-21"]));
    ok(tian(&unit, &["sync", "export", "-o", path(&week.join("2.tianpkg"))]));
    std::fs::write(week.join("3.tianpkg"), b"damaged").unwrap();

    let said = ok(tian(&committee, &["sync", "import", path(&week)]));
    assert!(said.contains("已导入 2 个交换包，1 个未导入"), "{said}");
    assert!(said.contains("市教育局：2 个交换包（第1–2号）"), "{said}");
    assert!(!said.contains("仍未收到"), "{said}");
    assert!(said.contains("× 3.tianpkg："), "{said}");
    let shown = ok(tian(&committee, &["show", "0069"]));
    assert!(shown.contains("商定调研") && shown.contains("再次沟通"), "{shown}");

    // The same files again, by name: nothing new, each said to be known.
    let again = json(tian(
        &committee,
        &["sync", "import", path(&week.join("1.tianpkg")), path(&week.join("2.tianpkg")), "--json"],
    ));
    assert_eq!(again["senders"][0]["repeated"], 2, "{again}");
    assert_eq!(again["senders"][0]["new_operations"], 0, "{again}");
    let previewed = tian(&committee, &["sync", "import", path(&week), "--dry-run"]);
    assert!(!previewed.status.success(), "a batch is not previewed");

    // 撤销导入: the repeat changed nothing and left no safety point; the
    // week's batch is taken back, and with it the contacts.
    let undone = ok(tian(&committee, &["sync", "undo"]));
    assert!(undone.contains("已撤销批量导入交换包：市教育局"), "{undone}");
    let shown = ok(tian(&committee, &["show", "0069"]));
    assert!(!shown.contains("商定调研") && !shown.contains("再次沟通"), "{shown}");
    let nothing = tian(&committee, &["sync", "undo"]);
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("还没有可以撤销的导入"), "{nothing:?}");
}
