//! The figures a committee reports, the same in `tian stats --json` and in
//! the 督办报告, from a season of mixed handling: answered on time and late,
//! one unanswered past its due date, two lead units answering differently,
//! an unsatisfied proposer whose 再办理 answer is late too; and the 催办函 and 征询意见表 made from it.

mod support;

use std::path::{Path, PathBuf};

use support::{json, notice_args, ok, run};

const TODAY: &str = "2026-11-30";

fn tian(db: &Path, args: &[&str]) -> String {
    ok(run(db, Some(TODAY), args))
}

fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Five proposals at five stages.
fn season(dir: &Path) -> PathBuf {
    let db = dir.join("tian.db");
    let reply = |number: &str, unit: &str, class: &str, date: &str| {
        tian(
            &db,
            &[
                "reply",
                number,
                "--unit",
                unit,
                "--class",
                class,
                "--date",
                date,
                "--signer",
                "局长",
                "--text",
                "已列入明年工作计划，2027年6月底前完成。",
            ],
        );
    };
    // 0069: contact face to face, answered A in time, satisfied, closed.
    tian(&db, &["assign", "0069", "--date", "2026-03-01"]);
    tian(
        &db,
        &[
            "contact",
            "0069",
            "--date",
            "2026-04-01",
            "--method",
            "见面",
            "--unit",
            "市教育局",
            "--content",
            "当面听取意见",
        ],
    );
    reply("0069", "市教育局", "A", "2026-05-20");
    tian(&db, &["feedback", "0069", "--result", "满意", "--date", "2026-06-01"]);
    tian(&db, &["close", "0069", "--summary", "全市中小学课后服务实现全覆盖", "--date", "2026-06-10"]);
    // 0020: two lead units answering separately (分办), one B in time, the other C late.
    tian(&db, &["assign", "0020", "--date", "2026-03-01", "--mode", "分办"]);
    reply("0020", "市财政局", "B", "2026-05-10");
    reply("0020", "市科技局", "C", "2026-06-20");
    // 0045: never answered, long past its due date.
    tian(&db, &["assign", "0045", "--date", "2026-03-01"]);
    // 0044: answered B in time, the proposer is not satisfied.
    tian(&db, &["assign", "0044", "--date", "2026-03-01"]);
    reply("0044", "市农业农村局", "B", "2026-05-01");
    tian(&db, &["feedback", "0044", "--result", "不满意", "--comment", "措施不具体", "--date", "2026-05-20"]);
    tian(&db, &["review-feedback", "0044", "--decide", "再办理", "--date", "2026-05-20", "--reason", "请进一步研究"]);
    // 0174: handed over lately, an inspection agreed a follow-up.
    tian(&db, &["assign", "0174", "--date", "2026-10-01"]);
    tian(
        &db,
        &[
            "activity",
            "0174",
            "--kind",
            "视察",
            "--date",
            "2026-10-20",
            "--leader",
            "武义青",
            "--summary",
            "视察正定片区",
            "--follow-up",
            "制定制度创新清单|中国（河北）自由贸易试验区正定片区管委会|2026-12-31",
        ],
    );
    db
}

#[test]
fn stats_give_the_rates_committees_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = season(dir.path());
    let stats = json(run(&db, Some(TODAY), &["stats", "--json"]));
    let f = &stats["figures"];
    assert_eq!(f["assigned"], 5);
    // Answered: 0069, 0044, and 0020 once its second lead unit answered.
    assert_eq!(f["replied"], serde_json::json!({ "count": 3, "rate": 60.0 }));
    // 0020's last answer came after 2026-06-01, so only two are on time.
    assert_eq!(f["on_time"], serde_json::json!({ "count": 2, "rate": 40.0 }));
    // 逾期未答复: 0045's first answer and 0044's 再办理 answer, both past due.
    assert_eq!((f["late_replies"].clone(), f["overdue"].clone()), (1.into(), 2.into()));
    assert_eq!(f["closed"], serde_json::json!({ "count": 1, "rate": 20.0 }));
    // Under 分办 each lead unit's answer counts on its own: 0020's B and C.
    let classes: Vec<(String, u64)> = f["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["class"].as_str().unwrap().to_owned(), c["share"]["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(classes, [("A".into(), 1), ("B".into(), 2), ("C".into(), 1)]);
    assert_eq!(f["answers"], 4);
    assert_eq!(f["classes"][0]["wording"], "所提问题已经解决或基本解决");
    assert_eq!(f["satisfied"], serde_json::json!({ "count": 1, "rate": 50.0 }));
    // One of three answers followed a contact, face to face.
    assert_eq!(f["contacted"], serde_json::json!({ "count": 1, "rate": 33.3 }));
    assert_eq!(f["met"], serde_json::json!({ "count": 1, "rate": 33.3 }));

    // A late answer stays late after it came in.
    let dossier = json(run(&db, Some(TODAY), &["show", "0020", "--json"]));
    assert_eq!(dossier["reply_timing"]["late"], true);
    assert_eq!(dossier["reply_timing"]["replied"], "2026-06-20");
}

