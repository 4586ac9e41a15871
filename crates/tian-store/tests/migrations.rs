//! Databases made by every landed schema version open with this build and
//! lose nothing: `tests/fixtures/schema-vN.db` was written by the build of
//! version N (the 13 default key proposals) and is never regenerated.

use tian_domain::{ProposalFilter, ProposalId, Stage};
use tian_store::Store;

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
    assert_eq!(store.schema_version().unwrap(), 2);
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
            w.set("proposal", id.as_str(), "category", serde_json::json!("教育"))?;
            Ok(())
        })
        .unwrap();
    let last = store.read().history(&id).unwrap().pop().unwrap();
    assert_eq!((last.origin, last.origin_seq, last.action.as_str()), (origin, 170, "修改"));
}
