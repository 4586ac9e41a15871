//! The 数据交换 page as the committee's clerk uses it: a package from
//! 市教育局 is chosen in the native open dialog, previewed (nothing written
//! yet), imported, and the one field both sides changed is settled by
//! picking the unit's value side by side.

use chrono::NaiveDate;
use tian_core::domain::{Assignment, SuggestionProgress, SuggestionState, UnitAssignment, UnitRole};
use tian_core::{ExportMode, ReplyInput, Role, Tian};
use tian_e2e::Window;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, d).unwrap()
}

fn progress(evidence: &str) -> SuggestionProgress {
    SuggestionProgress { index: 2, status: SuggestionState::Done, evidence: evidence.into(), date: Some(day(20)) }
}

/// The committee's workspace at `db`, and in `files` a package from
/// 市教育局 carrying its reply (with an attachment) and its view of
/// suggestion 2, which the committee changed meanwhile too.
fn prepare(db: &std::path::Path, files: &std::path::Path) {
    let mut committee = Tian::open(db).unwrap();
    committee.init_identity(Role::Committee, "市政协提案委员会").unwrap();
    let mut unit = Tian::open(&files.join("unit/tian.db")).unwrap();
    unit.init_identity(Role::Unit, "市教育局").unwrap();
    committee.export_key(&files.join("c.tiankey")).unwrap();
    unit.export_key(&files.join("u.tiankey")).unwrap();
    trust(&mut committee, &files.join("u.tiankey"));
    trust(&mut unit, &files.join("c.tiankey"));

    let id = committee.resolve("0069", None).unwrap();
    let lead = UnitAssignment {
        unit: "市教育局".into(),
        role: UnitRole::Lead,
        contact: "李老师".into(),
        phone: String::new(),
    };
    committee.assign(&id, Assignment { date: day(1), units: vec![lead], mode: Default::default() }).unwrap();
    committee.export_package(Some("市教育局"), ExportMode::Unacknowledged, &files.join("down.tianpkg")).unwrap();
    unit.import_package(&files.join("down.tianpkg")).unwrap();
    // The unit's 第1号, its 回执 only, never reaches the committee.
    unit.export_package(None, ExportMode::Unacknowledged, &files.join("lost.tianpkg")).unwrap();

    std::fs::write(files.join("scan.pdf"), b"%PDF-1.4 scanned reply letter").unwrap();
    let reply = ReplyInput {
        unit: "市教育局".into(),
        date: day(20),
        class: Some(tian_core::domain::AnswerClass::B),
        signer: "王局长".into(),
        signer_post: String::new(),
        number: String::new(),
        contact: "李老师 0311-1234".into(),
        text: "智慧教育平台建设已列入今年计划。".into(),
        text_file: None,
        attachments: vec![files.join("scan.pdf")],
        public: true,
        private_reason: String::new(),
    };
    unit.add_reply(&id, reply).unwrap();
    unit.set_suggestion(&id, progress("单位自报：已覆盖全部学校")).unwrap();
    committee.set_suggestion(&id, progress("委员会视察：覆盖八成学校")).unwrap();
    // In a folder of its own, for the same reason.
    std::fs::create_dir_all(files.join("inbox")).unwrap();
    unit.export_package(None, ExportMode::Unacknowledged, &files.join("inbox/edu-reply.tianpkg")).unwrap();
}