#[test]
fn the_report_says_the_same_figures_in_its_five_sections_and_annexes() {
    let dir = tempfile::tempdir().unwrap();
    let db = season(dir.path());
    let pdf = dir.path().join("报告.pdf");
    tian(&db, &["report", "--date", "2026-12-01", "-o", pdf.to_str().unwrap()]);
    let text = pdf_text(&pdf);
    let flat = squeezed(&text);
    for expected in [
        "市政协主席会议：",
        "交办5件，已答复3件，办复率60%；按期答复2件，按期办复率40%，逾期答复1件、逾期未答复2件。",
        "答复中（分办的提案按主办单位分别计，共4份），A类（所提问题已经解决或基本解决）1份，占25%",
        "满意和基本满意率50%",
        "沟通率33.3%",
        "二、主要做法",
        "视察1次",
        "三、办理成效",
        "全市中小学课后服务实现全覆盖",
        "四、存在问题",
        "1件逾期答复（第0020号）",
        "1件超过答复期限仍未答复（第0045号）",
        "1件提案者对答复不满意（第0044号）",
        "8件尚未交办",
        "1件再办理答复逾期（第0044号）",
        // Its unit answered the first round in time, but is not praised for it while the second is late.
        "市农业农村局（第0044号）",
        "再办理1件，正在办理2件",
        "特此报告。",
        "五、下一步工作",
        "市数据资源管理局：第0045号提案答复（已逾期",
        "制定制度创新清单",
        "附件：1.市政协十三届五次会议重点提案办理情况一览表",
        "2026年12月1日",
        "落实事项：制定制度创新清单",
    ] {
        assert!(flat.contains(&squeezed(expected)), "{expected} missing from the report");
    }
    assert!(!flat.contains("立案率"), "key proposals were chosen from registered ones");
    // No suggestion status recorded is not reported as 0 % carried out.
    assert!(flat.contains("条建议的落实情况尚未报送") && !flat.contains("落实率0%"));
    // The committee supervises; it is not a handling unit.
    assert!(!flat.contains("承办单位：主办市财政局、市科技局；协办专委会"));
    // The 版头's 发文机关标志 first; the title names the body and breaks
    // between words; the 一览表 is on a landscape page.
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "市政协提案委员会");
    assert_eq!(lines[1..4], ["市政协提案委员会关于", "市政协十三届五次会议", "重点提案办理情况的督办报告"]);
    let sizes = std::process::Command::new("pdfinfo").args(["-f", "1", "-l", "99"]).arg(&pdf).output().unwrap();
    let sizes = String::from_utf8_lossy(&sizes.stdout).to_string();
    assert!(sizes.contains("841.89 x 595.276"), "no landscape page: {sizes}");
    assert!(sizes.contains("595.276 x 841.89"));
}

/// Pixels of page `page` of `pdf`, rendered at 30 dpi, that are the charts' red.
fn red_pixels(pdf: &Path, page: u32) -> usize {
    let out = std::process::Command::new("pdftoppm")
        .args(["-r", "30", "-f", &page.to_string(), "-l", &page.to_string(), "-singlefile"])
        .arg(pdf)
        .output()
        .unwrap();
    // A binary PPM: “P6\n<width> <height>\n255\n” then RGB triples.
    let header_end = out.stdout.windows(4).position(|w| w == b"255\n").unwrap() + 4;
    out.stdout[header_end..].chunks(3).filter(|p| p[0] > 150 && p[1] < 80 && p[2] < 80).count()
}

#[test]
fn the_pdfs_charts_are_vectors_with_real_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = season(dir.path());
    let pdf = dir.path().join("报告.pdf");
    tian(&db, &["report", "-o", pdf.to_str().unwrap()]);
    let images = std::process::Command::new("pdfimages").arg("-list").arg(&pdf).output().unwrap();
    let listed = String::from_utf8_lossy(&images.stdout).lines().skip(2).count();
    assert_eq!(listed, 0, "no raster pictures in the PDF");
    let flat = squeezed(&pdf_text(&pdf));
    assert!(flat.contains("图1答复类别") && flat.contains("图2"), "captions");
    // The bars are drawn: the committee's red on the pages that hold the charts.
    assert!((1..=3).map(|p| red_pixels(&pdf, p)).sum::<usize>() > 100, "no bars drawn");
    // The long unit name is text, wrapped, whole.
    assert!(flat.contains("中国（河北）自由贸易试验区正定片区管委会"));
}

