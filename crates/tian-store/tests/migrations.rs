//! Databases made by every landed schema version open with this build and
//! lose nothing: `tests/fixtures/schema-vN.db` was written by the build of
//! version N (the 13 default key proposals) and is never regenerated.

use tian_domain::{ProposalFilter, ProposalId, Stage};
use tian_store::{Entity, ProposalField, Store, SuggestionField};

fn copy_of(fixture: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tian.db");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    std::fs::copy(source, &path).unwrap();
    (dir, path)
}

#[test]
fn a_schema_v1_database_opens_with_all_its_proposals_and_history() {
    let (_dir, path) = copy_of("schema-v1.db");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), tian_store::latest_schema_version());
    let all = store.read().proposals(&ProposalFilter::default()).unwrap();
    assert_eq!(all.len(), 13);
    let p = all.iter().find(|p| p.number == "0020").unwrap();
    assert_eq!(p.lead_units, ["市财政局", "市科技局"]);
    assert_eq!(p.suggestions.len(), 4);
    assert!(all.iter().all(|p| p.stage == Stage::Registered));

    let id = ProposalId::new("十三届五次", "0069");
    let history = store.read().history(&id).unwrap();
    assert_eq!(history.len(), 13, "every field of the import is still in the log");
    assert!(history.iter().all(|op| op.batch == op.origin_seq && op.action.is_empty()));
    let handling = store.read().handling_columns(&id).unwrap().unwrap();
    assert_eq!((handling.round, handling.assignment), (0, None));

    // The migrated file takes new writes, continuing its origin's sequence.
    let origin = store.origin().to_owned();
    store
        .transact("迁移测试", "修改", |w| -> tian_store::Result<()> {
            w.set(ProposalField::Category, id.as_str(), serde_json::json!("教育"))?;
            Ok(())
        })
        .unwrap();
    let last = store.read().history(&id).unwrap().pop().unwrap();
    assert_eq!((last.origin, last.origin_seq, last.action.as_str()), (origin, 170, "修改"));
}

