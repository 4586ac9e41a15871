//! 办理工作考评 by the committee's own weights: the weights the clerk saves
//! on the 设置 page decide the ranking, weights that cannot score are
//! refused with the settings untouched, a withdrawn proposal counts for no
//! one, and a unit's installation holds no evaluation of the others.

use chrono::NaiveDate;
use tian_core::domain::{AnswerClass, Assignment, Satisfaction, UnitAssignment, UnitRole, Withdrawal};
use tian_core::{EvaluationWeights, FeedbackInput, ReplyInput, Role, Tian};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn assignment(lead: &str, co: Option<&str>) -> Assignment {
    let unit =
        |unit: &str, role| UnitAssignment { unit: unit.into(), role, contact: String::new(), phone: String::new() };
    let mut units = vec![unit(lead, UnitRole::Lead)];
    units.extend(co.map(|c| unit(c, UnitRole::Co)));
    Assignment { date: d(3, 2), units, mode: Default::default() }
}

fn reply(unit: &str, class: Option<AnswerClass>, date: NaiveDate) -> ReplyInput {
    ReplyInput {
        unit: unit.into(),
        date,
        class,
        signer: "王建华".into(),
        signer_post: String::new(),
        number: String::new(),
        contact: String::new(),
        text: "答复。".into(),
        text_file: None,
        attachments: vec![],
        public: true,
        private_reason: String::new(),
    }
}

/// 市教育局 answers 0069 late but to the proposer's satisfaction; 市科技局
/// answers 0045 on time, 不满意, and sends its 会办意见 on 0069 late.
fn a_year(tian: &mut Tian) {
    let (edu, sci) = (tian.resolve("0069", None).unwrap(), tian.resolve("0045", None).unwrap());
    tian.assign(&edu, assignment("市教育局", Some("市科技局"))).unwrap();
    tian.assign(&sci, assignment("市科技局", None)).unwrap();
    tian.add_reply(&sci, reply("市科技局", Some(AnswerClass::C), d(5, 10))).unwrap();
    tian.add_reply(&edu, reply("市科技局", None, d(5, 15))).unwrap();
    tian.add_reply(&edu, reply("市教育局", Some(AnswerClass::A), d(7, 1))).unwrap();
    let verdict = |result, date| FeedbackInput {
        date,
        result,
        comment: "措施不具体".into(),
        unit: None,
        form: Default::default(),
    };
    tian.give_feedback(&edu, verdict(Satisfaction::Satisfied, d(7, 10))).unwrap();
    tian.give_feedback(&sci, verdict(Satisfaction::Unsatisfied, d(5, 20))).unwrap();
}

fn ranked(tian: &Tian) -> Vec<(String, Option<f64>)> {
    tian.evaluation(Some(2026)).unwrap().units.into_iter().map(|u| (u.unit, u.score)).collect()
}

#[test]
fn the_committees_weights_decide_the_ranking_and_weights_that_cannot_score_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    tian.set_today(d(12, 1));
    a_year(&mut tian);

    // By default 按期 weighs most: 市科技局 answered on time.
    // 市教育局, late, 满意, not met, no 会办: (40×0 + 30×100 + 10×0) / 80 = 37.5.
    // 市科技局, on time, 不满意, not met, its 会办意见 late:
    // (40×100 + 30×0 + 10×0 + 10×0) / 90 = 44.4.
    assert_eq!(ranked(&tian), [("市科技局".to_owned(), Some(44.4)), ("市教育局".to_owned(), Some(37.5))]);

    // A committee that weighs the proposer's verdict alone ranks the other way.
    let mut settings = tian.settings().unwrap();
    settings.evaluation =
        EvaluationWeights { on_time: 0, satisfied: 100, attitude: 0, met: 0, carried_out: 0, co_opinions: 0 };
    tian.save_settings(&settings).unwrap();
    assert_eq!(ranked(&tian), [("市教育局".to_owned(), Some(100.0)), ("市科技局".to_owned(), Some(0.0))]);

    // Weights that cannot score leave the saved ones as they were.
    for bad in [
        EvaluationWeights { on_time: 0, satisfied: 0, attitude: 0, met: 0, carried_out: 0, co_opinions: 0 },
        EvaluationWeights { met: 101, ..EvaluationWeights::default() },
        EvaluationWeights { co_opinions: u32::MAX, ..EvaluationWeights::default() },
    ] {
        let mut tried = settings.clone();
        tried.evaluation = bad;
        let said = tian.save_settings(&tried).unwrap_err().to_string();
        assert!(said.contains("考评权重"), "{said}");
        assert_eq!(tian.settings().unwrap(), settings, "nothing saved");
    }

    // Withdrawn, 0045 counts for no one; 市科技局 keeps its 会办 on 0069.
    settings.evaluation = EvaluationWeights::default();
    tian.save_settings(&settings).unwrap();
    let sci = tian.resolve("0045", None).unwrap();
    tian.withdraw(&sci, Withdrawal { date: d(11, 2), reason: "提案者申请撤回".into() }).unwrap();
    let e = tian.evaluation(Some(2026)).unwrap();
    assert_eq!(e.assigned, 1);
    let sci_row = e.units.iter().find(|u| u.unit == "市科技局").unwrap();
    assert_eq!((sci_row.led, sci_row.co_handled, sci_row.opinions_due), (0, 1, 1), "{sci_row:?}");
    assert_eq!((sci_row.score, sci_row.rank), (None, None), "it leads nothing now: listed for its 会办, not ranked");
    assert_eq!(sci_row.co_opinions.count, 0, "its 会办意见 came late");
}

#[test]
fn a_units_installation_holds_no_evaluation_of_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    tian.init_identity(Role::Unit, "市教育局").unwrap();
    let said = tian.evaluation(None).unwrap_err().to_string();
    assert!(said.contains("本机是承办单位（市教育局），不能进行办理工作考评"), "{said}");
    let out = dir.path().join("考评表.xlsx");
    assert!(tian.export_evaluation_workbook(None, &out).is_err());
    assert!(!out.exists());
}
