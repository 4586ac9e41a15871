//! On a term's worth of generated proposals with their handling: the data is
//! what real use would leave, search finds exactly what a plain scan of the
//! texts finds, and every filter of the list and the search picks exactly the
//! proposals whose dossier says so.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use tian_core::domain::{AnswerClass, Assignment, LeadMode, ProposalFilter, Stage, UnitAssignment, UnitRole, Urgency};
use tian_core::{Dossier, PageQuery, ProposalFilters, SearchQuery, Tian};
use tian_testkit::search_oracle;
use tian_testkit::TestData;

const PROPOSALS: usize = 400;

fn generated(dir: &std::path::Path) -> (Tian, Vec<Dossier>) {
    let mut tian = Tian::open(&dir.join("tian.db")).unwrap();
    tian.set_today(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
    tian.generate(PROPOSALS, 7, |_| ()).unwrap();
    let dossiers = tian.dossiers(&ProposalFilter::default()).unwrap();
    (tian, dossiers)
}

#[test]
fn generated_proposals_carry_replies_notes_and_every_stage() {
    let dir = tempfile::tempdir().unwrap();
    let (tian, dossiers) = generated(dir.path());
    assert_eq!(dossiers.len(), PROPOSALS + 13);
    let sessions = tian.sessions().unwrap();
    let names: Vec<&str> = sessions.iter().map(|s| s.session.as_str()).collect();
    assert_eq!(names, ["十三届五次", "十三届四次", "十三届三次", "十三届二次", "十三届一次"], "latest first");
    assert_eq!(sessions.iter().map(|s| s.proposals as usize).sum::<usize>(), dossiers.len());
    // The list runs through the sessions in the order they met, not in the order of their names.
    let page = tian.list_page(&PageQuery { limit: 100_000, ..PageQuery::default() }).unwrap().rows;
    let mut met: Vec<&str> = page.iter().map(|r| r.session.as_str()).collect();
    met.dedup();
    assert_eq!(met, ["十三届一次", "十三届二次", "十三届三次", "十三届四次", "十三届五次"]);
    let last_of_fourth = page.iter().rposition(|r| r.session == "十三届四次").unwrap();
    let id = tian.resolve(&page[last_of_fourth].number, Some("十三届四次")).unwrap();
    let next = tian.neighbours(&id, None).unwrap().next.unwrap();
    assert_eq!(
        next,
        (page[last_of_fourth + 1].number.clone(), "十三届五次".to_owned()),
        "下一件 crosses into the next session"
    );
    let count = |f: &dyn Fn(&Dossier) -> bool| dossiers.iter().filter(|d| f(d)).count();
    let closed = count(&|d| d.proposal.stage == Stage::Closed);
    assert!(closed > PROPOSALS / 2, "{closed} of a term's proposals are closed");
    for stage in [Stage::Registered, Stage::Assigned, Stage::Handling, Stage::Replied, Stage::FeedbackReceived] {
        assert!(count(&|d| d.proposal.stage == stage) > 0, "some proposal stands at {stage}");
    }
    assert!(count(&|d| d.proposal.stage == Stage::ToOpinion) > 0);
    assert!(count(&|d| d.handling.round > 1) > 0, "an unsatisfied proposer sent one back to 再办理");
    let replies: usize = dossiers.iter().map(|d| d.replies.len()).sum();
    let contacts: usize = dossiers.iter().map(|d| d.contacts.len()).sum();
    let activities: usize = dossiers.iter().map(|d| d.activities.len()).sum();
    assert!(
        replies > PROPOSALS && contacts > PROPOSALS && activities > PROPOSALS / 10,
        "{replies} {contacts} {activities}"
    );
    assert!(dossiers.iter().flat_map(|d| &d.replies).all(|r| r.text.contains("现答复如下")));
}

#[test]
fn every_query_of_one_to_four_characters_matches_a_plain_scan_of_generated_data() {
    let dir = tempfile::tempdir().unwrap();
    let (tian, dossiers) = generated(dir.path());
    let parts = search_oracle::searchable_parts(&dossiers);
    search_oracle::assert_search_matches_scan(&tian, &parts, &search_oracle::queries_cut_from(&parts, 7, 97));
}

#[test]
fn each_filter_picks_exactly_the_proposals_whose_dossier_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (tian, dossiers) = generated(dir.path());
    let keys = |pick: &dyn Fn(&Dossier) -> bool| -> BTreeSet<(String, String)> {
        dossiers.iter().filter(|d| pick(d)).map(|d| (d.proposal.session.clone(), d.proposal.number.clone())).collect()
    };
    let listed = |filters: ProposalFilters| -> BTreeSet<(String, String)> {
        let page = tian.list_page(&PageQuery { filters, limit: 100_000, ..PageQuery::default() }).unwrap();
        assert_eq!(page.total as usize, page.rows.len());
        page.rows.into_iter().map(|r| (r.session, r.number)).collect()
    };
    let searched = |filters: ProposalFilters| -> BTreeSet<(String, String)> {
        // 的 occurs in every proposal's title, so the search covers them all.
        let query = SearchQuery { text: "的".into(), filters, limit: 1_000_000 };
        tian.search(&query).unwrap().into_iter().map(|h| (h.session, h.number)).collect()
    };
    let all = ProposalFilters::default();
    let overdue = keys(&|d| d.deadline.is_some_and(|dl| dl.urgency == Urgency::Overdue));
    assert!(overdue.len() > 5, "{} overdue", overdue.len());
    let late = ProposalFilters { overdue: true, ..all.clone() };
    assert_eq!(listed(late.clone()), overdue);
    assert_eq!(searched(late), overdue);
    for class in AnswerClass::ALL {
        let expected = keys(&|d| d.answer_class() == Some(class));
        assert!(class == AnswerClass::D || !expected.is_empty(), "some answers are {class:?}");
        let filters = ProposalFilters { answer_class: Some(class), ..all.clone() };
        assert_eq!(listed(filters.clone()), expected, "{class:?}");
        assert_eq!(searched(filters), expected, "{class:?}");
    }
    let late_in_hand = dossiers
        .iter()
        .find(|d| {
            d.proposal.session == "十三届五次"
                && d.proposal.stage == Stage::Handling
                && overdue.contains(&(d.proposal.session.clone(), d.proposal.number.clone()))
        })
        .expect("a proposal of this year in hand and late");
    let unit = late_in_hand.proposal.lead_units[0].clone();
    let leader = late_in_hand.proposal.gov_leaders[0].clone();
    let narrow = ProposalFilters {
        session: Some("十三届五次".into()),
        stage: Some(Stage::Handling),
        lead_unit: Some(unit.clone()),
        leader: Some(leader.clone()),
        proposer: Some(late_in_hand.proposal.proposer.clone()),
        answer_class: None,
        category: None,
        overdue: true,
    };
    let expected = keys(&|d| {
        let p = &d.proposal;
        p.session == "十三届五次"
            && p.stage == Stage::Handling
            && p.lead_units.contains(&unit)
            && p.leaders().any(|l| l == leader)
            && p.proposers().any(|x| x == late_in_hand.proposal.proposer)
            && overdue.contains(&(p.session.clone(), p.number.clone()))
    });
    assert!(!expected.is_empty());
    assert_eq!(listed(narrow.clone()), expected);
    assert_eq!(searched(narrow), expected);
}