#[test]
fn a_units_package_is_previewed_imported_and_its_conflict_settled_side_by_side() {
    let files = tempfile::tempdir().unwrap();
    let window = Window::open_on(|db| prepare(db, files.path()));
    window.wait_for_list(13);
    window.click("[data-testid=nav-exchange]");
    let me = window.wait_for_text("[data-testid=my-identity]", |t| t.contains("市政协提案委员会"));
    assert!(me.contains("提案委员会"), "{me}");
    window.wait_for_text("[data-testid=peer-table]", |t| t.contains("市教育局"));

    // 导出本机密钥…: the key file for a unit to trust, said where it went.
    let key = files.path().join("committee.tiankey");
    window.click_xpath("//button[normalize-space(.)='导出本机密钥…']");
    window.answer_file_dialog("导出本机密钥", &key);
    window.wait_for_text("[data-testid=saved-path]", |t| t == key.display().to_string());
    let mut unit = Tian::open(&files.path().join("check/tian.db")).unwrap();
    unit.init_identity(Role::Unit, "市科技局").unwrap();
    assert!(unit.preview_key(&key).unwrap().name.contains("市政协提案委员会"), "a key another installation reads");

    window.click("[data-testid=import-package]");
    window.answer_file_dialog("选择交换包", &files.path().join("inbox/edu-reply.tianpkg"));
    let preview = window.wait_for_text("[data-testid=package-preview]", |t| t.contains("新增办理复文"));
    assert!(preview.contains("来自承办单位“市教育局”"), "{preview}");
    assert!(preview.contains("新增办理复文（市教育局）"), "{preview}");
    assert!(preview.contains("建议2落实情况"), "{preview}");
    let number = window.wait_for_text("[data-testid=preview-number]", |t| t.contains("第2号"));
    assert!(number.contains("对方此前的第1号尚未收到"), "{number}");
    window.screenshot("exchange-preview.png");
    assert_eq!(
        window.wait_for_text("[data-testid=conflict-count]", |t| !t.is_empty()),
        "冲突（0）",
        "a preview writes nothing"
    );

    window.click("[data-testid=confirm-import]");
    window.wait_for_text("[data-testid=conflict-count]", |t| t == "冲突（1）");
    let conflict = window.wait_for_text("[data-testid=conflict]", |t| t.contains("采用此值"));
    assert!(
        conflict.contains("单位自报：已覆盖全部学校") && conflict.contains("委员会视察：覆盖八成学校"),
        "{conflict}"
    );
    let history = window.wait_for_text("[data-testid=package-history]", |t| t.contains("收自市教育局"));
    assert!(history.contains("edu-reply.tianpkg"), "{history}");
    window.wait("the preview to close", || window.find_all("[data-testid=package-preview]").is_empty().then_some(()));
    window.screenshot("exchange-conflict.png");

    window.click_xpath(
        "//div[contains(@class,'side')][.//div[contains(text(),'单位自报')]]//button[@data-testid='adopt-value']",
    );
    window.wait_for_text("[data-testid=conflict-count]", |t| t == "冲突（0）");

    // The reply now stands on the committee's proposal, and the stage moved on.
    window.click("[data-testid=nav-list]");
    let row = window.wait("0069's row", || {
        window
            .find_xpath("//div[contains(@class,'proposal-row')][.//*[contains(text(),'0069')]]")
            .into_iter()
            .next()
            .map(|r| r.text())
    });
    assert!(row.contains("已答复"), "{row}");
    window.screenshot("exchange-done.png");

    // The unit's PC is lost: the clerk revokes its key, once asked.
    window.click("[data-testid=nav-exchange]");
    // The table also keeps an unseen copy of each column's template; the
    // button a clerk sees is in its body.
    window.click(".el-table__body [data-testid=revoke-key]");
    let question = window.wait_for_text(".el-message-box", |t| t.contains("一律被拒绝"));
    assert!(question.contains("市教育局"), "{question}");
    window.click_xpath("//div[contains(@class,'el-message-box')]//button[.//span[text()='吊销']]");
    let revoked = window.wait_for_text(".el-table__body [data-testid=revoked]", |t| t.ends_with("吊销"));
    assert!(revoked.contains('年'), "dated: {revoked}");
    let peers = window.wait_for_text("[data-testid=peer-table]", |t| t.contains(&revoked));
    assert!(peers.contains("市教育局"), "the revoked key stays listed: {peers}");
    assert!(window.find_all(".el-table__body [data-testid=revoke-key]").is_empty(), "nothing left to revoke");
    window.wait("the question to close", || window.find_all(".el-message-box").is_empty().then_some(()));
    window.screenshot("exchange-revoked.png");
}