#[test]
fn a_schema_v2_database_keeps_its_handling_records_and_becomes_searchable() {
    let (_dir, path) = copy_of("schema-v2.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), tian_store::latest_schema_version());
    let id = ProposalId::new("十三届五次", "0069");
    let p = store.read().proposal(&id).unwrap().unwrap();
    assert_eq!(p.stage, Stage::Rehandling);
    let handling = store.read().handling_columns(&id).unwrap().unwrap();
    assert_eq!(handling.round, 2);
    assert_eq!(handling.assignment.unwrap().date.to_string(), "2026-03-01");
    // Migration 0013: no due date set by the committee, so the rules keep counting from 再办理.
    assert_eq!((handling.due_date, handling.extended_to, handling.withdrawal), (None, None, None));
    assert!(handling.rehandling_start.is_some());
    let replies: Vec<tian_domain::Reply> = store.read().records(Entity::Reply, &id).unwrap();
    assert_eq!((replies[0].unit.as_str(), replies[0].text.as_str()), ("市教育局", "已列入计划"));
    let progress: Vec<tian_domain::SuggestionProgress> = store.read().records(Entity::Suggestion, &id).unwrap();
    assert_eq!(progress[0].evidence, "已覆盖半数学校");
    // 13 operations of the import and the 35 of the handling steps the fixture took.
    assert_eq!(store.read().history(&id).unwrap().len(), 13 + 35);

    // The answer class the list filters by is filled in from the replies.
    let class_b = tian_store::ProposalFilters {
        answer_class: Some(tian_domain::AnswerClass::B),
        ..tian_store::ProposalFilters::default()
    };
    let page = tian_store::PageQuery { filters: class_b, limit: 10, ..Default::default() };
    let (total, rows) = store.read().proposal_page(&page, overdue_starts()).unwrap();
    assert_eq!((total, rows[0].number.as_str()), (1, "0069"));

    // The search index did not exist in v2; opening builds it from the data.
    let query = tian_store::SearchQuery { text: "列入计划".into(), limit: 10, ..Default::default() };
    let hits = store.read().search(&query, overdue_starts()).unwrap();
    assert_eq!(
        hits.iter().map(|h| (h.number.as_str(), h.label.as_str())).collect::<Vec<_>>(),
        [("0069", "复文（市教育局）")]
    );
    // Migration 0013 reindexes proposals so that their number finds them.
    let query = tian_store::SearchQuery { text: "第0069号".into(), limit: 10, ..Default::default() };
    let hits = store.read().search(&query, overdue_starts()).unwrap();
    assert_eq!(hits.iter().map(|h| (h.number.as_str(), h.label.as_str())).collect::<Vec<_>>(), [("0069", "提案")]);
}

#[test]
fn a_schema_v3_database_keeps_its_search_index_and_lists_in_number_order() {
    let (_dir, path) = copy_of("schema-v3.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), tian_store::latest_schema_version());
    let id = ProposalId::new("十三届五次", "0174");
    assert_eq!(store.read().proposal(&id).unwrap().unwrap().stage, Stage::Handling);
    let replies: Vec<tian_domain::Reply> = store.read().records(Entity::Reply, &id).unwrap();
    assert_eq!(replies.iter().map(|r| r.unit.as_str()).collect::<Vec<_>>(), ["市商务局"]);
    let query = tian_store::SearchQuery { text: "招商".into(), limit: 10, ..Default::default() };
    let hits = store.read().search(&query, overdue_starts()).unwrap();
    let found_in =
        |h: &tian_store::SearchHit| std::iter::once(&h.label).chain(&h.elsewhere).any(|l| l == "复文（市商务局）");
    assert!(hits.iter().any(|h| h.number == "0174" && found_in(h)), "{hits:?}");

    let (total, rows) = store
        .read()
        .proposal_page(&tian_store::PageQuery { limit: 5, ..Default::default() }, overdue_starts())
        .unwrap();
    assert_eq!(total, 13);
    assert_eq!(rows.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(), ["0020", "0044", "0045", "0069", "0077"]);
    // Migration 0015 gave the older rows their pinyin keys: 主办部门 sort as a clerk reads them.
    let by_unit = tian_store::PageQuery { sort: tian_store::ListSort::LeadUnit, limit: 13, ..Default::default() };
    let (_, rows) = store.read().proposal_page(&by_unit, overdue_starts()).unwrap();
    let firsts: Vec<&str> = rows.iter().map(|r| r.lead_units.first().map_or("", String::as_str)).collect();
    let pinyin_order = [
        "生态环境局",
        "市财政局",
        "市工业和信息化局",
        "市教育局",
        "市民政局",
        "市农业农村局",
        "市数据资源管理局",
        "市卫生健康委员会",
        "市卫生健康委员会",
        "市卫生健康委员会",
        "市文化广电和旅游局",
        "市消防救援支队",
        "中国（河北）自由贸易试验区正定片区管委会",
    ];
    assert_eq!(firsts, pinyin_order);
}

#[test]
fn a_schema_v4_database_keeps_its_index_and_takes_past_proposals() {
    let (_dir, path) = copy_of("schema-v4.db");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), tian_store::latest_schema_version());
    let id = ProposalId::new("十三届五次", "0377");
    assert_eq!(store.read().proposal(&id).unwrap().unwrap().stage, Stage::FeedbackReceived);
    let feedback: Vec<tian_domain::Feedback> = store.read().records(Entity::Feedback, &id).unwrap();
    assert_eq!(feedback[0].comment, "希望加快进度");
    // The search documents were carried into the rebuilt table, rowids and all.
    let query = tian_store::SearchQuery { text: "社区养老".into(), limit: 10, ..Default::default() };
    let hits = store.read().search(&query, overdue_starts()).unwrap();
    assert!(hits.iter().any(|h| h.number == "0377" && h.label == "复文（市民政局）"), "{hits:?}");

    let entry = tian_domain::HistoryEntry {
        year: 2021,
        title: "推进公共文化场馆建设".into(),
        theme: String::new(),
        suggestions: "建设社区图书馆".into(),
        handling: "已建成".into(),
        source: "测试".into(),
    };
    store.save_history("迁移测试", std::slice::from_ref(&entry)).unwrap();
    assert_eq!(store.read().history_entries().unwrap(), [entry]);
    assert_eq!(store.read().search_history("图书", 10).unwrap().len(), 1);
    assert_eq!(store.read().search(&query, overdue_starts()).unwrap(), hits, "the proposal search is unchanged");
}

