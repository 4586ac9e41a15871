//! Whatever the committee's clerk and a unit's clerk do, in whatever order,
//! with packages sent late or not at all, with dates past and to come, the
//! committee's proposal ends in a state its own steps could reach: every
//! change it accepted, from its window or a package, is a step the handling
//! rules allow from the state before it, and the stage it shows is the one
//! those steps lead to.

mod exchange_support;

use chrono::{Days, NaiveDate};
use exchange_support::{committee_and_unit, EDU};
use proptest::prelude::*;
use tian_core::domain::{
    AnswerClass, Assignment, CloseKind, Closure, Contact, ContactMethod, Handling, Satisfaction, Step, UnitAssignment,
    UnitRole,
};
use tian_core::{ExportMode, FeedbackDecision, FeedbackInput, HandBackRequest, Tian};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
}

fn assigned_on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 25).unwrap()
}

/// A day from 交办 to ten days past today: some are to come, and refused.
fn day(offset: u8) -> NaiveDate {
    assigned_on() + Days::new(u64::from(offset % 16))
}

#[derive(Debug, Clone)]
enum Action {
    /// The committee sends the unit what it lacks.
    Down,
    /// `forged`: written into the unit's store by hand, past its own
    /// window's rules, as a hostile unit can.
    UnitReply {
        class: AnswerClass,
        on: u8,
        forged: bool,
    },
    UnitContact {
        on: u8,
        forged: bool,
    },
    UnitHandBack {
        on: u8,
    },
    Feedback {
        result: Satisfaction,
        on: u8,
    },
    Rehandle {
        on: u8,
    },
    Close {
        on: u8,
    },
}

fn action() -> impl Strategy<Value = Action> {
    let on = any::<u8>();
    prop_oneof![
        Just(Action::Down),
        (prop::sample::select(vec![AnswerClass::A, AnswerClass::B, AnswerClass::C]), on, any::<bool>())
            .prop_map(|(class, on, forged)| Action::UnitReply { class, on, forged }),
        (on, any::<bool>()).prop_map(|(on, forged)| Action::UnitContact { on, forged }),
        on.prop_map(|on| Action::UnitHandBack { on }),
        (prop::sample::select(Satisfaction::ALL.to_vec()), on).prop_map(|(result, on)| Action::Feedback { result, on }),
        on.prop_map(|on| Action::Rehandle { on }),
        on.prop_map(|on| Action::Close { on }),
    ]
}

struct Offices {
    dir: tempfile::TempDir,
    committee: Tian,
    unit: Tian,
    packages: usize,
}

impl Offices {
    fn new() -> (Offices, tian_core::domain::ProposalId) {
        let dir = tempfile::tempdir().unwrap();
        let (mut committee, mut unit) = committee_and_unit(dir.path());
        for tian in [&mut committee, &mut unit] {
            tian.set_today(today());
        }
        let id = committee.resolve("0069", None).unwrap();
        let lead =
            UnitAssignment { unit: EDU.into(), role: UnitRole::Lead, contact: String::new(), phone: String::new() };
        committee.assign(&id, Assignment { date: assigned_on(), units: vec![lead], mode: Default::default() }).unwrap();
        let mut offices = Offices { dir, committee, unit, packages: 0 };
        offices.down();
        (offices, id)
    }

    /// Writes `record` of kind `kind` on 0069 straight into the unit's store.
    fn forge(&mut self, action: &str, kind: tian_store::Entity, record: &impl serde::Serialize) {
        self.packages += 1;
        let mut store = tian_store::Store::open(&self.dir.path().join("unit/tian.db")).unwrap();
        let id = format!("forged{}", self.packages);
        store.transact("王五", action, |w| w.record(kind, &id, "十三届五次/0069", record)).unwrap();
    }

    fn file(&mut self) -> std::path::PathBuf {
        self.packages += 1;
        self.dir.path().join(format!("{}.tianpkg", self.packages))
    }

    fn down(&mut self) {
        let file = self.file();
        self.committee.export_package(Some(EDU), ExportMode::Unacknowledged, &file).unwrap();
        self.unit.import_package(&file).unwrap();
    }

    /// Sends the unit's changes up (those refused before go again, as a
    /// unit's installation resends what is not acknowledged); whether the
    /// committee now holds one more record of the kind `count` counts.
    fn up(&mut self, id: &tian_core::domain::ProposalId, count: impl Fn(&tian_core::Dossier) -> usize) -> bool {
        let held = count(&self.committee.dossier(id).unwrap());
        let file = self.file();
        self.unit.export_package(None, ExportMode::Unacknowledged, &file).unwrap();
        self.committee.import_package(&file).unwrap();
        count(&self.committee.dossier(id).unwrap()) > held
    }
}