#[test]
fn a_units_window_names_the_unit_and_waits_for_its_committees_package() {
    let window = Window::open_on(|db| {
        let mut unit = Tian::open(db).unwrap();
        unit.init_identity(Role::Unit, "市教育局").unwrap();
    });
    let office = window.wait_for_text("[data-testid=office]", |t| t.starts_with("市教育局"));
    assert_eq!(office, "市教育局 · 重点提案办理与督办");
    window.wait_for_text("[data-testid=list-count]", |t| t.contains("0"));
    // Its menu is the unit's: its own proposals, and none of the committee's pages.
    window.wait_for_text("[data-testid=nav-list]", |t| t == "本单位承办");
    let shown = window.script(
        "return ['nav-dashboard', 'nav-report', 'nav-statistics']
           .map(t => getComputedStyle(document.querySelector(`[data-testid=${t}]`)).display)",
    );
    assert_eq!(shown, serde_json::json!(["none", "none", "none"]), "the committee's pages are not offered");
    // An address naming one of them shows the unit's list instead.
    window.script("location.hash = '#/dashboard'; return null");
    window.wait_for_text("[data-testid=list-count]", |t| t.contains("0"));
    assert!(window.find_all("[data-testid=stage-cards]").is_empty(), "no 督办总览 on a unit's window");
    window.click("[data-testid=nav-exchange]");
    let me = window.wait_for_text("[data-testid=my-identity]", |t| t.contains("市教育局"));
    assert!(me.contains("承办单位"), "{me}");
    window.screenshot("unit-exchange.png");
}

/// 导入对方密钥… as the clerk clicks it: the native open dialog picks the
/// unit's key file, its fingerprint is compared and trusted, and the unit
/// can then be sent a package, whose 已保存 notice stands in view at the
/// top of the window. (The button once handed its click event over as the
/// key's path and failed on every click.)
#[test]
fn a_key_imported_from_its_button_is_trusted_and_a_package_then_goes_to_that_unit() {
    let files = tempfile::tempdir().unwrap();
    let dir = files.path().to_owned();
    let key = dir.join("keys/edu.tiankey");
    let mut fingerprint = String::new();
    let window = Window::open_on(|db| {
        let mut committee = Tian::open(db).unwrap();
        committee.init_identity(Role::Committee, "市政协提案委员会").unwrap();
        let id = committee.resolve("0069", None).unwrap();
        let lead = UnitAssignment {
            unit: "市教育局".into(),
            role: UnitRole::Lead,
            contact: String::new(),
            phone: String::new(),
        };
        committee.assign(&id, Assignment { date: day(1), units: vec![lead], mode: Default::default() }).unwrap();
        let mut unit = Tian::open(&dir.join("unit/tian.db")).unwrap();
        fingerprint = unit.init_identity(Role::Unit, "市教育局").unwrap().fingerprint;
        std::fs::create_dir_all(key.parent().unwrap()).unwrap();
        unit.export_key(&key).unwrap();
    });
    window.wait_for_list(13);
    window.click("[data-testid=nav-exchange]");
    window.wait_for_text("[data-testid=no-recipients]", |t| t.contains("请先"));

    window.click("[data-testid=trust-key]");
    window.answer_file_dialog("选择对方的密钥文件", &key);
    let question = window.wait_for_text(".el-message-box", |t| t.contains("密钥指纹"));
    assert!(question.contains(&fingerprint) && question.contains("市教育局"), "{question}");
    window.click_xpath("//div[contains(@class,'el-message-box')]//button[.//span[text()='指纹一致，信任']]");
    window.wait_for_text("[data-testid=peer-table]", |t| t.contains("市教育局"));
    window.wait("the hint to go", || window.find_all("[data-testid=no-recipients]").is_empty().then_some(()));

    // Chosen from the keyboard, as a clerk tabbing through the form would: ↓ and Enter.
    window.script("document.querySelector('[data-testid=export-to] input').focus(); return null");
    window.press(&["ArrowDown"]);
    window.wait("the units to be offered", || {
        (!window
            .find_xpath("//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='市教育局']")
            .is_empty())
        .then_some(())
    });
    window.press(&["ArrowDown"]);
    window.press(&["Enter"]);
    window.wait_for_text("[data-testid=export-to]", |t| t.contains("市教育局"));
    window.click("[data-testid=export-package]");
    let package = dir.join("to-edu.tianpkg");
    window.answer_file_dialog("导出交换包", &package);
    let message = window.wait_for_text(".saved-notice .saved-message", |t| t.contains("已导出"));
    assert!(message.contains("发给市教育局的第1号交换包：1 件提案"), "{message}");
    let path = window.wait_for_text(".saved-notice [data-testid=saved-path]", |t| !t.is_empty());
    assert_eq!(path, package.display().to_string());
    // In view: fixed at the top of the window, not drawn at the foot of the page.
    let place = window.script(
        r#"const n = document.querySelector(".saved-notice"); const r = n.getBoundingClientRect();
           return [getComputedStyle(n).position, r.top, r.bottom, window.innerHeight];"#,
    );
    assert_eq!(place[0], "fixed", "{place}");
    let (top, bottom, height) = (place[1].as_f64().unwrap(), place[2].as_f64().unwrap(), place[3].as_f64().unwrap());
    assert!(top >= 0.0 && bottom < height / 2.0, "the notice stands in the top half of the window: {place}");
    window.screenshot("exchange-key-and-export.png");
    assert!(std::fs::read(&package).unwrap().len() > 100, "the package was written");
}

