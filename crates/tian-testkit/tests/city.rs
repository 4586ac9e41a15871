//! A small city run to its end: a committee and eight units, each its own
//! installation, exchanging every week with packages lost, late and taken
//! twice. However the packages travel, every unit ends holding each
//! proposal it handles as the committee holds it, 送达 of its own answers
//! included, and the committee holds every record the units wrote.

use tian_testkit::{simulate_city, CityPlan};

#[test]
fn a_city_of_units_exchanging_through_lost_and_late_packages_ends_holding_what_the_committee_holds() {
    let dir = tempfile::tempdir().unwrap();
    let plan = CityPlan { units: 8, proposals: 60, weeks: 10, term: None, seed: 2026 };
    let run = simulate_city(dir.path(), &plan, |_| ()).unwrap();
    let c = &run.convergence;
    let travelled = |f: fn(&tian_testkit::CityWeek) -> usize| run.weeks.iter().map(f).sum::<usize>();
    assert!(
        travelled(|w| w.lost) > 0 && travelled(|w| w.late) > 0 && travelled(|w| w.twice) > 0,
        "the run loses, delays and repeats packages: {:?}",
        run.weeks
    );
    assert!(c.answers > 20 && c.copies > 60 && c.records_written > 60, "{c:?}");
    assert_eq!((c.differing_count, &c.differing), (0, &Vec::<String>::new()), "every copy as the committee's");
    assert_eq!(c.records_lost, 0, "{c:?}");
}
