//! 规划部署: a new workspace holds the city's plan documents as commitments;
//! each proposal is offered the closest ones, the clerk confirms or rejects
//! them, and confirmed ones are cited in the proposal's report section.

use tian_core::domain::PlanLinkState;
use tian_core::{ReportScope, Role, Tian};

fn workspace() -> (tempfile::TempDir, Tian) {
    let dir = tempfile::tempdir().unwrap();
    let tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    (dir, tian)
}

/// The labels of the first three suggestions for proposal `number`, with their documents.
fn top3(tian: &Tian, number: &str) -> Vec<(String, String)> {
    let id = tian.resolve(number, None).unwrap();
    tian.plan_suggestions(&id).unwrap().into_iter().take(3).map(|s| (s.item.document, s.item.label)).collect()
}

#[test]
fn the_default_library_holds_the_three_plan_documents_and_the_45_tasks() {
    let (_dir, tian) = workspace();
    let items = tian.plan_items().unwrap();
    let documents: std::collections::BTreeSet<&str> = items.iter().map(|(_, i)| i.document.as_str()).collect();
    assert_eq!(documents.len(), 3, "{documents:?}");
    let tasks = items.iter().filter(|(_, i)| i.document.contains("实施方案") && i.label.starts_with("任务")).count();
    assert_eq!(tasks, 45);
}

#[test]
fn air_quality_finds_the_energy_task_and_the_free_trade_zone_finds_its_box() {
    let (_dir, tian) = workspace();
    let air = top3(&tian, "0396");
    assert!(
        air.iter().any(|(doc, label)| doc.contains("实施方案") && label == "任务25"),
        "0396 on air quality: {air:?}"
    );
    let zone = top3(&tian, "0174");
    assert!(
        zone.iter().any(|(doc, label)| doc.contains("五年规划") && label == "专栏46"),
        "0174 on the free trade zone: {zone:?}"
    );
}

#[test]
fn a_confirmed_commitment_leads_the_list_and_is_cited_in_the_report_a_rejected_one_is_not_offered_again() {
    let (_dir, mut tian) = workspace();
    let id = tian.resolve("0396", None).unwrap();
    let offered = tian.plan_suggestions(&id).unwrap();
    let energy = offered.iter().find(|s| s.item.label == "任务25").unwrap().id.clone();
    let other = offered.iter().find(|s| s.id != energy).unwrap().id.clone();

    let after = tian.link_plan(&id, &energy, PlanLinkState::Confirmed).unwrap();
    assert_eq!((after[0].id.as_str(), after[0].state), (energy.as_str(), Some(PlanLinkState::Confirmed)));
    let after = tian.link_plan(&id, &other, PlanLinkState::Rejected).unwrap();
    assert!(after.iter().all(|s| s.id != other), "a rejected commitment is not suggested again");
    assert!(tian.link_plan(&id, &other, PlanLinkState::Rejected).is_err(), "the same verdict twice changes nothing");

    let report = tian.supervision_report(&ReportScope { numbers: vec!["0396".into()], ..Default::default() }).unwrap();
    let text = serde_json::to_string(&report).unwrap();
    assert!(text.contains("相关规划部署："), "the section is there");
    assert!(text.contains("第25项任务“加快调整能源结构”"), "the task is cited as the committee would");
    let timeline = tian.timeline(&id).unwrap();
    assert!(timeline.iter().any(|e| e.action.contains("确认相关规划部署")), "the verdict is in the audit trail");
}

#[test]
fn a_unit_cannot_link_commitments() {
    let dir = tempfile::tempdir().unwrap();
    let mut unit = Tian::open(&dir.path().join("unit.db")).unwrap();
    unit.init_identity(Role::Unit, "市生态环境局").unwrap();
    let committee = Tian::open(&dir.path().join("c.db")).unwrap();
    let id = committee.resolve("0396", None).unwrap();
    let err = unit.link_plan(&id, "任意/任务25", PlanLinkState::Confirmed).unwrap_err().to_string();
    assert!(err.contains("本机是承办单位"), "{err}");
}