/// 市教育局's phone call with the proposer on `day(on)`.
fn contact(on: u8, content: &str) -> Contact {
    Contact {
        id: String::new(),
        date: day(on),
        method: ContactMethod::Phone,
        unit: Some(EDU.into()),
        people: "市民盟".into(),
        content: content.into(),
    }
}

/// Runs `action`; the step it stood for, where the committee took it.
fn run(o: &mut Offices, id: &tian_core::domain::ProposalId, action: &Action) -> Option<Step> {
    let unit = || EDU.to_owned();
    match action {
        Action::Down => {
            o.down();
            None
        }
        Action::UnitReply { class, on, forged: true } => {
            let round = o.unit.dossier(id).unwrap().handling.round.max(1);
            let reply = tian_core::domain::Reply {
                id: String::new(),
                unit: unit(),
                lead: true,
                round,
                date: day(*on),
                class: Some(*class),
                number: String::new(),
                signer: "王局长".into(),
                signer_post: String::new(),
                contact: String::new(),
                text: "伪造的答复。".into(),
                attachments: vec![],
                public: true,
                private_reason: String::new(),
            };
            o.forge("录入答复", tian_store::Entity::Reply, &reply);
            o.up(id, |d| d.replies.len()).then_some(Step::Reply { unit: unit() })
        }
        Action::UnitContact { on, forged: true } => {
            o.forge("记录沟通", tian_store::Entity::Contact, &contact(*on, "伪造的沟通"));
            o.up(id, |d| d.contacts.len()).then_some(Step::RecordHandling { unit: Some(unit()) })
        }
        Action::UnitReply { class, on, .. } => {
            o.unit.add_reply(id, exchange_support::answer(&unit(), *class, day(*on))).ok()?;
            o.up(id, |d| d.replies.len()).then_some(Step::Reply { unit: unit() })
        }
        Action::UnitContact { on, .. } => {
            o.unit.add_contact(id, contact(*on, "听取意见")).ok()?;
            o.up(id, |d| d.contacts.len()).then_some(Step::RecordHandling { unit: Some(unit()) })
        }
        Action::UnitHandBack { on } => {
            let back = HandBackRequest { unit: unit(), date: day(*on), reason: "不属本单位职责".into() };
            o.unit.hand_back(id, back).ok()?;
            o.up(id, |d| d.hand_backs.len()).then_some(Step::HandBack { unit: unit() })
        }
        Action::Feedback { result, on } => {
            let comment = "意见".to_owned();
            let input =
                FeedbackInput { date: day(*on), result: *result, comment, unit: None, form: Default::default() };
            o.committee.give_feedback(id, input).ok().map(|_| Step::Feedback { result: *result, unit: None })
        }
        Action::Rehandle { on } => {
            let decision =
                FeedbackDecision::Rehandle { date: day(*on), due: None, reason: "再研究".into(), unit: None };
            o.committee.decide_after_unsatisfied(id, decision).ok().map(|_| Step::Rehandle {
                unit: None,
                on: None,
                due: None,
            })
        }
        Action::Close { on } => {
            let closure = Closure { date: day(*on), summary: "已落实".into(), kind: CloseKind::Satisfied };
            o.committee.close(id, closure).ok().map(|_| Step::Close(CloseKind::Satisfied))
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn the_committee_only_ever_takes_steps_its_rules_allow(actions in prop::collection::vec(action(), 1..9)) {
        let (mut o, id) = Offices::new();
        let mut model: Handling = o.committee.dossier(&id).unwrap().handling;
        for action in &actions {
            let before = o.committee.dossier(&id).unwrap();
            let taken = run(&mut o, &id, action);
            let after = o.committee.dossier(&id).unwrap();
            match taken {
                Some(step) => {
                    let next = model.take(&step);
                    prop_assert!(next.is_ok(), "{action:?} was taken, but the rules refuse {step:?} from {model:?}");
                    model = next.unwrap();
                }
                None => prop_assert_eq!(&after.handling, &before.handling, "{:?} was refused yet moved the proposal", action),
            }
            prop_assert_eq!((after.handling.stage, after.handling.round), (model.stage, model.round), "after {:?}", action);
            // A package may run a day ahead: the unit's PC clock may (the clock tolerance, 24 hours).
            prop_assert!(after.replies.iter().all(|r| r.date <= today() + Days::new(1)), "no answer dated after today");
            let judged = after.replies.iter().filter(|r| r.lead && after.feedback.iter().any(|f| f.round == r.round)).count();
            prop_assert!(judged <= after.feedback.len(), "one judged answer a verdict, never a second one slipped in after it");
        }
    }
}