/// Trusts the key file at `key` as the clerk does after comparing its
/// fingerprint with the other side's screen.
fn trust(tian: &mut Tian, key: &std::path::Path) {
    let seen = tian.preview_key(key).unwrap().fingerprint;
    tian.trust_key(key, &seen).unwrap();
}

/// A committee's PC set up from its window: 设定本机身份… names it, a unit's
/// key is trusted, and when the unit moves to a new PC its new key replaces
/// the old one from 更换, the old one kept as revoked.
#[test]
fn the_identity_is_set_from_its_dialog_and_a_units_new_key_replaces_the_old() {
    let files = tempfile::tempdir().unwrap();
    let dir = files.path().to_owned();
    let (old_key, new_key) = (dir.join("old/edu.tiankey"), dir.join("new/edu.tiankey"));
    let mut new_fingerprint = String::new();
    let window = Window::open_on(|_| {
        for (key, db) in [(&old_key, "old/tian.db"), (&new_key, "new/tian.db")] {
            let mut unit = Tian::open(&dir.join(db)).unwrap();
            new_fingerprint = unit.init_identity(Role::Unit, "市教育局").unwrap().fingerprint;
            unit.export_key(key).unwrap();
        }
    });
    window.wait_for_list(13);
    window.click("[data-testid=nav-exchange]");
    window.wait_for_text("[data-testid=my-identity]", |t| !t.is_empty());

    window.click("[data-testid=set-identity]");
    let name = window.wait_for_count(".el-dialog input[placeholder='全称，如 市教育局']", 1);
    name[0].type_text("\u{E009}a\u{E009}\u{E017}某市政协提案委员会");
    window.click("[data-testid=save-identity]");
    let me = window.wait_for_text("[data-testid=my-identity]", |t| t.contains("某市政协提案委员会"));
    assert!(me.contains("提案委员会"), "{me}");

    window.click("[data-testid=trust-key]");
    window.answer_file_dialog("选择对方的密钥文件", &old_key);
    window.wait_for_text(".el-message-box", |t| t.contains("密钥指纹"));
    window.click_xpath("//div[contains(@class,'el-message-box')]//button[.//span[text()='指纹一致，信任']]");
    let before = window.wait_for_text("[data-testid=peer-table]", |t| t.contains("市教育局"));
    assert!(!before.contains(&new_fingerprint), "{before}");

    window.click(".el-table__body [data-testid=replace-key]");
    window.answer_file_dialog("选择对方的密钥文件", &new_key);
    let question = window.wait_for_text(".el-message-box", |t| t.contains("密钥指纹"));
    assert!(question.contains(&new_fingerprint), "{question}");
    window.click_xpath("//div[contains(@class,'el-message-box')]//button[.//span[text()='指纹一致，更换']]");
    let after = window.wait_for_text("[data-testid=peer-table]", |t| t.contains(&new_fingerprint));
    assert!(after.contains("吊销"), "the old key stays listed, revoked: {after}");
    window.screenshot("exchange-key-replaced.png");
}

