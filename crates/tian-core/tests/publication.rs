//! 答复公开: each answer public or not, with a reason, decided by its unit
//! (on the unit's installation, travelling in its package, even after the
//! proposer's verdict) or by the committee; and the session's public
//! answers published as a site in which nothing withdrawn or withheld
//! stands and no record's text becomes markup or a file name.

use chrono::NaiveDate;
use tian_core::domain::{AnswerClass, Assignment, Satisfaction, UnitAssignment, UnitRole, Withdrawal};
use tian_core::{ExportMode, FeedbackInput, ReplyInput, Tian};

mod exchange_support;
use exchange_support::{answer, EDU};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn assign(tian: &mut Tian, number: &str, lead: &str, co: Option<&str>) -> tian_core::domain::ProposalId {
    let id = tian.resolve(number, None).unwrap();
    let unit =
        |unit: &str, role| UnitAssignment { unit: unit.into(), role, contact: String::new(), phone: String::new() };
    let mut units = vec![unit(lead, UnitRole::Lead)];
    units.extend(co.map(|c| unit(c, UnitRole::Co)));
    tian.assign(&id, Assignment { date: d(3, 2), units, mode: Default::default() }).unwrap();
    id
}

fn withheld(unit: &str, reason: &str) -> ReplyInput {
    ReplyInput { public: false, private_reason: reason.into(), ..answer(unit, AnswerClass::B, d(5, 20)) }
}