#[test]
fn a_notice_lists_a_units_late_work_and_a_feedback_form_is_filled_in_from_the_reply() {
    let dir = tempfile::tempdir().unwrap();
    let db = season(dir.path());
    let notice = dir.path().join("催办函.pdf");
    let said = tian(&db, &notice_args("市数据资源管理局", "政协提案催〔2026〕3号", &notice));
    assert!(said.contains("已导出催办函"), "{said}");
    let text = pdf_text(&notice);
    let head: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).take(2).collect();
    assert_eq!(
        head,
        ["市政协提案委员会", "政协提案催〔2026〕3号"],
        "the 发文机关标志, then the 发文字号, above the title"
    );
    assert!(squeezed(&text).contains("尽快答复提案者"), "late work is not asked for “on time”");
    let flat = squeezed(&text);
    for expected in ["催办函", "政协提案催〔2026〕3号", "市数据资源管理局：", "0045", "已逾期", "答复函", "特此函告"]
    {
        assert!(flat.contains(&squeezed(expected)), "{expected} missing from the notice");
    }
    // A unit with nothing late gets no notice, and says so.
    let out = run(&db, Some(TODAY), &["report", "--notice", "市教育局", "-o", notice.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("无需催办"));

    let form = dir.path().join("征询意见表.docx");
    tian(&db, &["report", "--feedback-form", "0020", "-o", form.to_str().unwrap()]);
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("lo").display());
    let converted = std::process::Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&form)
        .output()
        .unwrap();
    assert!(converted.status.success());
    let rendered = dir.path().join("征询意见表.pdf");
    let info = std::process::Command::new("pdfinfo").arg(&rendered).output().unwrap();
    assert!(String::from_utf8_lossy(&info.stdout).contains("Pages:           1"), "a form fits one sheet");
    let flat = squeezed(&pdf_text(&rendered));
    // 0020's two lead units answered B and C; the form names both, dated by the later answer.
    for expected in [
        "政协提案办理情况征询意见表",
        "第0020号",
        "市财政局、市科技局",
        "2026年6月20日",
        "B类、C类",
        "□满意",
        "□不满意",
        "具体意见和建议",
    ] {
        assert!(flat.contains(&squeezed(expected)), "{expected} missing from the form");
    }
    let out = run(&db, Some(TODAY), &["report", "--feedback-form", "0045", "-o", form.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("尚未答复"));
    // 0044's proposer has already said 不满意: the next form waits for the re-handled answer.
    let out = run(&db, Some(TODAY), &["report", "--feedback-form", "0044", "-o", form.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("待再办理答复后"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A rate as the pages write it: 60 %, 33.3 %.
fn rate(share: &serde_json::Value) -> String {
    format!("{}%", share["rate"].as_f64().unwrap())
}

/// One definition of every figure: `tian stats` (plain and `--json`),
/// `tian dashboard` (plain and `--json`) and the 督办报告 give the same
/// figures and the same stage counts, word for word.
#[test]
fn every_figure_is_the_same_in_stats_the_dashboard_and_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = season(dir.path());
    let stats = json(run(&db, Some(TODAY), &["stats", "--json"]));
    let board = json(run(&db, Some(TODAY), &["dashboard", "--json"]));
    let f = &stats["figures"];
    assert_eq!(&board["figures"], f, "the dashboard reads the statistics' figures");
    assert_eq!(board["by_answer_class"], stats["by_answer_class"]);
    assert_eq!(board["by_satisfaction"], stats["by_satisfaction"]);

    let plain_stats = squeezed(&tian(&db, &["stats"]));
    let plain_board = squeezed(&tian(&db, &["dashboard"]));
    let pdf = dir.path().join("报告.pdf");
    tian(&db, &["report", "--date", "2026-12-01", "-o", pdf.to_str().unwrap()]);
    let report = squeezed(&pdf_text(&pdf));

    let n = |key: &str| f[key].as_u64().unwrap();
    let said = [
        format!("交办{}件，已答复{}件，办复率{}", n("assigned"), f["replied"]["count"], rate(&f["replied"])),
        format!("按期答复{}件，按期办复率{}", f["on_time"]["count"], rate(&f["on_time"])),
        format!("已办结{}件，办结率{}", f["closed"]["count"], rate(&f["closed"])),
        format!("再办理{}件，正在办理{}件", n("rehandling"), n("in_hand")),
        format!("满意和基本满意率{}", rate(&f["satisfied"])),
        format!("沟通率{}", rate(&f["contacted"])),
    ];
    for sentence in &said {
        let sentence = squeezed(sentence);
        assert!(plain_stats.contains(&sentence), "{sentence} not in `tian stats`: {plain_stats}");
        assert!(plain_board.contains(&sentence), "{sentence} not in `tian dashboard`: {plain_board}");
        assert!(report.contains(&sentence), "{sentence} not in the report");
    }
    // The stage counts: every proposal once, the same on both.
    let stages = f["stages"].as_array().unwrap();
    let total: u64 = stages.iter().map(|s| s["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 13, "every proposal in one stage: {stages:?}");
    for s in stages {
        let count = squeezed(&format!("{}{}", s["label"].as_str().unwrap(), s["count"]));
        assert!(plain_board.contains(&count) && plain_stats.contains(&count), "{count}");
    }
    // The registry's own 办结 share (over all registered proposals) is named apart.
    assert!(plain_stats.contains("全部提案（登记口径）") && plain_stats.contains("立案后已办结"), "{plain_stats}");
    assert_eq!(plain_stats.matches("办结率").count(), 1, "one 办结率: {plain_stats}");
}
