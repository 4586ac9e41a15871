//! The 督办报告 over proposals of two 届次: each 届次 numbers its proposals
//! anew, so wherever the report names a proposal (the 附件's headings and
//! 一览表, 存在问题, 下一步工作, the 催办函's table) it says which 届次's;
//! over one 届次 it says 第0069号 as before. A proposal merged into another
//! is accounted for as merged, and the one it joined says so.

use tian_core::domain::{Assignment, Proposal, ProposerKind, Review, ReviewOutcome, Stage, UnitAssignment, UnitRole};
use tian_core::{ReportScope, Tian};

fn next_years(number: &str, title: &str, proposer: &str) -> Proposal {
    Proposal {
        number: number.into(),
        session: "十四届一次".into(),
        title: title.into(),
        proposer: proposer.into(),
        proposer_kind: ProposerKind::Member,
        summary: String::new(),
        suggestions: vec![],
        category: None,
        co_signers: None,
        gov_leaders: vec![],
        cppcc_leaders: vec![],
        lead_units: vec![],
        co_committees: vec![],
        stage: Stage::Registered,
    }
}

#[test]
fn a_report_over_two_sessions_names_each_proposal_with_its_session_and_accounts_for_a_merged_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    tian.set_today(chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
    let host = next_years("0069", "关于推进社区养老服务的建议", "李明");
    let twin = next_years("0070", "关于推进社区养老服务的建议", "王芳");
    tian.save_proposals(&[host.clone(), twin.clone()]).unwrap();
    let review = Review {
        outcome: ReviewOutcome::Merged,
        reason: "与第0069号提案所提事项相同".into(),
        merged_into: Some("0069".into()),
    };
    tian.review(&twin.id(), review).unwrap();
    // Last year's 0069, assigned in May and not answered: late by December.
    let late = tian.resolve("0069", Some("十三届五次")).unwrap();
    let unit =
        UnitAssignment {
            unit: "市教育局".into(), role: UnitRole::Lead, contact: String::new(), phone: String::new()
        };
    let may = chrono::NaiveDate::from_ymd_opt(2026, 5, 6).unwrap();
    tian.assign(&late, Assignment { date: may, units: vec![unit], mode: Default::default() }).unwrap();

    let both = format!("{:?}", tian.supervision_report(&ReportScope::default()).unwrap());
    for named in ["十三届五次第0069号《", "十四届一次第0069号《", "十四届一次第0070号《"] {
        assert!(both.contains(named), "{named} not in the report's 附件");
    }
    assert!(both.contains("超过答复期限仍未答复（十三届五次第0069号）"), "存在问题 names the 届次");
    assert!(both.contains("十三届五次第0069号提案答复（已逾期"), "下一步工作 names the 届次");
    assert!(!both.contains("（二）第0"), "no heading without its 届次 when two are reported");
    assert!(
        both.contains("已并入十四届一次第0069号提案办理，该提案的答复也是对本件提案者的答复"),
        "the merged one's account"
    );
    assert!(!both.contains("。0条建议"), "nothing to carry out is not owed");
    assert!(
        both.contains("十四届一次第0070号《关于推进社区养老服务的建议》（王芳）并入本件办理"),
        "the one it joined names it"
    );

    let one = ReportScope { session: Some("十三届五次".into()), ..Default::default() };
    let one = format!("{:?}", tian.supervision_report(&one).unwrap());
    assert!(one.contains("第0069号《") && !one.contains("十三届五次第0069号"), "one 届次: numbers alone");
}
