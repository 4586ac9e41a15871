//! The store's promises about its log, checked on a real database file.

use tian_domain::{Proposal, ProposalFilter, ProposerKind, Stage};
use tian_store::Store;

fn proposal(number: &str, title: &str) -> Proposal {
    Proposal {
        number: number.into(),
        session: "十三届五次".into(),
        title: title.into(),
        proposer: "市民盟".into(),
        co_signers: None,
        proposer_kind: ProposerKind::Organization,
        summary: "摘要。".into(),
        suggestions: vec!["第一条。".into(), "第二条。".into()],
        category: None,
        gov_leaders: vec!["孟祥红".into()],
        cppcc_leaders: vec!["闫纯锴".into(), "邓小梅".into()],
        lead_units: vec!["市教育局".into()],
        co_committees: vec!["教科卫体委员会".into()],
        stage: Stage::Registered,
    }
}

fn store_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tian.db");
    (dir, path)
}

#[test]
fn what_is_saved_reads_back_identically_after_reopening() {
    let (_dir, path) = store_file();
    let p = proposal("0069", "关于智慧教育的建议");
    let origin = {
        let mut store = Store::open(&path).unwrap();
        store.save_proposals("张三", std::slice::from_ref(&p)).unwrap();
        store.origin().to_owned()
    };
    let store = Store::open(&path).unwrap();
    assert_eq!(store.origin(), origin, "an installation keeps its identity");
    assert_eq!(store.read().proposals(&ProposalFilter::default()).unwrap(), [p]);
    assert_eq!(store.schema_version().unwrap(), tian_store::latest_schema_version());
}

#[test]
fn the_log_refuses_to_be_rewritten_or_erased() {
    let (_dir, path) = store_file();
    let mut store = Store::open(&path).unwrap();
    store.save_proposals("张三", &[proposal("0069", "标题")]).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    for sql in [
        "UPDATE log SET value = '\"改过的标题\"'",
        "DELETE FROM log",
        "UPDATE log_names SET name = '李四' WHERE name = '张三'",
        "DELETE FROM log_names",
        "UPDATE log_subjects SET entity_id = '十三届五次/0070'",
        "DELETE FROM log_subjects",
    ] {
        let refused = conn.execute(sql, []).unwrap_err().to_string();
        assert!(refused.contains("append-only"), "{sql}: {refused}");
    }
    let actors: Vec<String> = conn
        .prepare("SELECT DISTINCT actor FROM ops")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(actors, ["张三"]);
}

#[test]
fn each_changed_field_is_one_operation_stamped_in_order_with_its_author() {
    let (_dir, path) = store_file();
    let mut store = Store::open(&path).unwrap();
    store.save_proposals("张三", &[proposal("0069", "旧标题")]).unwrap();
    store.save_proposals("李四", &[proposal("0069", "新标题")]).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let (actor, value, prev): (String, String, String) = conn
        .query_row(
            "SELECT actor, value, prev_value FROM ops WHERE field = 'title' ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((actor.as_str(), value.as_str(), prev.as_str()), ("李四", "\"新标题\"", "\"旧标题\""));
    let in_order: bool = conn
        .query_row(
            "SELECT count(*) = 0 FROM ops a JOIN ops b ON b.seq = a.seq + 1
             WHERE (b.hlc_wall, b.hlc_counter) <= (a.hlc_wall, a.hlc_counter) OR b.origin_seq != a.origin_seq + 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(in_order, "local stamps and per-origin sequence numbers strictly increase");
}

#[test]
fn removing_a_unit_from_a_proposal_unlinks_it_without_touching_others() {
    let (_dir, path) = store_file();
    let mut store = Store::open(&path).unwrap();
    let mut a = proposal("0020", "甲");
    a.lead_units = vec!["市财政局".into(), "市科技局".into()];
    let b = proposal("0069", "乙");
    store.save_proposals("张三", &[a.clone(), b]).unwrap();
    a.lead_units = vec!["市财政局".into()];
    store.save_proposals("张三", &[a]).unwrap();
    let units: Vec<_> = store.read().units().unwrap().into_iter().map(|u| (u.name, u.lead_proposals)).collect();
    assert_eq!(units, [("市教育局".to_owned(), 1), ("市财政局".to_owned(), 1)]);
}
