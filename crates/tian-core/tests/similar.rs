//! 相似提案 measured: on pairs of proposals judged by hand (same matter,
//! related, unrelated), made from the generated term, the share of
//! Tian's "similar" that the judge called related (precision) and the share
//! of the judge's related pairs Tian finds (recall), and the same for
//! near-duplicates.

use tian_core::domain::{AnswerClass, Assignment, Proposal, Review, ReviewOutcome, UnitAssignment, UnitRole};
use tian_core::{Tian, DUPLICATE_FROM, SIMILAR_FROM};
use tian_testkit::TestData;

mod exchange_support;

/// One judged pair: two proposals (届次/号, or 往年/年/标题) and the verdict.
struct Judged {
    first: String,
    second: String,
    verdict: String,
}

fn judged() -> Vec<Judged> {
    include_str!("fixtures/similar_pairs.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Judged { first: f[0].into(), second: f[1].into(), verdict: f[2].into() }
        })
        .collect()
}

/// Precision and recall of `found` against `truth`, per pair.
fn measure(pairs: &[(bool, bool)]) -> (f64, f64, usize, usize, usize) {
    let tp = pairs.iter().filter(|(t, f)| *t && *f).count();
    let fp = pairs.iter().filter(|(t, f)| !*t && *f).count();
    let fneg = pairs.iter().filter(|(t, f)| *t && !*f).count();
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fneg).max(1) as f64;
    (p, r, tp, fp, fneg)
}

#[test]
fn similar_proposals_agree_with_a_judge_on_the_generated_term() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    tian.generate(500, 2026, |_| {}).unwrap();
    let history =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tian-import/tests/fixtures/003-proposal-summary.txt");
    tian.import_history_file(&history).unwrap();

    let mut similar = Vec::new();
    let mut duplicate = Vec::new();
    for pair in judged() {
        let id =
            tian.resolve(pair.first.split('/').nth(1).unwrap(), Some(pair.first.split('/').next().unwrap())).unwrap();
        let score = tian.similarity(&id, &pair.second).unwrap();
        eprintln!("{}\t{}\t{}\t{score}", pair.first, pair.second, pair.verdict);
        similar.push((pair.verdict != "无关", score >= SIMILAR_FROM));
        duplicate.push((pair.verdict == "重复", score >= DUPLICATE_FROM));
    }
    let (p, r, tp, fp, fneg) = measure(&similar);
    eprintln!("相似：精确率 {p:.2}，召回率 {r:.2}（{tp} 对判对，{fp} 对误报，{fneg} 对漏报）");
    let (dp, dr, dtp, dfp, dfn) = measure(&duplicate);
    eprintln!("重复：精确率 {dp:.2}，召回率 {dr:.2}（{dtp} 对判对，{dfp} 对误报，{dfn} 对漏报）");
    // The figures the module's documentation states, with a little room.
    assert!(p >= 0.9 && r >= 0.85, "similar: precision {p:.2}, recall {r:.2}");
    assert!(dp >= 0.9 && dr >= 0.9, "duplicates: precision {dp:.2}, recall {dr:.2}");
}

fn assigned_and_answered(tian: &mut Tian, id: &tian_core::domain::ProposalId, class: AnswerClass, text: &str) {
    let today = chrono::Local::now().date_naive();
    let lead =
        UnitAssignment {
            unit: "市教育局".into(), role: UnitRole::Lead, contact: String::new(), phone: String::new()
        };
    let assigned = today - chrono::Days::new(60);
    tian.assign(id, Assignment { date: assigned, units: vec![lead], mode: Default::default() }).unwrap();
    let reply = tian_core::ReplyInput {
        text: text.into(),
        ..exchange_support::answer("市教育局", class, assigned + chrono::Days::new(30))
    };
    tian.add_reply(id, reply).unwrap();
}

#[test]
fn a_near_duplicate_of_this_session_is_offered_for_merging_and_an_earlier_one_shows_its_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    let original = tian.dossier(&tian.resolve("0069", None).unwrap()).unwrap().proposal;
    // Last year's proposal on the same matter, answered A; and this
    // year's second proposal on it, in other words here and there.
    let earlier = Proposal { session: "十三届四次".into(), number: "0101".into(), ..original.clone() };
    let again = Proposal {
        number: "0470".into(),
        title: "关于加快发展智慧教育，推进我市基础教育现代化的建议".into(),
        proposer: "李建国".into(),
        ..original.clone()
    };
    tian.save_proposals(&[earlier.clone(), again.clone()]).unwrap();
    assigned_and_answered(&mut tian, &earlier.id(), AnswerClass::A, "智慧教育平台已建成，覆盖全市中小学。");

    let found = tian.similar(&again.id(), 10).unwrap();
    let of = |session: &str, number: &str| found.iter().find(|s| s.session == session && s.number == number);
    let twin = of("十三届五次", "0069").expect("this year's twin");
    assert!(twin.near_duplicate && twin.score >= DUPLICATE_FROM, "{twin:?}");
    let last_year = of("十三届四次", "0101").expect("last year's");
    assert!(!last_year.near_duplicate, "another 届次 is shown, not offered for 并案: {last_year:?}");
    assert_eq!(last_year.class, Some(AnswerClass::A));
    assert!(last_year.answer.contains("智慧教育平台已建成"), "{last_year:?}");
    assert!(of("十三届五次", "0396").is_none(), "air quality is not education: {found:?}");
    assert!(found.windows(2).all(|w| w[0].score >= w[1].score), "most similar first");
    assert!(!found.iter().any(|s| s.session == "十三届五次" && s.number == "0470"), "not itself");

    // 并案 goes through the one review step, and a proposal merged away is
    // no longer offered as a duplicate to merge into.
    let twice = Proposal { number: "0471".into(), proposer: "王芳".into(), ..again.clone() };
    tian.save_proposals(std::slice::from_ref(&twice)).unwrap();
    let review = Review {
        outcome: ReviewOutcome::Merged,
        reason: "与第0069号提案所提事项相同".into(),
        merged_into: Some("0069".into()),
    };
    let merged = tian.review(&again.id(), review).unwrap();
    assert_eq!(merged.review.unwrap().merged_into.as_deref(), Some("0069"));
    let host = tian.dossier(&original.id()).unwrap();
    assert_eq!(
        host.merged_here.iter().map(|m| (m.number.as_str(), m.proposer.as_str())).collect::<Vec<_>>(),
        [("0470", "李建国")]
    );
    let last_years = tian.dossier(&earlier.id()).unwrap();
    assert!(last_years.merged_here.is_empty(), "another 届次's 0069 took nothing");
    let now = tian.similar(&twice.id(), 10).unwrap();
    let merged_away = now.iter().find(|s| s.number == "0470").expect("still listed");
    assert!(!merged_away.near_duplicate, "{merged_away:?}");
    assert!(now.iter().any(|s| s.number == "0069" && s.near_duplicate), "{now:?}");
}

#[test]
fn an_announcement_imported_says_which_proposals_are_like_earlier_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    let announcement = String::from_utf8_lossy(tian_core::KEY_PROPOSALS).replace("十三届五次", "十三届四次");
    let file = dir.path().join("十三届四次重点提案.txt");
    std::fs::write(&file, announcement).unwrap();
    let report = tian.import_announcement_file(&file).unwrap();
    assert_eq!(report.similar.len(), 13, "each finds its twin of the later 届次: {:?}", report.similar);
    for found in &report.similar {
        assert_eq!(
            (found.similar.session.as_str(), found.similar.number.as_str()),
            ("十三届五次", found.number.as_str())
        );
        assert!(!found.similar.near_duplicate, "another 届次");
    }
}
