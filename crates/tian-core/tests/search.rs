//! Search finds exactly what a plain scan of the texts finds, for queries of
//! one to four characters (trigram alone misses the short ones), on the
//! default key proposals with handling records added.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use tian_core::domain::{
    AnswerClass, Assignment, Contact, ContactMethod, ProposalFilter, Stage, UnitAssignment, UnitRole,
};
use tian_core::{ProposalFilters, ReplyInput, SearchQuery, Tian};
use tian_testkit::search_oracle;

fn workspace(dir: &std::path::Path) -> Tian {
    let mut tian = Tian::open(&dir.join("tian.db")).unwrap();
    let id = tian.resolve("0377", None).unwrap();
    let lead =
        UnitAssignment {
            unit: "市民政局".into(), role: UnitRole::Lead, contact: String::new(), phone: String::new()
        };
    tian.assign(
        &id,
        Assignment { date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(), units: vec![lead], mode: Default::default() },
    )
    .unwrap();
    let contact = Contact {
        id: String::new(),
        date: NaiveDate::from_ymd_opt(2026, 3, 9).unwrap(),
        method: ContactMethod::Forum,
        unit: None,
        people: String::new(),
        content: "召开座谈会，听取长期护理保险试点意见".into(),
    };
    tian.add_contact(&id, contact).unwrap();
    let reply = ReplyInput {
        unit: "市民政局".into(),
        date: NaiveDate::from_ymd_opt(2026, 5, 20).unwrap(),
        class: Some(AnswerClass::B),
        signer: "李局长".into(),
        signer_post: String::new(),
        number: String::new(),
        contact: String::new(),
        text: "已将日间照料站点建设列入年度民生实事，护理型床位占比提高到百分之五十五。".into(),
        text_file: None,
        attachments: vec![],
        public: true,
        private_reason: String::new(),
    };
    tian.add_reply(&id, reply).unwrap();
    tian
}

fn found(tian: &Tian, text: &str) -> BTreeSet<(String, String)> {
    let query = SearchQuery { text: text.into(), limit: 100_000, ..SearchQuery::default() };
    let mut found = BTreeSet::new();
    for hit in tian.search(&query).unwrap() {
        found.extend(std::iter::once(hit.label).chain(hit.elsewhere).map(|label| (hit.number.clone(), label)));
    }
    found
}

#[test]
fn every_query_of_one_to_four_characters_matches_a_plain_scan() {
    let dir = tempfile::tempdir().unwrap();
    let tian = workspace(dir.path());
    let parts = search_oracle::searchable_parts(&tian.dossiers(&ProposalFilter::default()).unwrap());
    let mut queries = search_oracle::queries_cut_from(&parts, 1, 23);
    queries.extend(
        ["养老", "教育", "教", "一号产业", "护理型床位", "火电围城", "氢", "量子", "零碳城市"].map(String::from),
    );
    search_oracle::assert_search_matches_scan(&tian, &parts, &queries);
}

#[test]
fn several_words_must_all_occur_and_filters_narrow_the_hits() {
    let dir = tempfile::tempdir().unwrap();
    let tian = workspace(dir.path());
    assert_eq!(
        found(&tian, "照料 床位"),
        BTreeSet::from([("0377".to_owned(), "复文（市民政局）".to_owned()), ("0377".to_owned(), "建议6".to_owned())])
    );
    // One row for the proposal, with the number of places and the best first.
    let query = SearchQuery { text: "照料 床位".into(), limit: 100, ..SearchQuery::default() };
    let rows = tian.search(&query).unwrap();
    assert_eq!(rows.iter().map(|h| (h.number.as_str(), h.matches)).collect::<Vec<_>>(), [("0377", 2)]);
    let replied = ProposalFilters { stage: Some(Stage::Replied), ..ProposalFilters::default() };
    let in_handling = SearchQuery { text: "养老".into(), filters: replied, limit: 100 };
    let hits = tian.search(&in_handling).unwrap();
    assert!(!hits.is_empty() && hits.iter().all(|h| h.number == "0377"));
    let health = ProposalFilters { lead_unit: Some("市卫生健康委员会".into()), ..ProposalFilters::default() };
    let by_unit = SearchQuery { text: "养老".into(), filters: health, limit: 100 };
    assert!(tian.search(&by_unit).unwrap().iter().all(|h| h.number == "0464"));
    let first =
        &tian.search(&SearchQuery { text: "护理型床位".into(), limit: 1, ..SearchQuery::default() }).unwrap()[0];
    assert!(first.snippet.iter().any(|f| f.hit && f.text == "护理型床位"));
}

#[test]
fn a_proposal_is_found_by_its_number_its_units_and_its_leaders() {
    let dir = tempfile::tempdir().unwrap();
    let tian = workspace(dir.path());
    let proposal = |number: &str| (number.to_owned(), "提案".to_owned());
    assert!(found(&tian, "0045").contains(&proposal("0045")));
    assert!(found(&tian, "第0045号").contains(&proposal("0045")));
    assert!(found(&tian, "市教育局").contains(&proposal("0069")), "its lead unit");
    assert!(found(&tian, "孟祥红").contains(&proposal("0069")), "its supervising leader");
    assert!(!found(&tian, "第0045号").contains(&proposal("0069")));
}