#[test]
fn a_schema_v5_database_keeps_its_records_in_order_and_merges_changes_from_elsewhere() {
    let (_dir, path) = copy_of("schema-v5.db");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), tian_store::latest_schema_version());
    let id = ProposalId::new("十三届五次", "0396");
    assert_eq!(store.read().proposal(&id).unwrap().unwrap().stage, Stage::Replied);
    let contacts: Vec<tian_domain::Contact> = store.read().records(Entity::Contact, &id).unwrap();
    let replies: Vec<tian_domain::Reply> = store.read().records(Entity::Reply, &id).unwrap();
    assert_eq!(contacts[0].content, "当面听取提案者对大气治理的意见");
    assert_eq!((replies[0].unit.as_str(), replies[0].text.trim()), ("市生态环境局", "已将能源结构调整列入计划"));
    assert_eq!(store.read().history_entries().unwrap().len(), 14);
    assert!(store.read().conflicts().unwrap().is_empty(), "a single installation's log has no conflicts");

    // An operation from another installation that had not seen the local
    // write of suggestion 2 lands beside it as a conflict.
    let record = format!("{}#2", id.as_str());
    let foreign = tian_store::Operation {
        origin: "elsewhere".into(),
        origin_seq: 1,
        hlc: tian_store::Hlc { wall_ms: 1, counter: 0 },
        target: SuggestionField::Evidence.into(),
        entity_id: record.clone(),
        value: serde_json::json!("另一台电脑上的佐证"),
        prev_value: None,
        actor: "王五".into(),
        batch: 1,
        action: "更新建议落实情况".into(),
        base: vec![],
        via: None,
    };
    store.transact("迁移测试", "交换导入", |w| w.apply_remote(&[&foreign], |_| ())).unwrap();
    let conflicts = store.read().conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].field.entity_id, record);
    let shown: Vec<tian_domain::SuggestionProgress> = store.read().records(Entity::Suggestion, &id).unwrap();
    assert_eq!(shown[0].evidence, "清洁能源替代方案已报批", "the later clock is shown meanwhile");
}