/// A unit's PC set up as its clerk clicks it: the committee exports the
/// 初始化文件 for 市教育局 from its 单位名录; on the unit's new installation
/// 设定本机身份… → 从初始化文件… shows whose file it is and the committee's
/// fingerprint, and once taken the window is 市教育局's, trusting the
/// committee, with its own fingerprint shown to read out.
#[test]
fn a_units_installation_is_set_up_from_the_committees_setup_file() {
    let files = tempfile::tempdir().unwrap();
    let setup = files.path().join("市教育局.tianinit");
    let mut committee_fingerprint = String::new();
    let committee = Window::open_on(|db| {
        let mut tian = Tian::open(db).unwrap();
        committee_fingerprint = tian.init_identity(Role::Committee, "市政协提案委员会").unwrap().fingerprint;
        tian.set_short_name("市教育局", "教育局").unwrap();
    });
    committee.wait_for_list(13);
    committee.click("[data-testid=nav-settings]");
    committee.click("[data-testid='setup-file-市教育局']");
    committee.answer_file_dialog("导出单位初始化文件", &setup);
    let made = committee.wait_for_text(".saved-notice .saved-message", |t| t.contains("已为市教育局导出初始化文件"));
    assert!(made.contains(&committee_fingerprint), "{made}");
    let written = committee.wait_for_text(".saved-notice [data-testid=saved-path]", |t| !t.is_empty());
    assert_eq!(written, setup.display().to_string(), "the notice says where the file is");
    drop(committee);
    assert!(setup.exists(), "the file was written where the clerk chose");

    let unit = Window::open();
    unit.wait_for_list(13);
    unit.click("[data-testid=nav-exchange]");
    unit.click("[data-testid=set-identity]");
    unit.click("[data-testid=setup-from-file]");
    unit.answer_file_dialog("选择提案委员会给的初始化文件", &setup);
    let question = unit.wait_for_text(".el-message-box__message", |t| t.contains("为“市教育局”导出的初始化文件"));
    assert!(question.contains(&committee_fingerprint) && question.contains("市政协提案委员会"), "{question}");
    unit.click_xpath("//div[contains(@class,'el-message-box')]//button[normalize-space(.)='设定本机']");
    let done = unit.answer("本机现在是承办单位：市教育局", "知道了");
    // The fingerprint said is the one the page now shows, to read to the committee.
    unit.wait_for_text("[data-testid=my-fingerprint]", |t| t.len() > 10 && done.contains(t));
    unit.wait_for_text("[data-testid=office]", |t| t.starts_with("市教育局"));
    unit.wait_for_text("[data-testid=my-identity]", |t| t.contains("承办单位") && t.contains("市教育局"));
    unit.wait_for_text("[data-testid=peer-table]", |t| t.contains("市政协提案委员会"));
    unit.screenshot("unit-set-up-from-file.png");
}