#[test]
fn an_answer_kept_from_publication_says_why_and_the_site_shows_only_the_public_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    tian.set_today(d(12, 1));
    let edu = assign(&mut tian, "0069", EDU, Some("市科技局"));
    let said = tian.add_reply(&edu, withheld(EDU, "  ")).unwrap_err().to_string();
    assert_eq!(said, "答复不公开的，须写明不公开的理由。");
    assert!(tian.dossier(&edu).unwrap().replies.is_empty(), "nothing kept");
    let mut letter = answer(EDU, AnswerClass::A, d(5, 20));
    letter.text =
        "关于第0069号提案的答复\n<script>alert('x')</script>已制定标准。\n（联系人：张老师 0311-12345678）".into();
    tian.add_reply(&edu, letter).unwrap();
    tian.add_reply(&edu, ReplyInput { class: None, ..answer("市科技局", AnswerClass::A, d(4, 1)) }).unwrap();
    let verdict = FeedbackInput {
        date: d(6, 1),
        result: Satisfaction::Satisfied,
        comment: String::new(),
        unit: None,
        form: Default::default(),
    };
    tian.give_feedback(&edu, verdict).unwrap();

    let sci = assign(&mut tian, "0045", "市数据资源管理局", None);
    tian.add_reply(&sci, withheld("市数据资源管理局", "涉及尚未公布的规划")).unwrap();
    let gone = assign(&mut tian, "0077", "市消防救援支队", None);
    tian.add_reply(&gone, answer("市消防救援支队", AnswerClass::A, d(5, 1))).unwrap();
    tian.withdraw(&gone, Withdrawal { date: d(6, 2), reason: "提案者申请撤回".into() }).unwrap();

    // The committee decides after the verdict too; a 会办意见 is never published.
    let dossier = tian.dossier(&edu).unwrap();
    let lead = dossier.replies.iter().find(|r| r.lead).unwrap().id.clone();
    let opinion = dossier.replies.iter().find(|r| !r.lead).unwrap().id.clone();
    let said = tian.set_publicity(&edu, &opinion, true, "").unwrap_err().to_string();
    assert!(said.contains("会办意见"), "{said}");
    tian.set_publicity(&edu, &lead, false, "涉及个人信息").unwrap();
    let kept = tian.dossier(&edu).unwrap().replies.into_iter().find(|r| r.lead).unwrap();
    assert_eq!((kept.public, kept.private_reason.as_str()), (false, "涉及个人信息"));
    let said = tian.publish("十三届五次", &dir.path().join("站点")).unwrap_err().to_string();
    assert!(said.contains("没有可以公开的答复"), "{said}");
    tian.set_publicity(&edu, &lead, true, "理由不留").unwrap();
    assert_eq!(tian.dossier(&edu).unwrap().replies.iter().find(|r| r.lead).unwrap().private_reason, "");

    let site = dir.path().join("站点");
    let done = tian.publish("十三届五次", &site).unwrap();
    assert_eq!((done.proposals, done.answers, done.withheld), (1, 1, 1), "{done:?}");
    let mut files: Vec<String> =
        std::fs::read_dir(&site).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    files.sort();
    assert_eq!(files, ["0069.html", "0069.pdf", "index.html"]);
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("市政协十三届五次会议提案办理答复公开") && index.contains("0069.html"), "{index}");
    assert!(!index.contains("0045") && !index.contains("0077"), "withheld and withdrawn stay out");
    let page = std::fs::read_to_string(site.join("0069.html")).unwrap();
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;已制定标准。") && !page.contains("<script>"));
    assert!(!page.contains("会办意见") && !page.contains("市科技局的答复"), "no 会办意见 on the page");
    assert!(!page.contains("0311-12345678"), "no contact's phone on the page");
    assert!(std::fs::read(site.join("0069.pdf")).unwrap().starts_with(b"%PDF"));

    // A folder with the clerk's files in it is never written into.
    let said = tian.publish("十三届五次", &site).unwrap_err().to_string();
    assert!(said.contains("不是空文件夹"), "{said}");
    assert_eq!(std::fs::read_dir(&site).unwrap().count(), 3);
    let said = tian.publish("十三届九次", &dir.path().join("别处")).unwrap_err().to_string();
    assert!(said.contains("十三届九次"), "{said}");

    // A link is refused; an empty folder the clerk made (named as “别处/.”
    // too) is filled and kept; no staging folder is left behind.
    let elsewhere = dir.path().join("别处");
    std::fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.path().join("链接")).unwrap();
    assert!(tian.publish("十三届五次", &dir.path().join("链接")).unwrap_err().to_string().contains("链接"));
    tian.publish("十三届五次", &elsewhere.join(".")).unwrap();
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 3, "the empty folder filled");
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("发布中"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_unit_keeps_its_settled_answer_from_publication_and_the_committee_takes_its_word() {
    let dir = tempfile::tempdir().unwrap();
    let (mut committee, mut unit) = exchange_support::committee_and_unit(dir.path());
    committee.set_today(d(12, 1));
    unit.set_today(d(12, 1));
    let id = assign(&mut committee, "0069", EDU, None);
    let down = dir.path().join("down.tianpkg");
    committee.export_package(Some(EDU), ExportMode::Unacknowledged, &down).unwrap();
    unit.import_package(&down).unwrap();
    unit.add_reply(&id, answer(EDU, AnswerClass::A, d(5, 20))).unwrap();
    let up = dir.path().join("up.tianpkg");
    unit.export_package(None, ExportMode::Unacknowledged, &up).unwrap();
    committee.import_package(&up).unwrap();
    let verdict = FeedbackInput {
        date: d(6, 1),
        result: Satisfaction::Satisfied,
        comment: String::new(),
        unit: None,
        form: Default::default(),
    };
    committee.give_feedback(&id, verdict).unwrap();
    committee.export_package(Some(EDU), ExportMode::Unacknowledged, &down).unwrap();
    unit.import_package(&down).unwrap();

    // Settled by the verdict, the answer stays as it is, but whether it is
    // published is still the unit's to say.
    let reply = unit.dossier(&id).unwrap().replies.remove(0);
    unit.set_publicity(&id, &reply.id, false, "涉及企业商业秘密").unwrap();
    unit.export_package(None, ExportMode::Unacknowledged, &up).unwrap();
    let taken = committee.import_package(&up).unwrap();
    assert_eq!(taken.refused_total, 0, "{taken:?}");
    let held = committee.dossier(&id).unwrap().replies.remove(0);
    assert_eq!((held.public, held.private_reason.as_str()), (false, "涉及企业商业秘密"));
    assert_eq!(held.class, Some(AnswerClass::A), "the answer itself unchanged");
}
