//! 退回/改办: a lead unit hands back a wrongly assigned proposal within the
//! days the rules allow; the committee assigns it anew and the clock starts
//! again. Through the exchange, the unit files its hand-back by package, a
//! proposal moved away tells the unit so, and one moved back reaches it whole,
//! with what changed while it was away.

mod exchange_support;

use chrono::{Days, NaiveDate};
use exchange_support::{committee_and_unit, day, phone_call, EDU, SCI};
use tian_core::domain::{Assignment, Contact, ProposalId, Stage, UnitAssignment, UnitRole};
use tian_core::{ExportMode, HandBackRequest, PageQuery, ProposalFilters, Tian};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn assignment(unit: &str, date: NaiveDate) -> Assignment {
    let lead = UnitAssignment { unit: unit.into(), role: UnitRole::Lead, contact: String::new(), phone: String::new() };
    Assignment { date, units: vec![lead], mode: Default::default() }
}

fn hand_back(unit: &str, date: NaiveDate) -> HandBackRequest {
    HandBackRequest { unit: unit.into(), date, reason: "职责不在本单位，建议交市民政局".into() }
}

#[test]
fn a_hand_back_within_ten_days_stops_the_clock_and_the_new_assignment_starts_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    tian.set_today(d(6, 20));
    let id = tian.resolve("0069", None).unwrap();
    tian.assign(&id, assignment("市教育局", d(3, 1))).unwrap();

    tian.set_today(d(3, 15));
    let late = tian.hand_back(&id, hand_back("市教育局", d(3, 15))).unwrap_err().to_string();
    assert_eq!(late, "不能退回：退回须在交办后10日内提出，本提案的退回期限到2026年3月11日为止。");
    // A letter dated inside the ten days but handed in after them counts
    // from when it arrives: it would stop an overdue clock after the fact.
    let backdated = tian.hand_back(&id, hand_back("市教育局", d(3, 8))).unwrap_err().to_string();
    assert!(
        backdated.contains("退回须在交办后10日内送达") && backdated.contains("今天（2026年3月15日）"),
        "{backdated}"
    );
    tian.set_today(d(3, 8));
    let co = tian.hand_back(&id, hand_back("市民政局", d(3, 5))).unwrap_err().to_string();
    assert!(co.contains("不是本提案的主办单位"), "{co}");

    let x = tian.hand_back(&id, hand_back("市教育局", d(3, 8))).unwrap();
    tian.set_today(d(6, 20));
    assert_eq!((x.proposal.stage, x.deadline), (Stage::HandedBack, None), "no answer is owed while handed back");
    assert!(x.next_needed.starts_with("改办：市教育局已退回本提案"), "{}", x.next_needed);
    let overdue = ProposalFilters { overdue: true, ..ProposalFilters::default() };
    assert_eq!(tian.list_page(&PageQuery { filters: overdue.clone(), ..PageQuery::default() }).unwrap().total, 0);

    let early = tian.assign(&id, assignment("市民政局", d(3, 7))).unwrap_err().to_string();
    assert!(early.contains("改办日期（2026年3月7日）早于退回日期（2026年3月8日）"), "{early}");
    let x = tian.assign(&id, assignment("市民政局", d(3, 10))).unwrap();
    assert_eq!(x.proposal.stage, Stage::Assigned);
    assert_eq!(x.due_date, Some(d(6, 10)), "three months from the new 交办");
    assert_eq!(tian.list_page(&PageQuery { filters: overdue, ..PageQuery::default() }).unwrap().total, 1);
    assert_eq!(x.hand_backs.len(), 1, "the hand-back stays on record");

    let actions: Vec<String> = tian.timeline(&id).unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(&actions[1..], ["交办", "退回：市教育局", "改办"]);
    let figures = tian.statistics(None).unwrap().figures;
    assert_eq!(figures.handed_back, 1);
}

struct Offices {
    dir: tempfile::TempDir,
    committee: Tian,
    unit: Tian,
}

impl Offices {
    fn new() -> Offices {
        let dir = tempfile::tempdir().unwrap();
        let (mut committee, mut unit) = committee_and_unit(dir.path());
        for tian in [&mut committee, &mut unit] {
            tian.set_today(day() + Days::new(3));
        }
        Offices { dir, committee, unit }
    }

    fn down(&mut self, name: &str) {
        let file = self.dir.path().join(name);
        self.committee.export_package(Some(EDU), ExportMode::Unacknowledged, &file).unwrap();
        let import = self.unit.import_package(&file).unwrap();
        assert!(import.refused.is_empty(), "{:?}", import.refused);
    }

    fn up(&mut self, name: &str) {
        let file = self.dir.path().join(name);
        self.unit.export_package(None, ExportMode::Unacknowledged, &file).unwrap();
        let import = self.committee.import_package(&file).unwrap();
        assert!(import.refused.is_empty(), "{:?}", import.refused);
    }
}

fn leads(tian: &Tian, id: &ProposalId) -> Vec<String> {
    tian.dossier(id).unwrap().handling.lead_units
}

#[test]
fn a_unit_hands_back_by_package_and_a_proposal_moved_back_reaches_it_whole() {
    let mut o = Offices::new();
    let id = o.committee.resolve("0069", None).unwrap();
    o.committee.assign(&id, assignment(EDU, day())).unwrap();
    o.down("1.tianpkg");

    o.unit.hand_back(&id, hand_back(EDU, day() + Days::new(2))).unwrap();
    o.up("2.tianpkg");
    let at_committee = o.committee.dossier(&id).unwrap();
    assert_eq!(at_committee.proposal.stage, Stage::HandedBack, "the unit's hand-back moves the stage");
    assert_eq!(at_committee.hand_backs[0].unit, EDU);

    // 改办 to 市科技局: 市教育局 is told, and the proposal stops going to it.
    o.committee.assign(&id, assignment(SCI, day() + Days::new(3))).unwrap();
    o.down("3.tianpkg");
    assert_eq!(leads(&o.unit, &id), [SCI], "the unit sees the proposal moved away (已改办)");
    let later = |content: &str| Contact { date: day() + Days::new(3), ..phone_call(content) };
    let refused = o.unit.add_contact(&id, later("再次沟通")).unwrap_err().to_string();
    assert!(refused.contains("没有交办给市教育局"), "{refused}");

    // The unit's next package still says it holds the proposal whole.
    o.up("3b.tianpkg");

    // While it is away the committee records a contact the unit never saw.
    o.committee.add_contact(&id, later("提案委员会了解改办后的进展")).unwrap();
    o.down("4.tianpkg");
    assert!(o.unit.dossier(&id).unwrap().contacts.is_empty(), "nothing more goes to a unit it left");

    // 市科技局 hands it back too, and it is moved back to 市教育局: it arrives
    // whole, the contact made while it was away included.
    o.committee.hand_back(&id, hand_back(SCI, day() + Days::new(3))).unwrap();
    o.committee.assign(&id, assignment(EDU, day() + Days::new(3))).unwrap();
    o.down("5.tianpkg");
    let back = o.unit.dossier(&id).unwrap();
    assert_eq!(back.handling.lead_units, [EDU]);
    assert_eq!(back.contacts.len(), 1, "the change made while it was away reached the unit");
    o.up("6.tianpkg");
    o.down("7.tianpkg");
    assert_eq!(o.unit.dossier(&id).unwrap().contacts.len(), 1);
}
