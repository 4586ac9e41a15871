//! The city's plan documents (seeds 001, 002, 004) read into commitments: the
//! implementation plan's 45 tasks, the five-year plan's boxes and sections,
//! the work report's undertakings.

use tian_import::parse_plan;

/// The plan document numbered `prefix` among the seeds, as Tian embeds them.
fn seed(prefix: &str) -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/default-data/plans");
    let entry = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix));
    std::fs::read(entry.unwrap_or_else(|| panic!("no {prefix} in {}", dir.display()))).unwrap()
}

#[test]
fn the_implementation_plan_has_its_45_numbered_tasks_in_order() {
    let doc = parse_plan(&seed("002")).unwrap();
    assert!(doc.title.contains("实施方案"), "{}", doc.title);
    let tasks: Vec<_> = doc.items.iter().filter(|i| i.label.starts_with("任务")).collect();
    assert_eq!(tasks.len(), 45);
    for (i, task) in tasks.iter().enumerate() {
        assert_eq!(task.label, format!("任务{}", i + 1));
    }
    let t25 = &tasks[24];
    assert_eq!(t25.title, "加快调整能源结构");
    assert!(t25.path.iter().any(|h| h.starts_with("(五)实施绿色发展工程")), "{:?}", t25.path);
    let t14 = &tasks[13];
    assert!(t14.title.starts_with("全面加强"), "the task after the page break: {}", t14.title);
}

#[test]
fn the_five_year_plan_keeps_its_boxes_whole_under_their_chapters() {
    let doc = parse_plan(&seed("001")).unwrap();
    assert!(doc.title.contains("第十四个五年规划"), "{}", doc.title);
    let boxes: Vec<_> = doc.items.iter().filter(|i| i.label.starts_with("专栏")).map(|i| i.label.as_str()).collect();
    assert_eq!(boxes, ["专栏46", "专栏47", "专栏48", "专栏49"]);
    let b46 = doc.items.iter().find(|i| i.label == "专栏46").unwrap();
    assert_eq!(b46.title, "中国(河北)自由贸易试验区正定片区");
    assert!(b46.text.contains("1.提升口岸功能"));
    let b48 = doc.items.iter().find(|i| i.label == "专栏48").unwrap();
    assert!(b48.path.iter().any(|h| h.starts_with("第五十四章")), "{:?}", b48.path);
    assert!(doc.items.iter().any(|i| i.title == "促进基础教育优质发展"));
}

#[test]
fn the_work_report_yields_its_undertakings_by_their_lead_sentences() {
    let doc = parse_plan(&seed("004")).unwrap();
    assert_eq!(doc.title, "政府工作报告");
    let titles: Vec<&str> = doc.items.iter().map(|i| i.title.as_str()).collect();
    for expected in ["扩大有效益的投资", "持续加强污染防治", "加快建设健康石家庄", "办好人民满意的教育"]
    {
        assert!(titles.contains(&expected), "{expected} missing from {titles:?}");
    }
    let health = doc.items.iter().find(|i| i.title == "加快建设健康石家庄").unwrap();
    assert!(health.text.contains("和均衡布局"), "the paragraph cut by a page break is joined");
}
