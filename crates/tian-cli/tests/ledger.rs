//! 台账 in Excel: exported, read by LibreOffice, imported back into an empty
//! workspace, and a clerk's own sheet with mistakes refused row by row with
//! nothing saved.

use std::path::Path;
use std::process::{Command, Output};

use rust_xlsxwriter::Workbook;

mod support;

use support::ok;

fn tian(db: &Path, args: &[&str]) -> Output {
    support::run(db, Some("2026-11-24"), args)
}

fn proposals(db: &Path) -> serde_json::Value {
    let mut list: serde_json::Value = serde_json::from_str(&ok(tian(db, &["list", "--json"]))).unwrap();
    for p in list.as_array_mut().unwrap() {
        let p = p.as_object_mut().unwrap();
        p.retain(|k, _| {
            [
                "number",
                "session",
                "title",
                "proposer",
                "co_signers",
                "proposer_kind",
                "summary",
                "suggestions",
                "category",
                "gov_leaders",
                "cppcc_leaders",
                "lead_units",
                "co_committees",
            ]
            .contains(&k.as_str())
        });
    }
    list
}

fn operations(db: &Path) -> i64 {
    rusqlite::Connection::open(db).unwrap().query_row("SELECT count(*) FROM ops", [], |r| r.get(0)).unwrap()
}

/// Writes `rows` as the first sheet of a workbook at `path`, every cell as text.
fn write_sheet<const N: usize>(path: &Path, rows: &[[&str; N]]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save(path).unwrap();
}

#[test]
fn an_exported_ledger_reads_in_libreoffice_and_imports_back_to_the_same_proposals() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    ok(tian(&db, &["assign", "0069", "--date", "2026-03-01"]));
    let xlsx = dir.path().join("台账.xlsx");
    assert!(ok(tian(&db, &["ledger", "export", "-o", xlsx.to_str().unwrap()])).contains("13 件"));

    // LibreOffice reads it: headers, a row, an overdue count and a date as the committee writes it.
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("lo-profile").display());
    let out = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir"])
        .arg(dir.path())
        .arg(&xlsx)
        .output()
        .expect("LibreOffice 未安装");
    assert!(out.status.success());
    let csv = std::fs::read_to_string(dir.path().join("台账.csv")).unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("届次,提案号,案由,提案者"));
    let row = csv.lines().find(|l| l.contains(",0069,")).expect("row of 0069");
    assert!(row.contains("2026年3月1日") && row.contains("2026年6月1日"), "{row}");
    let overdue = row.split(',').nth(15).unwrap();
    assert_eq!(overdue, "176", "2026-06-01 to 2026-11-24");

    let fresh = dir.path().join("fresh.db");
    let preview = ok(tian(&fresh, &["--no-default-data", "ledger", "import", xlsx.to_str().unwrap()]));
    assert!(preview.contains("可导入 13 件（新增 13 件"), "{preview}");
    assert_eq!(operations(&fresh), 0, "a preview writes nothing");
    ok(tian(&fresh, &["--no-default-data", "ledger", "import", xlsx.to_str().unwrap(), "--yes"]));
    assert_eq!(proposals(&fresh), proposals(&db));

    // Importing it again into the workspace where 0069 is in hand changes
    // nothing, its stage included, and the preview says so row by row.
    let preview = ok(tian(&db, &["ledger", "import", xlsx.to_str().unwrap()]));
    assert!(preview.contains("可导入 13 件（新增 0 件，更新 0 件，未变 13 件）"), "{preview}");
    assert!(preview.contains("第0069号 关于大力发展智慧教育") && preview.contains("（未变）"), "{preview}");
    let again = ok(tian(&db, &["ledger", "import", xlsx.to_str().unwrap(), "--yes"]));
    assert!(again.contains("未变 13 件"), "{again}");
    let show: serde_json::Value = serde_json::from_str(&ok(tian(&db, &["show", "0069", "--json"]))).unwrap();
    assert_eq!(show["stage"], "交办");
}

