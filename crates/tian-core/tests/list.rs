//! The list the clerk pages through: ordered, filtered and paged in SQL, and
//! showing for each proposal exactly what its full dossier says.

use chrono::NaiveDate;
use tian_core::domain::{
    Assignment, ProposalFilter, Stage, SuggestionProgress, SuggestionState, UnitAssignment, UnitRole,
};
use tian_core::{ListSort, PageQuery, ProposalFilters, Tian};

fn workspace(dir: &std::path::Path) -> Tian {
    let mut tian = Tian::open(&dir.join("tian.db")).unwrap();
    tian.set_today(NaiveDate::from_ymd_opt(2026, 5, 28).unwrap());
    for (number, day) in [("0069", 1), ("0396", 20)] {
        let id = tian.resolve(number, None).unwrap();
        let lead = tian.dossier(&id).unwrap().proposal.lead_units[0].clone();
        let unit = UnitAssignment { unit: lead, role: UnitRole::Lead, contact: String::new(), phone: String::new() };
        tian.assign(
            &id,
            Assignment {
                date: NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
                units: vec![unit],
                mode: Default::default(),
            },
        )
        .unwrap();
    }
    let id = tian.resolve("0069", None).unwrap();
    let done =
        SuggestionProgress {
            index: 2, status: SuggestionState::Partly, evidence: "半数学校已覆盖".into(), date: None
        };
    tian.set_suggestion(&id, done).unwrap();
    tian
}

fn numbers(tian: &Tian, query: PageQuery) -> Vec<String> {
    tian.list_page(&query).unwrap().rows.into_iter().map(|r| r.number).collect()
}

#[test]
fn pages_follow_the_order_and_the_total_counts_all_that_pass_the_filters() {
    let dir = tempfile::tempdir().unwrap();
    let tian = workspace(dir.path());
    let page = tian.list_page(&PageQuery { offset: 3, limit: 4, ..PageQuery::default() }).unwrap();
    assert_eq!(page.total, 13);
    assert_eq!(page.rows.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(), ["0069", "0077", "0150", "0174"]);
    let last = numbers(&tian, PageQuery { descending: true, limit: 2, ..PageQuery::default() });
    assert_eq!(last, ["0464", "0458"]);
    let by_stage =
        numbers(&tian, PageQuery { sort: ListSort::Stage, descending: true, limit: 2, ..PageQuery::default() });
    assert_eq!(by_stage, ["0069", "0396"], "交办 comes after 立案 in the order of the stages");
    let by_assignment = numbers(&tian, PageQuery { sort: ListSort::Assigned, limit: 3, ..PageQuery::default() });
    assert_eq!(by_assignment, ["0069", "0396", "0020"], "assigned first, by date; the rest by number");
    let filter = |filters| tian.list_page(&PageQuery { filters, ..PageQuery::default() }).unwrap();
    let health =
        filter(ProposalFilters { lead_unit: Some("市卫生健康委员会".into()), ..ProposalFilters::default() });
    assert_eq!((health.total, health.rows.len()), (3, 3));
    let assigned = filter(ProposalFilters { stage: Some(Stage::Assigned), ..ProposalFilters::default() });
    assert_eq!(assigned.total, 2);
}

#[test]
fn each_row_agrees_with_the_proposals_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let tian = workspace(dir.path());
    let rows = tian.list_page(&PageQuery { limit: 100, ..PageQuery::default() }).unwrap().rows;
    let dossiers = tian.dossiers(&ProposalFilter::default()).unwrap();
    assert_eq!(rows.len(), dossiers.len());
    for (row, d) in rows.iter().zip(&dossiers) {
        assert_eq!(row.number, d.proposal.number);
        assert_eq!(row.lead_units, d.proposal.lead_units);
        assert_eq!((&row.gov_leaders, &row.cppcc_leaders), (&d.proposal.gov_leaders, &d.proposal.cppcc_leaders));
        assert_eq!(row.stage, d.proposal.stage);
        assert_eq!(row.deadline, d.deadline, "{}", row.number);
        assert_eq!(row.progress, d.progress.percent, "{}", row.number);
    }
    let row = rows.iter().find(|r| r.number == "0069").unwrap();
    assert_eq!(row.deadline.unwrap().due, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
    assert_eq!(row.progress, 8.3);
}

#[test]
fn a_proposal_knows_its_neighbours_and_place_in_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let tian = workspace(dir.path());
    let n = tian.neighbours(&tian.resolve("0069", None).unwrap(), None).unwrap();
    assert_eq!(n.previous, Some(("0045".to_owned(), "十三届五次".to_owned())));
    assert_eq!(n.next, Some(("0077".to_owned(), "十三届五次".to_owned())));
    assert_eq!((n.position, n.total), (4, 13));
    let first = tian.neighbours(&tian.resolve("0020", None).unwrap(), None).unwrap();
    assert_eq!((first.previous, first.position), (None, 1));
}

/// Opened from a filtered, sorted list, 上一件 and 下一件 step through that
/// list, in its order, and the place is counted among its proposals; a
/// proposal a step has moved out of the filter falls back to the whole list.
#[test]
fn neighbours_follow_the_list_the_clerk_opened_the_proposal_from() {
    let dir = tempfile::tempdir().unwrap();
    let tian = workspace(dir.path());
    let mut list = PageQuery::default();
    list.filters.proposer = Some("市民盟".into());
    let all = tian.list_page(&PageQuery { limit: 100, ..list.clone() }).unwrap();
    let numbers: Vec<&str> = all.rows.iter().map(|r| r.number.as_str()).collect();
    assert_eq!(numbers.len(), 3, "{numbers:?}");
    let middle = tian.resolve(numbers[1], None).unwrap();
    let n = tian.neighbours(&middle, Some(&list)).unwrap();
    assert_eq!(n.previous.map(|p| p.0).as_deref(), Some(numbers[0]));
    assert_eq!(n.next.map(|p| p.0).as_deref(), Some(numbers[2]));
    assert_eq!((n.position, n.total), (2, 3));
    // Sorted the other way, the same proposal's neighbours swap.
    let backwards = PageQuery { descending: true, ..list.clone() };
    let n = tian.neighbours(&middle, Some(&backwards)).unwrap();
    assert_eq!(n.previous.map(|p| p.0).as_deref(), Some(numbers[2]));
    // Not in the list: among all, by number.
    let outside = tian.resolve("0020", None).unwrap();
    let n = tian.neighbours(&outside, Some(&list)).unwrap();
    assert_eq!((n.position, n.total), (1, 13));
}
