//! The documents as another program lays them out: the .docx 督办报告,
//! 催办函 and 征询意见表 opened in LibreOffice and turned into PDF. The
//! 一览表 breaks no name, date, percentage or short word across lines, and
//! each form stays on one page, as in Tian's own PDF.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{libreoffice, notice_args, ok, run};

const TODAY: &str = "2026-11-30";

fn tian(db: &Path, args: &[&str]) -> String {
    ok(run(db, Some(TODAY), args))
}

/// 0020 under 分办 with two answers, 0045 late and unanswered, 0069 answered
/// with a 建议落实 share, and the three people of 0045's supervisors.
fn season(dir: &Path) -> PathBuf {
    let db = dir.join("tian.db");
    let reply = |number: &str, unit: &str, class: &str, date: &str| {
        let args = ["reply", number, "--unit", unit, "--class", class, "--date", date, "--signer", "王建华"];
        tian(&db, &[&args[..], &["--signer-post", "局长", "--text", "已列入计划。"]].concat());
    };
    tian(&db, &["assign", "0020", "--date", "2026-03-01", "--mode", "分办"]);
    reply("0020", "市财政局", "A", "2026-05-10");
    reply("0020", "市科技局", "B", "2026-06-01");
    tian(&db, &["feedback", "0020", "--unit", "市财政局", "--result", "基本满意", "--date", "2026-06-10"]);
    tian(&db, &["assign", "0045", "--date", "2026-03-01"]);
    tian(&db, &["assign", "0069", "--date", "2026-03-01"]);
    reply("0069", "市教育局", "A", "2026-05-20");
    tian(&db, &["suggestion", "0069", "3", "--status", "已落实", "--evidence", "平台已建成"]);
    db
}

fn pdf(path: &Path) -> (u32, String) {
    let info = Command::new("pdfinfo").arg(path).output().unwrap();
    let info = String::from_utf8(info.stdout).unwrap();
    let pages = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    let text = Command::new("pdftotext").arg("-layout").arg(path).arg("-").output().unwrap();
    (pages, String::from_utf8(text.stdout).unwrap())
}

/// The 一览表's lines, each without spaces (LibreOffice sets a gap
/// between Chinese and digits, and pdftotext writes it as one).
fn summary_lines(text: &str) -> Vec<String> {
    let table = text.split("重点提案办理情况一览表").nth(2).expect("the annex");
    let table = table.split("附件2").next().unwrap();
    table.lines().map(|l| l.chars().filter(|c| !c.is_whitespace()).collect()).collect()
}

#[test]
fn the_summary_table_breaks_no_word_and_each_form_keeps_to_one_page_in_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let db = season(dir.path());
    let (report, notice, form) =
        (dir.path().join("报告.docx"), dir.path().join("催办函.docx"), dir.path().join("征询意见表.docx"));
    let own = dir.path().join("报告.pdf");
    tian(&db, &["report", "--date", "2026-12-01", "-o", report.to_str().unwrap()]);
    tian(&db, &["report", "--date", "2026-12-01", "-o", own.to_str().unwrap()]);
    tian(&db, &notice_args("市数据资源管理局", "政协提案催〔2026〕3号", &notice));
    tian(&db, &["report", "--feedback-form", "0069", "-o", form.to_str().unwrap()]);
    libreoffice(dir.path(), &[&report, &notice, &form]);

    let whole = [
        "编号",
        "提案者",
        "督办领导",
        "主办单位",
        "办理阶段",
        "答复日期",
        "答复类别",
        "满意度",
        "建议落实",
        "0020",
        "0045",
        "0069",
        "2026年5月10日",
        "2026年6月1日",
        "2026年5月20日",
        "逾期未答复",
        "闫纯锴",
        "张运凯",
        "葛瑞芳",
        "市九三学社",
        "市数据资源管理局",
        "市财政局",
        "市科技局",
        "基本满意",
        "16.7%",
    ];
    for (who, path) in [("LibreOffice", dir.path().join("lo/报告.pdf")), ("Tian", own)] {
        let lines = summary_lines(&pdf(&path).1);
        for word in whole {
            assert!(lines.iter().any(|l| l.contains(word)), "{who} broke “{word}”: {lines:#?}");
        }
    }
    for form in ["催办函", "征询意见表"] {
        let (pages, text) = pdf(&dir.path().join(format!("lo/{form}.pdf")));
        assert_eq!(pages, 1, "{form} on one page in LibreOffice: {text}");
        assert!(text.contains("市政协提案委员会"), "the signature is on it: {text}");
    }
}

/// The 督办报告 sent up to the 主席会议 carries its 版头 and 版记 (GB/T 9704):
/// the 发文机关标志, the 发文字号 with the 签发人 beside it, a title naming
/// the body, the 附注 with the 联系人, and 抄送 and 印发 at the foot of the
/// last page, in Tian's PDF and in the .docx as LibreOffice prints it.
#[test]
fn the_report_carries_its_head_and_its_record_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let db = season(dir.path());
    {
        let mut tian = tian_core::Tian::open(&db).unwrap();
        let mut settings = tian.settings().unwrap();
        settings.report_form.copy_to = "市政府办公室、市政协办公室".into();
        settings.report_form.contact = "张明".into();
        settings.report_form.phone = "0311-86681234".into();
        tian.save_settings(&settings).unwrap();
    }
    let (docx, own) = (dir.path().join("报告.docx"), dir.path().join("报告.pdf"));
    for out in [&docx, &own] {
        let args = ["report", "--date", "2026-11-30", "--number", "政协提案〔2026〕5号", "--signer", "张建国"];
        tian(&db, &[&args[..], &["-o", out.to_str().unwrap()]].concat());
    }
    libreoffice(dir.path(), &[&docx]);
    for (who, path) in [("Tian", own), ("LibreOffice", dir.path().join("lo/报告.pdf"))] {
        let (pages, text) = pdf(&path);
        let squeezed: Vec<String> = text
            .lines()
            .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect())
            .filter(|l: &String| !l.is_empty())
            .collect();
        assert_eq!(squeezed[0], "市政协提案委员会", "{who}: the 发文机关标志 first: {squeezed:?}");
        assert_eq!(squeezed[1], "政协提案〔2026〕5号签发人：张建国", "{who}: {squeezed:?}");
        assert!(squeezed[2].starts_with("市政协提案委员会关于"), "{who}: the title names the body: {squeezed:?}");
        let flat: String = squeezed.concat();
        assert!(flat.contains("（联系人：张明；联系电话：0311-86681234）"), "{who}: the 附注");
        // The 版记 closes the last page.
        let last = text.split('\u{c}').rfind(|p| !p.trim().is_empty()).unwrap();
        let last: Vec<String> = last
            .lines()
            .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect())
            .filter(|l: &String| !l.is_empty())
            .collect();
        let n = last.len();
        assert!(n >= 3, "{who}: {last:?}");
        assert_eq!(last[n - 3], "抄送：市政府办公室，市政协办公室。", "{who}, page {pages}: {last:?}");
        assert_eq!(last[n - 2], "市政协提案委员会办公室2026年11月30日印发", "{who}: {last:?}");
    }
}