#[test]
fn a_schema_v6_database_keeps_its_exchange_state_and_conflicts() {
    let (_dir, path) = copy_of("schema-v6.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), tian_store::latest_schema_version());
    let read = store.read();
    let peers = read.peers().unwrap();
    assert_eq!(
        peers.iter().map(|p| (p.name.as_str(), p.role.as_str())).collect::<Vec<_>>(),
        [("市生态环境局", "unit")]
    );
    assert_eq!(peers[0].revoked_at, None, "the rebuilt table of keys keeps the key trusted");
    let history = read.packages().unwrap();
    assert_eq!(history.iter().map(|p| p.direction.as_str()).collect::<Vec<_>>(), ["received", "sent"]);
    let conflicts = read.conflicts().unwrap();
    assert_eq!(
        conflicts.iter().map(|c| c.field.target.name()).collect::<Vec<_>>(),
        ["evidence", "status"],
        "both fields of suggestion 1 were changed on both sides"
    );
    assert!(conflicts.iter().all(|c| c.values.len() == 2));
    let id = ProposalId::new("十三届五次", "0396");
    assert_eq!(read.proposal(&id).unwrap().unwrap().stage, Stage::Replied, "settled by the unit's reply");
    let unit = &peers[0].fingerprint;
    assert!(read.covered(unit).unwrap().values().all(|&through| through > 0), "what the unit's package covered");
}

#[test]
fn a_schema_v7_database_keeps_its_plan_library_and_the_clerks_verdicts() {
    let (_dir, path) = copy_of("schema-v7.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), tian_store::latest_schema_version());
    let items = store.read().plan_items().unwrap();
    assert_eq!(items.iter().filter(|(_, i)| i.label.starts_with("任务")).count(), 45);
    let id = ProposalId::new("十三届五次", "0396");
    let links: Vec<serde_json::Value> = store.read().records(Entity::PlanLink, &id).unwrap();
    assert_eq!(links.len(), 2, "one confirmed, one rejected");
    assert!(links.iter().any(|l| l["state"] == "已确认" && l["item"].as_str().unwrap().ends_with("/任务25")));
    let energy = store.read().plan_matches("调整能源结构，解决火电围城", 3).unwrap();
    assert_eq!(energy[0].item.label, "任务25", "the index came along");
    // Its proposals were indexed before numbers and units were; 0013 reindexed them.
    let query = tian_store::SearchQuery { text: "第0396号".into(), limit: 10, ..Default::default() };
    let hits = store.read().search(&query, overdue_starts()).unwrap();
    assert_eq!(hits.iter().map(|h| h.number.as_str()).collect::<Vec<_>>(), ["0396"]);
}

/// Every column of every operation, in log order, as text.
fn log_rows(conn: &rusqlite::Connection) -> Vec<Vec<String>> {
    let mut stmt = conn
        .prepare(
            "SELECT seq, origin, origin_seq, hlc_wall, hlc_counter, entity, entity_id, field, value, prev_value,
                    actor, batch, action, base, via FROM ops ORDER BY seq",
        )
        .unwrap();
    stmt.query_map([], |r| {
        (0..15).map(|i| r.get::<_, Option<rusqlite::types::Value>>(i).map(|v| format!("{v:?}"))).collect()
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn a_schema_v17_log_becomes_compact_and_reads_back_every_operation_as_it_was() {
    // A committee that imported a unit's contact, suggestion progress (in
    // conflict with its own, one field resolved) and reply, then entered the
    // proposer's verdict: foreign origins, fingerprints, bases and earlier values.
    let (_dir, path) = copy_of("schema-v17.db");
    let before = log_rows(&rusqlite::Connection::open(&path).unwrap());
    assert!(before.len() > 900);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), tian_store::latest_schema_version());
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(log_rows(&conn), before, "every operation reads back as it was");
    let names: i64 = conn.query_row("SELECT count(*) FROM log_names", [], |r| r.get(0)).unwrap();
    assert!(names < 120, "{names} names for the whole log");

    let id = ProposalId::new("十三届五次", "0069");
    let trail = store.read().history(&id).unwrap();
    assert!(
        trail.iter().any(|op| op.via.is_some() && op.target.entity() == Entity::Reply),
        "the reply came through a package"
    );
    assert!(trail.iter().any(|op| !op.base.is_empty()), "the clerk's choice in the conflict names what it superseded");
    assert_eq!(store.read().conflicts().unwrap().len(), 2, "the two fields not yet resolved");
    let held = store.read().contiguous().unwrap();
    assert_eq!(held.len(), 2, "the committee's and the unit's origins");

    // Writing goes on from the log's last sequence number.
    let last: i64 =
        conn.query_row("SELECT max(origin_seq) FROM ops WHERE origin = ?1", [store.origin()], |r| r.get(0)).unwrap();
    store
        .transact("迁移测试", "修改标题", |w| {
            w.set(ProposalField::Title, id.as_str(), "关于智慧教育的建议（修改）".into())
        })
        .unwrap();
    let next: (i64, String) = conn
        .query_row("SELECT origin_seq, prev_value FROM ops ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(next.0, last + 1);
    assert!(next.1.contains("智慧教育"), "the earlier title is the change's earlier value");
}

/// Any day will do: these queries do not filter by lateness.
fn overdue_starts() -> tian_store::OverdueStarts {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    tian_store::OverdueStarts { reply: day, rehandling: day, today: day }
}