#[test]
fn a_sheet_with_mistakes_is_refused_row_by_row_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    ok(tian(&db, &["list"]));
    let before = operations(&db);

    let xlsx = dir.path().join("清单.xlsx");
    let rows: [[&str; 4]; 6] = [
        ["案件编码", "标题", "提案人", "承办单位"],
        ["101", "关于加强社区养老服务的建议", "王燕华", "市民政局"],
        ["", "关于完善公交线网的建议", "市民进", "市交通运输局"],
        ["一〇三", "关于推进垃圾分类的建议", "市民盟", "市城市管理局"],
        ["104", "", "张佐英", "市农业农村局"],
        ["第１０１号", "关于加强社区养老服务的建议（重复）", "王燕华", "市民政局"],
    ];
    write_sheet(&xlsx, &rows);
    let path = xlsx.to_str().unwrap();

    let out = tian(&db, &["ledger", "import", path, "--session", "十四届一次", "--yes"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(said.contains("没有认得出的列名"), "{said}");

    let out = tian(&db, &["ledger", "import", path, "--session", "十四届一次", "--map", "案件编码=提案号", "--yes"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    for expected in [
        "台账有 4 处问题，没有导入任何内容",
        "第3行：缺少提案号",
        "第4行：提案号“一〇三”不是数字",
        "第5行：第0104号缺少案由",
        "第6行：十四届一次第0101号与第2行重复",
    ] {
        assert!(said.contains(expected), "{expected} not in {said}");
    }
    assert_eq!(operations(&db), before, "the database is untouched");

    let out = tian(&db, &["ledger", "import", dir.path().join("不存在.xlsx").to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("文件不存在"));
    let garbage = dir.path().join("假的.xlsx");
    std::fs::write(&garbage, "这不是表格").unwrap();
    let out = tian(&db, &["ledger", "import", garbage.to_str().unwrap(), "--yes"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是有效的 Excel 工作簿"));
    assert_eq!(operations(&db), before);
}

#[test]
fn a_joint_proposal_keeps_its_lead_proposer_and_is_found_by_any_co_signer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    let xlsx = dir.path().join("联名提案.xlsx");
    let rows: [[&str; 5]; 2] = [
        ["提案号", "案由", "领衔人", "附议人", "主办单位"],
        ["0201", "关于建设城市绿道的建议", "王燕华", "李建国、张敏，王燕华", "市园林局"],
    ];
    write_sheet(&xlsx, &rows);
    ok(tian(&db, &["ledger", "import", xlsx.to_str().unwrap(), "--session", "十三届五次", "--yes"]));

    let shown: serde_json::Value = serde_json::from_str(&ok(tian(&db, &["show", "0201", "--json"]))).unwrap();
    assert_eq!(shown["proposer"], "王燕华", "the lead proposer stays the proposer");
    assert_eq!(shown["co_signers"], serde_json::json!(["李建国", "张敏"]), "the lead is not her own co-signer");

    let found: serde_json::Value = serde_json::from_str(&ok(tian(&db, &["search", "张敏", "--json"]))).unwrap();
    assert!(found.as_array().unwrap().iter().any(|h| h["number"] == "0201"), "{found}");
    let filtered: serde_json::Value =
        serde_json::from_str(&ok(tian(&db, &["search", "绿道", "--proposer", "李建国", "--json"]))).unwrap();
    assert!(
        filtered.as_array().unwrap().iter().all(|h| h["number"] == "0201") && !filtered.as_array().unwrap().is_empty()
    );
    let none: serde_json::Value =
        serde_json::from_str(&ok(tian(&db, &["search", "绿道", "--proposer", "李建", "--json"]))).unwrap();
    assert!(none.as_array().unwrap().is_empty(), "names match whole: {none}");

    // The exported ledger carries the co-signers in their own column.
    let out = dir.path().join("台账.xlsx");
    ok(tian(&db, &["ledger", "export", "-o", out.to_str().unwrap()]));
    let fresh = dir.path().join("fresh.db");
    ok(tian(&fresh, &["--no-default-data", "ledger", "import", out.to_str().unwrap(), "--yes"]));
    let again: serde_json::Value = serde_json::from_str(&ok(tian(&fresh, &["show", "0201", "--json"]))).unwrap();
    assert_eq!(again["co_signers"], shown["co_signers"]);

    // A sheet that gives the column empty clears them; one without the column leaves them.
    let cleared = dir.path().join("已撤附议.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, cell) in ["提案号", "案由", "领衔人", "附议人"].iter().enumerate() {
        sheet.write_string(0, c as u16, *cell).unwrap();
    }
    for (c, cell) in ["0201", "关于建设城市绿道的建议", "王燕华", ""].iter().enumerate() {
        sheet.write_string(1, c as u16, *cell).unwrap();
    }
    book.save(&cleared).unwrap();
    ok(tian(&db, &["ledger", "import", cleared.to_str().unwrap(), "--session", "十三届五次", "--yes"]));
    let shown: serde_json::Value = serde_json::from_str(&ok(tian(&db, &["show", "0201", "--json"]))).unwrap();
    assert_eq!(shown["co_signers"], serde_json::json!([]));
}

/// A clerk's sheet of a few columns updates what it holds and leaves the
/// rest of each proposal as it was: a column it lacks says nothing.
#[test]
fn a_ledger_of_a_few_columns_changes_only_those_and_a_column_given_empty_clears_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    let before: serde_json::Value = serde_json::from_str(&ok(tian(&db, &["show", "0020", "--json"]))).unwrap();
    assert!(!before["summary"].as_str().unwrap().is_empty() && !before["suggestions"].as_array().unwrap().is_empty());
    let sheet_of = |name: &str, rows: &[&[&str]]| {
        let path = dir.path().join(name);
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, *cell).unwrap();
            }
        }
        book.save(&path).unwrap();
        path
    };
    let title = before["title"].as_str().unwrap();
    let few = sheet_of("几列.xlsx", &[&["届次", "提案号", "案由", "类别"], &["十三届五次", "0020", title, "经济建设"]]);
    ok(tian(&db, &["ledger", "import", few.to_str().unwrap(), "--yes"]));
    let after: serde_json::Value = serde_json::from_str(&ok(tian(&db, &["show", "0020", "--json"]))).unwrap();
    assert_eq!(after["category"], "经济建设", "the column it holds is written");
    for field in ["proposer", "proposer_kind", "summary", "suggestions", "gov_leaders", "cppcc_leaders", "lead_units"] {
        assert_eq!(after[field], before[field], "{field} is not the sheet's to change");
    }
    let emptied =
        sheet_of("清空摘要.xlsx", &[&["届次", "提案号", "案由", "内容摘要"], &["十三届五次", "0020", title, ""]]);
    ok(tian(&db, &["ledger", "import", emptied.to_str().unwrap(), "--yes"]));
    let after: serde_json::Value = serde_json::from_str(&ok(tian(&db, &["show", "0020", "--json"]))).unwrap();
    assert_eq!(after["summary"], "", "a column given empty clears its field");
    assert_eq!(after["suggestions"], before["suggestions"]);
}

/// Numbers repeat from session to session: where the 督办总览 lists
/// proposals of more than one, each is named with its 届次.
#[test]
fn the_overview_names_the_session_of_each_listed_proposal_when_it_lists_more_than_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    let past = dir.path().join("上届.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in
        [["届次", "提案号", "案由", "主办单位"], ["十三届四次", "0069", "关于推进智慧养老的建议", "市民政局"]]
            .iter()
            .enumerate()
    {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save(&past).unwrap();
    ok(tian(&db, &["ledger", "import", past.to_str().unwrap(), "--yes"]));
    let board = ok(tian(&db, &["dashboard"]));
    assert!(board.contains("没有逾期或即将到期的提案"), "{board}");
    for session in ["十三届四次", "十三届五次"] {
        ok(tian(&db, &["assign", "0069", "--session", session, "--date", "2026-03-01"]));
    }
    let board = ok(tian(&db, &["dashboard"]));
    assert!(board.contains("十三届四次第0069号") && board.contains("十三届五次第0069号"), "{board}");
    // The list's 逾期 are the overview's.
    let late: serde_json::Value = serde_json::from_str(&ok(tian(&db, &["list", "--overdue", "--json"]))).unwrap();
    let late: Vec<&str> = late.as_array().unwrap().iter().map(|d| d["session"].as_str().unwrap()).collect();
    assert_eq!(late, ["十三届四次", "十三届五次"]);
    assert!(board.contains("需要关注（2 件）"), "{board}");
    let list = ok(tian(&db, &["list", "--overdue"]));
    assert!(list.starts_with("十三届四次第0069号") && list.contains("\n十三届五次第0069号"), "{list}");
    // One session listed: the number alone, as everywhere else.
    let single = dir.path().join("single.db");
    ok(tian(&single, &["assign", "0069", "--date", "2026-03-01"]));
    let board = ok(tian(&single, &["dashboard"]));
    assert!(board.contains("\n  第0069号 ") && !board.contains("十三届五次第0069号"), "{board}");
}

/// One gate: what the preview calls importable imports. A row whose text
/// the store would refuse (a direction mark that turns a title around, a
/// non-character) is a problem of its row in the preview, in the words
/// saving it would use, and the import refuses the sheet before writing.
/// So is text that looks like what it is not: a 届次 or a unit with a
/// zero-width space, a title of nothing visible, 000101 beside 0101.
#[test]
fn a_row_the_store_would_refuse_is_a_problem_in_the_preview_not_a_failure_at_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    ok(tian(&db, &["list"]));
    let before = operations(&db);
    let xlsx = dir.path().join("清单.xlsx");
    let rows: [[&str; 6]; 10] = [
        ["届次", "提案号", "案由", "提案者", "摘要", "主办单位"],
        ["十四届一次", "0101", "关于加强社区养老服务的建议", "王燕华", "养老", "市民政局"],
        ["十四届一次", "0102", "关于完善\u{202E}公交线网的建议", "市民进", "公交", "市交通运输局"],
        // A proposal held already: its other fields come from the store.
        ["十三届五次", "0069", "关于大力发展智慧教育的建议", "市民盟", "智慧\u{FDD0}教育", "市教育局"],
        // Text that looks like something it is not.
        ["十三届五次\u{200B}", "0045", "关于加快建设国际消费中心城市的建议", "市民建", "", "市商务局"],
        ["十四届一次", "0103", "\u{200B}", "市农工党", "", "市卫生健康委员会"],
        ["十四届一次", "0104", "关于推进垃圾分类的建议", "市民盟", "", "市城市管理局\u{200B}"],
        // The same number as 0101 above, written with more zeros.
        ["十四届一次", "000101", "关于加强社区养老服务的建议（重复）", "王燕华", "", "市民政局"],
        ["十四届一次", "0105", "\u{034F}", "市民革", "", "市民政局"],
        ["十四届一次", "0106", "关于完善停车设施的建议", "张\u{00A0}三", "", "市交通运输局"],
    ];
    write_sheet(&xlsx, &rows);
    let path = xlsx.to_str().unwrap();

    let preview = tian(&db, &["ledger", "import", path]);
    let said = format!("{}{}", String::from_utf8_lossy(&preview.stdout), String::from_utf8_lossy(&preview.stderr));
    for expected in [
        "可导入 1 件",
        "第3行：第0102号：“案由”含有不能保存的字符（U+202E，看不见的文字方向符）",
        "第4行：第0069号：“内容摘要”含有不能保存的字符（U+FDD0，Unicode 非字符）",
        "第5行：第0045号的届次含有看不见的字符",
        "第6行：第0103号缺少案由",
        "第7行：第0104号的“主办单位”含有看不见的字符",
        "第8行：十四届一次第0101号与第2行重复",
        "第9行：第0105号缺少案由",
        "第10行：第0106号的“提案者”含有看不见的字符",
    ] {
        assert!(said.contains(expected), "{expected} not in {said}");
    }
    let out = tian(&db, &["ledger", "import", path, "--yes"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(said.contains("台账有 8 处问题，没有导入任何内容") && said.contains("U+202E"), "{said}");
    assert_eq!(operations(&db), before, "the database is untouched");
}

/// A ledger imported again may not take away a suggestion whose 落实情况
/// was recorded: the preview names the row, and nothing is saved; the same
/// rule as 修改提案信息.
#[test]
fn a_ledger_cannot_drop_a_suggestion_whose_progress_was_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    ok(tian(&db, &["assign", "0069", "--date", "2026-03-01"]));
    ok(tian(&db, &["suggestion", "0069", "2", "--status", "正在落实", "--evidence", "已列入年度计划"]));
    let before = operations(&db);
    let xlsx = dir.path().join("清单.xlsx");
    write_sheet(
        &xlsx,
        &[
            ["届次", "提案号", "案由", "建议"],
            ["十三届五次", "0069", "关于大力发展智慧教育，加快推进我市基础教育现代化的建议", "只留一条建议"],
        ],
    );
    let out = tian(&db, &["ledger", "import", xlsx.to_str().unwrap(), "--yes"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("第2行：第0069号：第2条建议已记录落实情况，不能删去"), "{said}");
    assert_eq!(operations(&db), before, "the database is untouched");
}
