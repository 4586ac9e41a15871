//! 提案类别 as the clerk sets them: on rows picked by hand or on all the
//! filters pick, listed and filtered by, and a change to many taken back
//! in one step.

mod exchange_support;

use exchange_support::listed_numbers;
use tian_core::domain::ProposalId;
use tian_core::{PageQuery, ProposalFilters, Tian, UNCATEGORIZED};

fn listed(tian: &Tian, category: &str) -> Vec<String> {
    listed_numbers(tian, ProposalFilters { category: Some(category.into()), ..ProposalFilters::default() })
}

#[test]
fn picked_rows_get_a_category_shown_and_filtered_and_the_change_is_taken_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    let ids: Vec<ProposalId> = ["0069", "0045"].iter().map(|n| tian.resolve(n, None).unwrap()).collect();
    assert_eq!(tian.set_category(&ids, Some("教育文化")).unwrap(), 2);
    assert_eq!(listed(&tian, "教育文化"), ["0045", "0069"]);
    assert_eq!(listed(&tian, UNCATEGORIZED).len(), 11);
    let page = tian.list_page(&PageQuery { limit: 100, ..PageQuery::default() }).unwrap();
    let row = page.rows.iter().find(|r| r.number == "0069").unwrap();
    assert_eq!(row.category.as_deref(), Some("教育文化"), "the list shows it");

    // All 13 set to 社会民生 by mistake, and taken back at once.
    let all = tian.set_category_where(&ProposalFilters::default(), Some("社会民生")).unwrap();
    assert_eq!(all, 13);
    assert_eq!(tian.last_category_change().unwrap(), Some(("社会民生".into(), 13)));
    assert_eq!(tian.undo_category_change().unwrap(), 13);
    assert_eq!(listed(&tian, "教育文化"), ["0045", "0069"], "each back to what it was");
    assert_eq!(listed(&tian, UNCATEGORIZED).len(), 11);
    let timeline = tian.timeline(&ids[0]).unwrap();
    assert!(timeline.iter().any(|e| e.action == "撤销：设置类别：社会民生"), "in each proposal's timeline");
    assert!(tian.last_category_change().unwrap().is_none(), "the last change was a 撤销");
    assert!(tian.undo_category_change().unwrap_err().to_string().contains("没有可以撤销"));
    // The last change, to one proposal, is taken back the same way.
    tian.set_category(&ids[..1], Some("社会民生")).unwrap();
    assert_eq!(tian.undo_category_change().unwrap(), 1);
    assert_eq!(listed(&tian, "教育文化"), ["0045", "0069"]);
    let unknown = tian.set_category(&ids, Some("不存在的类别")).unwrap_err().to_string();
    assert!(unknown.contains("不在类别设置中"), "{unknown}");
}
