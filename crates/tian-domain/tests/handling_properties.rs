//! Whatever the clerk tries, in whatever order, the handling rules never
//! reach a state that contradicts the record: this walks random sequences of
//! steps and checks the invariants after every accepted one.

use proptest::prelude::*;
use tian_domain::{CloseKind, Handling, ReviewOutcome, Satisfaction, Stage, Step};

fn step() -> impl Strategy<Value = Step> {
    let unit = prop::sample::select(vec!["市财政局", "市科技局", "市教育局", "市民政局"]);
    prop_oneof![
        (prop::sample::subsequence(vec!["市财政局", "市科技局"], 0..=2), any::<bool>(), any::<bool>()).prop_map(
            |(leads, co, split)| Step::Assign {
                lead_units: leads.into_iter().map(String::from).collect(),
                co_units: if co { vec!["市教育局".to_owned()] } else { vec![] },
                split,
            }
        ),
        prop::option::of(unit.clone()).prop_map(|unit| Step::RecordHandling { unit: unit.map(String::from) }),
        unit.clone().prop_map(|u| Step::Reply { unit: u.to_owned() }),
        (prop::sample::select(Satisfaction::ALL.to_vec()), prop::option::of(unit.clone()))
            .prop_map(|(result, unit)| Step::Feedback { result, unit: unit.map(String::from) }),
        prop::sample::select(CloseKind::ALL.to_vec()).prop_map(Step::Close),
        prop::option::of(unit.clone()).prop_map(|unit| Step::Rehandle {
            unit: unit.map(String::from),
            on: None,
            due: None
        }),
        unit.clone().prop_map(|u| Step::ExplainUnit {
            unit: u.to_owned(),
            explanation: tian_domain::UnitExplanation {
                date: chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
                text: "受条件所限".into()
            }
        }),
        (prop::sample::subsequence(vec!["市财政局", "市科技局"], 0..=2), any::<bool>(), any::<bool>()).prop_map(
            |(leads, co, split)| Step::CorrectAssign {
                lead_units: leads.into_iter().map(String::from).collect(),
                co_units: if co { vec!["市教育局".to_owned()] } else { vec![] },
                split,
                acted: vec![],
            }
        ),
        Just(Step::Reopen),
        Just(Step::Withdraw),
        Just(Step::Extend),
        unit.prop_map(|u| Step::HandBack { unit: u.to_owned() }),
        prop::sample::select(vec![ReviewOutcome::NotRegistered, ReviewOutcome::Merged, ReviewOutcome::ToOpinion])
            .prop_map(Step::Review),
    ]
}

fn check_invariants(before: &Handling, step: &Step, h: &Handling) {
    use Stage::*;
    assert!(h.replied_leads.iter().all(|u| h.lead_units.contains(u)), "only lead units finish a round: {h:?}");
    match h.stage {
        Registered | NotRegistered | Merged | ToOpinion => assert_eq!(h.round, 0, "{h:?}"),
        Withdrawn => assert!(before.stage != Closed, "a closed proposal cannot be withdrawn: {h:?}"),
        _ => assert!(h.round >= 1 && !h.lead_units.is_empty(), "handled only after 交办 with a lead unit: {h:?}"),
    }
    assert_eq!(h.split, !h.tracks.is_empty(), "分办 keeps one course per lead unit: {h:?}");
    assert!(h.tracks.iter().all(|t| h.lead_units.contains(&t.unit) && t.round <= h.round), "{h:?}");
    if h.split {
        assert!(h.feedback.is_none(), "under 分办 verdicts are the units': {h:?}");
        assert!(h.tracks.iter().all(|t| t.feedback.is_none() || h.replied_leads.contains(&t.unit)), "{h:?}");
    }
    // The proposal's verdicts: the one joint verdict, or each unit's.
    let verdicts: Vec<Option<Satisfaction>> =
        if h.split { h.tracks.iter().map(|t| t.feedback).collect() } else { vec![h.feedback] };
    let satisfied =
        |v: &Option<Satisfaction>| matches!(v, Some(Satisfaction::Satisfied | Satisfaction::BasicallySatisfied));
    match h.stage {
        Replied => assert!(h.awaited_leads().is_empty() && verdicts.iter().any(Option::is_none), "{h:?}"),
        FeedbackReceived => {
            assert!(h.awaited_leads().is_empty(), "{h:?}");
            // Every verdict satisfied, or under 分办 a unit's 不满意 closed on an explanation.
            let ended = |t: &tian_domain::LeadTrack| satisfied(&t.feedback) || t.explained.is_some();
            assert!(if h.split { h.tracks.iter().all(ended) } else { verdicts.iter().all(satisfied) }, "{h:?}");
        }
        Undecided => {
            assert!(h.awaited_leads().is_empty() && verdicts.contains(&Some(Satisfaction::Unsatisfied)), "{h:?}")
        }
        Closed => assert!(h.awaited_leads().is_empty(), "{h:?}"),
        Rehandling => assert!(h.round >= 2 && !h.awaited_leads().is_empty(), "{h:?}"),
        HandedBack => assert!(!h.handed_back.is_empty() && h.round == 1, "{h:?}"),
        _ => {}
    }
    if h.first_answer_owed() {
        assert!(h.stage != Rehandling, "a unit owing its first answer keeps the clock from 交办: {h:?}");
    }
    if h.stage == Closed && before.stage != Closed {
        let how = match step {
            Step::Close(kind) => *kind,
            other => panic!("closed by {other:?}"),
        };
        let from = match how {
            CloseKind::Satisfied => FeedbackReceived,
            CloseKind::Explained if before.any_explained() => FeedbackReceived,
            CloseKind::Explained => Undecided,
            CloseKind::Deemed => Replied,
        };
        assert_eq!(before.stage, from, "{} only from {from}", how.label());
    }
    if before.stage == Undecided && h.stage != Undecided {
        assert!(
            matches!(
                step,
                Step::Rehandle { .. } | Step::ExplainUnit { .. } | Step::Close(CloseKind::Explained) | Step::Withdraw
            ),
            "{step:?}"
        );
    }
    assert!(
        !matches!(before.stage, NotRegistered | Merged | ToOpinion | Withdrawn),
        "a step was accepted after a final review outcome: {step:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn no_sequence_of_steps_reaches_an_invalid_state(steps in prop::collection::vec(step(), 0..40)) {
        let mut h = Handling::default();
        for step in &steps {
            match h.take(step) {
                Ok(next) => {
                    check_invariants(&h, step, &next);
                    h = next;
                }
                Err(refusal) => prop_assert!(refusal.0.starts_with(&format!("不能{}：", step.label())), "{refusal}"),
            }
        }
    }
}