#[test]
fn the_overview_lists_the_most_urgent_and_counts_all_of_them() {
    let dir = tempfile::tempdir().unwrap();
    // Enough proposals for more to be late than the overview lists.
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    tian.set_today(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
    tian.generate(2_400, 7, |_| ()).unwrap();
    let late_of = |dossiers: &[Dossier]| -> Vec<Dossier> {
        let mut late: Vec<Dossier> =
            dossiers.iter().filter(|d| d.deadline.is_some_and(|dl| dl.urgency != Urgency::OnTrack)).cloned().collect();
        late.sort_by_key(|d| d.deadline.map(|dl| dl.days_left));
        late
    };
    // The least urgent late proposal still to be handled goes, on the same
    // day, to a unit no other late proposal has: a unit the list leaves out.
    let before = late_of(&tian.dossiers(&ProposalFilter::default()).unwrap());
    let last =
        before.iter().rev().find(|d| d.proposal.stage == Stage::Assigned).expect("a late proposal not yet handled");
    let lone = "测试专用局";
    let assignment = Assignment {
        date: last.assignment.as_ref().unwrap().date,
        units: vec![UnitAssignment {
            unit: lone.into(),
            role: UnitRole::Lead,
            contact: String::new(),
            phone: String::new(),
        }],
        mode: LeadMode::default(),
    };
    tian.assign(&last.proposal.id(), assignment).unwrap();
    let dossiers = tian.dossiers(&ProposalFilter::default()).unwrap();
    let late = late_of(&dossiers);
    assert!(late.len() > tian_core::LISTED, "only {} late: the test needs more than the list shows", late.len());

    let board = tian.dashboard().unwrap();
    assert_eq!(board.attention_total as usize, late.len());
    assert_eq!(board.attention.len(), tian_core::LISTED);
    let days = |d: &Dossier| d.deadline.unwrap().days_left;
    let listed: Vec<i64> = board.attention.iter().map(days).collect();
    assert!(listed.windows(2).all(|w| w[0] <= w[1]), "most urgent first");
    let unlisted = late.iter().filter(|d| !board.attention.iter().any(|a| a.proposal.id() == d.proposal.id()));
    assert!(unlisted.map(days).all(|n| n >= *listed.last().unwrap()), "none left out is more urgent");
    // Owed a 催办函: each lead unit of a late proposal, and each co-unit whose
    // 会办意见 is late or due within the week, by its own date.
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut owing: Vec<(i64, String)> = late
        .iter()
        .flat_map(|d| d.handling.lead_units.iter().map(move |u| (d.deadline.unwrap().days_left, u.clone())))
        .collect();
    for d in dossiers.iter().filter(|d| d.proposal.stage != Stage::Closed) {
        for o in d.co_opinions.iter().filter(|o| o.replied.is_none()) {
            let days = (o.due - today).num_days();
            if days <= 7 {
                owing.push((days, o.unit.clone()));
            }
        }
    }
    let units: BTreeSet<String> = owing.iter().map(|(_, u)| u.clone()).collect();
    assert!(!board.attention.iter().any(|d| d.handling.lead_units.iter().any(|u| u == lone)), "{lone} is not listed");
    assert!(board.attention_units.iter().any(|u| u == lone), "yet it is owed a 催办函");
    let urged: BTreeSet<String> = board.attention_units.iter().cloned().collect();
    assert_eq!(
        (urged, board.attention_units.len()),
        (units.clone(), units.len()),
        "a 催办函 for every late unit, once"
    );
    let most_urgent = owing.iter().map(|(days, _)| *days).min().unwrap();
    let first: BTreeSet<&String> = owing.iter().filter(|(days, _)| *days == most_urgent).map(|(_, u)| u).collect();
    assert!(first.contains(&board.attention_units[0]), "the unit owing the most urgent work first");
    let waiting = dossiers.iter().filter(|d| d.feedback_overdue).count();
    assert_eq!(board.feedback_overdue_total as usize, waiting);
    assert_eq!(board.feedback_overdue.len(), waiting.min(tian_core::LISTED));
}