/// A week's packages taken from their folder (a U盘) as the clerk clicks it:
/// 从文件夹导入… picks the folder, the summary has a line per unit and names
/// the damaged file it could not take; 撤销这次导入… then puts the workspace
/// back as it was before the batch, its conflict gone with it.
#[test]
fn a_weeks_packages_are_taken_from_their_folder_and_the_batch_taken_back() {
    let files = tempfile::tempdir().unwrap();
    let inbox = files.path().join("inbox");
    let mut db = std::path::PathBuf::new();
    let window = Window::open_on(|path| {
        prepare(path, files.path());
        std::fs::write(inbox.join("坏.tianpkg"), b"not a package").unwrap();
        db = path.to_owned();
    });
    window.wait_for_list(13);
    window.click("[data-testid=nav-exchange]");
    window.wait_for_text("[data-testid=peer-table]", |t| t.contains("市教育局"));
    window.click("[data-testid=import-folder]");
    window.answer_file_dialog("选择存放交换包的文件夹", &inbox);
    let result = window.wait_for_text("[data-testid=batch-result]", |t| t.contains("已导入 1 个交换包"));
    assert!(result.contains("1 个未导入"), "{result}");
    let senders = window.wait_for_text("[data-testid=batch-senders]", |t| t.contains("市教育局"));
    assert!(senders.contains("1 个") && senders.contains("1 件"), "{senders}");
    // Which of its packages this was, and that its 第1号 never came.
    window.wait_for_text("[data-testid=batch-numbers]", |t| t == "第2号");
    window.wait_for_text("[data-testid=batch-missing]", |t| t.starts_with("仍未收到第1号"));
    let failed = window.wait_for_text("[data-testid=batch-failed]", |t| t.contains("坏.tianpkg"));
    assert!(failed.contains("交换包"), "{failed}");
    window.wait_for_text("[data-testid=conflict-count]", |t| t == "冲突（1）");
    // 最近往来: the day 市教育局's package came in.
    let today = tian_core::domain::dates::format_cn(chrono::Local::now().date_naive());
    window.wait_for_text("[data-testid=last-received]", |t| t == format!("收到：{today}（至第2号）"));
    // 交换台账: the unit's 第1号 never came.
    window.wait_for_text("[data-testid=ledger-missing]", |t| t == "未收到对方的第1号");
    let numbers = window.wait_for_text("[data-testid=package-history]", |t| t.contains("第2号"));
    assert!(numbers.contains("收自市教育局"), "{numbers}");
    let id = Tian::open(&db).unwrap().resolve("0069", None).unwrap();
    assert_eq!(Tian::open(&db).unwrap().dossier(&id).unwrap().replies.len(), 1, "the unit's answer is in");
    window.screenshot("exchange-batch.png");

    let last = window.wait_for_text("[data-testid=last-import]", |t| t.contains("批量导入交换包：市教育局"));
    assert!(last.contains("撤销这次导入"), "{last}");
    window.click("[data-testid=take-back-import]");
    window.answer("所做的全部修改", "撤销导入");
    window.wait_for_text("[data-testid=conflict-count]", |t| t == "冲突（0）");
    window.wait("the batch's summary to go", || window.find_all("[data-testid=batch-result]").is_empty().then_some(()));
    // Read while the window's workspace is still there.
    let after = Tian::open(&db).unwrap().dossier(&id).unwrap();
    assert!(after.replies.is_empty(), "the answer went with the batch: {:?}", after.replies);

    // 批量导入…: the week picked as files this time, the good one alone.
    window.click("[data-testid=import-packages]");
    window.answer_file_dialog("选择交换包（可多选）", &inbox.join("edu-reply.tianpkg"));
    let result = window.wait_for_text("[data-testid=batch-result]", |t| t.contains("已导入 1 个交换包"));
    assert!(!result.contains("未导入"), "{result}");
    assert_eq!(Tian::open(&db).unwrap().dossier(&id).unwrap().replies.len(), 1, "the answer is in again");
    window.click("[data-testid=close-batch]");
    window.wait("the summary to close", || window.find_all("[data-testid=batch-result]").is_empty().then_some(()));
    drop(window);
}
