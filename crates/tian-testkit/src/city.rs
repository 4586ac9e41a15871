//! 一个城市的交换: one committee and its handling units, each its own
//! installation on a temporary database, exchanging packages every week as
//! a city does, with packages lost, late and imported twice on the way.
//! What each week costs, and whether every unit ends holding what the
//! committee holds. A measurement anyone can re-run, not a test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Days, NaiveDate};
use serde::Serialize;
use tian_core::{CoreError, ExportMode, FeedbackDecision, FeedbackInput, ReplyInput, Result, Role, Tian};
use tian_domain::{
    AnswerClass, Assignment, CloseKind, Closure, Contact, ContactMethod, LeadMode, ProposalId, Satisfaction, Stage,
    UnitAssignment, UnitRole,
};

use crate::generator::{fresh_proposals, Rng};
use crate::week::unit_name;
use crate::TestData;

/// What to simulate.
#[derive(Debug, Clone, Serialize)]
pub struct CityPlan {
    pub units: usize,
    /// Proposals of the year, assigned over the first four weeks.
    pub proposals: usize,
    pub weeks: usize,
    /// After the weeks, the committee is filled with generated proposals to
    /// this many (a five-year term), and one more week is run at that size.
    pub term: Option<usize>,
    pub seed: u64,
}

/// One week of exchange, timed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CityWeek {
    /// 第N周 (from 1); the final rounds are named after the weeks.
    pub week: usize,
    pub label: String,
    /// The committee's packages to every unit, all told.
    pub committee_export_ms: f64,
    pub packages_out_bytes: u64,
    /// Every unit importing what reached it this week, all told, and the slowest.
    pub unit_import_ms: f64,
    pub unit_import_max_ms: f64,
    /// Every unit's package to the committee, all told.
    pub unit_export_ms: f64,
    /// Packages that reached the committee this week (late ones and repeats
    /// included), and their bytes.
    pub packages_in: usize,
    pub packages_in_bytes: u64,
    /// The committee taking them in as one batch (`tian sync import` of the week).
    pub batch_import_ms: f64,
    /// Changes the batch took that the committee did not hold.
    pub new_operations: u32,
    /// This week's packages, both ways, lost, late (1–3 weeks) or imported twice.
    pub lost: usize,
    pub late: usize,
    pub twice: usize,
    pub committee_db_bytes: u64,
    pub largest_unit_db_bytes: u64,
}

/// Whether every unit ends holding what the committee holds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Convergence {
    /// Proposals compared, at every unit that handles them.
    pub copies: usize,
    /// Copies that differ from the committee's, as “单位 第N号: fields” (the first 20).
    pub differing: Vec<String>,
    pub differing_count: usize,
    /// Records the units wrote, and those of them the committee lacks.
    pub records_written: usize,
    pub records_lost: usize,
    pub conflicts: usize,
    pub answers: usize,
    pub scanned_letters: usize,
    pub closed: usize,
}

/// The whole simulation.
#[derive(Debug, Clone, Serialize)]
pub struct CityRun {
    pub plan: CityPlan,
    pub weeks: Vec<CityWeek>,
    pub convergence: Convergence,
    pub committee_proposals: u32,
}

/// A proposal as the simulation plans it.
struct Case {
    id: ProposalId,
    number: String,
    week: usize,
    mode: LeadMode,
    leads: Vec<usize>,
    co: Option<usize>,
    /// Per unit (leads, then the co-unit): the week it acts in.
    due: BTreeMap<usize, usize>,
    /// Units that have written their answer or 会办意见 (and answered again after 再办理).
    answered: BTreeSet<usize>,
    unsatisfied_once: bool,
    closed: bool,
}

impl Case {
    /// The lead units whose answers the proposer judges: under 联合主办 the first.
    fn answering(&self) -> &[usize] {
        match self.mode {
            LeadMode::Joint => &self.leads[..1],
            LeadMode::Split => &self.leads,
        }
    }
}

struct Office {
    name: String,
    path: PathBuf,
    tian: Tian,
    /// Packages on their way to this office: the week each arrives, and the file.
    inbox: Vec<(usize, PathBuf)>,
}

/// The session the simulated year's proposals belong to.
const SESSION: &str = "十三届五次";
/// Numbers of the simulated proposals start here, above the generator's.
const FIRST_NUMBER: usize = 3001;

fn folder(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|source| CoreError::Folder { path: path.to_owned(), source })
}

fn bytes(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

/// Names the failing step, so a broken simulation says where it broke.
fn at<T>(what: impl FnOnce() -> String, r: Result<T>) -> Result<T> {
    r.map_err(|e| CoreError::Invalid(format!("{}：{e}", what())))
}

/// Runs `plan` in `dir`; `progress` hears each week as it ends.
pub fn simulate_city(dir: &Path, plan: &CityPlan, mut progress: impl FnMut(&CityWeek)) -> Result<CityRun> {
    let start = NaiveDate::from_ymd_opt(2026, 3, 2).expect("a real day");
    let mut rng = Rng(plan.seed | 1);
    let mut committee = Office {
        name: "市政协提案委员会".to_owned(),
        path: dir.join("committee/tian.db"),
        tian: Tian::open(&dir.join("committee/tian.db"))?,
        inbox: Vec::new(),
    };
    committee.tian.init_identity(Role::Committee, &committee.name)?;
    committee.tian.set_today(start);
    let committee_key = dir.join("committee.tiankey");
    committee.tian.export_key(&committee_key)?;
    let mut units = Vec::new();
    for i in 0..plan.units {
        let name = unit_name(i);
        let path = dir.join(format!("unit{i:02}/tian.db"));
        let mut tian = Tian::open(&path)?;
        tian.init_identity(Role::Unit, &name)?;
        tian.set_today(start);
        let key = dir.join(format!("unit{i:02}.tiankey"));
        tian.export_key(&key)?;
        // As the clerks would after comparing the fingerprints on both screens.
        let seen = committee.tian.preview_key(&key)?.fingerprint;
        committee.tian.trust_key(&key, &seen)?;
        let seen = tian.preview_key(&committee_key)?.fingerprint;
        tian.trust_key(&committee_key, &seen)?;
        units.push(Office { name, path, tian, inbox: Vec::new() });
    }

    let proposals = fresh_proposals(plan.proposals, plan.seed, FIRST_NUMBER, SESSION)?;
    committee.tian.save_proposals(&proposals)?;
    let assign_weeks = plan.weeks.clamp(1, 4);
    let mut cases: Vec<Case> = proposals
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let first = rng.below(plan.units);
            let two = plan.units > 2 && rng.chance(12);
            let mut leads = vec![first];
            if two {
                leads.push((first + 1 + rng.below(plan.units - 1)) % plan.units);
            }
            let mode = if two && rng.chance(50) { LeadMode::Split } else { LeadMode::Joint };
            let co = (plan.units > 2 && rng.chance(25))
                .then(|| (first + 1 + rng.below(plan.units - 1)) % plan.units)
                .filter(|c| !leads.contains(c));
            let week = n * assign_weeks / plan.proposals.max(1);
            let mut due = BTreeMap::new();
            for &lead in &leads {
                due.insert(lead, week + 2 + rng.below(8));
            }
            if let Some(c) = co {
                due.insert(c, week + 1 + rng.below(3));
            }
            Case {
                id: p.id(),
                number: p.number.clone(),
                week,
                mode,
                leads,
                co,
                due,
                answered: BTreeSet::new(),
                unsatisfied_once: false,
                closed: false,
            }
        })
        .collect();

    let scan = dir.join("复文扫描件.pdf");
    let mut scanned_letters = 0;
    let mut weeks = Vec::new();
    let term_week = plan.term.map(|_| plan.weeks);
    let total = plan.weeks + usize::from(term_week.is_some()) + 2;
    for w in 0..total {
        let today = start + Days::new(7 * w as u64);
        let finals = w >= total - 2;
        let label = if finals {
            format!("最后一轮{}", w + 3 - total)
        } else if Some(w) == term_week {
            "满一届后的一周".to_owned()
        } else {
            format!("第{}周", w + 1)
        };
        if Some(w) == term_week {
            let have = committee.tian.list_page(&tian_core::PageQuery { limit: 1, ..Default::default() })?.total;
            let want = plan.term.unwrap_or_default().saturating_sub(have as usize);
            committee.tian.generate(want, plan.seed, |_| ())?;
        }
        committee.tian.set_today(today);
        for u in &mut units {
            u.tian.set_today(today);
        }
        let mut week = CityWeek { week: w + 1, label, ..Default::default() };

        // The committee: this week's assignments, then verdicts and closing
        // (the final rounds only exchange, so that all settles).
        let steps = if finals { &mut cases[..0] } else { &mut cases[..] };
        committee.tian.bulk(|tian| {
            for case in steps.iter().filter(|c| c.week == w) {
                let mut assigned: Vec<UnitAssignment> =
                    case.leads.iter().map(|&u| assignment(&unit_name(u), UnitRole::Lead)).collect();
                assigned.extend(case.co.map(|u| assignment(&unit_name(u), UnitRole::Co)));
                let step = Assignment { date: today, units: assigned, mode: case.mode };
                at(|| format!("交办第{}号", case.number), tian.assign(&case.id, step))?;
            }
            Ok(())
        })?;
        for case in steps.iter_mut().filter(|c| !c.closed && c.answering().iter().all(|u| c.answered.contains(u))) {
            let d = committee.tian.dossier(&case.id)?;
            let judged = |unit: Option<String>, result| {
                let comment =
                    if result == Satisfaction::Unsatisfied { "建议措施尚未落实到位。" } else { "" };
                FeedbackInput { date: today, result, comment: comment.to_owned(), unit, form: Default::default() }
            };
            match d.handling.stage {
                Stage::Replied if case.mode == LeadMode::Joint => {
                    let result = if !case.unsatisfied_once && rng.chance(5) {
                        case.unsatisfied_once = true;
                        Satisfaction::Unsatisfied
                    } else {
                        Satisfaction::Satisfied
                    };
                    at(
                        || format!("反馈第{}号", case.number),
                        committee.tian.give_feedback(&case.id, judged(None, result)),
                    )?;
                }
                Stage::Undecided => {
                    let lead = case.leads[0];
                    case.answered.remove(&lead);
                    case.due.insert(lead, w + 1 + rng.below(3));
                    let decision = FeedbackDecision::Rehandle {
                        date: today,
                        due: None,
                        reason: "请针对提案者意见进一步研究办理。".to_owned(),
                        unit: None,
                    };
                    at(
                        || format!("再办理第{}号", case.number),
                        committee.tian.decide_after_unsatisfied(&case.id, decision),
                    )?;
                }
                Stage::FeedbackReceived => {
                    let closure =
                        Closure {
                            date: today, summary: "经办理，提案者满意。".to_owned(), kind: CloseKind::Satisfied
                        };
                    at(|| format!("办结第{}号", case.number), committee.tian.close(&case.id, closure))?;
                    case.closed = true;
                }
                // 分办: each lead unit's answer has its own verdict.
                _ if case.mode == LeadMode::Split => {
                    for name in &d.awaiting_verdict {
                        let verdict = judged(Some(name.clone()), Satisfaction::Satisfied);
                        at(|| format!("反馈第{}号", case.number), committee.tian.give_feedback(&case.id, verdict))?;
                    }
                }
                _ => {}
            }
        }

        // Down: a package to every unit, sent by post of sorts.
        let out = dir.join(format!("out/{w:02}"));
        folder(&out)?;
        for (i, u) in units.iter_mut().enumerate() {
            let file = out.join(format!("{i:02}.tianpkg"));
            let started = Instant::now();
            committee.tian.export_package(Some(&u.name), ExportMode::Unacknowledged, &file)?;
            week.committee_export_ms += ms(started);
            week.packages_out_bytes += bytes(&file);
            post(&mut rng, &mut week, &mut u.inbox, w, finals, file);
        }

        // Each unit: what reached it, its own steps, and its package up.
        let up = dir.join(format!("up/{w:02}"));
        folder(&up)?;
        for (i, u) in units.iter_mut().enumerate() {
            let arrived = due_now(&mut u.inbox, w, finals);
            if !arrived.is_empty() {
                let started = Instant::now();
                at(|| format!("{}导入", u.name), u.tian.import_packages(&arrived))?;
                let took = ms(started);
                week.unit_import_ms += took;
                week.unit_import_max_ms = week.unit_import_max_ms.max(took);
            }
            let steps = if finals { &mut cases[..0] } else { &mut cases[..] };
            for case in steps.iter_mut().filter(|c| c.due.get(&i).is_some_and(|&due| due <= w)) {
                if case.answered.contains(&i) || u.tian.resolve(&case.number, Some(SESSION)).is_err() {
                    continue;
                }
                let d = u.tian.dossier(&case.id)?;
                let lead = case.leads.contains(&i);
                if !matches!(d.handling.stage, Stage::Assigned | Stage::Handling | Stage::Rehandling) {
                    continue;
                }
                if lead && !case.answering().contains(&i) {
                    // 联合主办's other lead unit: its part is a contact.
                    u.tian.add_contact(&case.id, talk(&u.name, today))?;
                    case.answered.insert(i);
                    continue;
                }
                if lead && d.answers_of(&u.name).is_empty() {
                    u.tian.add_contact(&case.id, talk(&u.name, today))?;
                }
                let mut attachments = Vec::new();
                if lead && rng.chance(25) {
                    write_scan(&scan, &mut rng)?;
                    attachments.push(scan.clone());
                    scanned_letters += 1;
                }
                let class = lead.then(|| match rng.below(100) {
                    0..55 => AnswerClass::A,
                    55..95 => AnswerClass::B,
                    _ => AnswerClass::C,
                });
                let reply = ReplyInput {
                    unit: u.name.clone(),
                    date: today,
                    class,
                    number: format!("{}〔2026〕{}号", u.name, case.number),
                    signer: "王建国".to_owned(),
                    signer_post: String::new(),
                    contact: String::new(),
                    text: format!(
                        "关于第{}号提案的{}：经认真研究，现答复如下。",
                        case.number,
                        if lead { "答复" } else { "会办意见" }
                    ),
                    text_file: None,
                    attachments,
                    public: true,
                    private_reason: String::new(),
                };
                at(|| format!("{}答复第{}号", u.name, case.number), u.tian.add_reply(&case.id, reply))?;
                case.answered.insert(i);
            }
            let file = up.join(format!("{i:02}.tianpkg"));
            let started = Instant::now();
            u.tian.export_package(None, ExportMode::Unacknowledged, &file)?;
            week.unit_export_ms += ms(started);
            post(&mut rng, &mut week, &mut committee.inbox, w, finals, file);
            week.largest_unit_db_bytes = week.largest_unit_db_bytes.max(bytes(&u.path));
        }

        // Up: the committee takes the week's arrivals as one batch.
        let arrived = due_now(&mut committee.inbox, w, finals);
        week.packages_in = arrived.len();
        week.packages_in_bytes = arrived.iter().map(|p| bytes(p)).sum();
        let started = Instant::now();
        let taken = committee.tian.import_packages(&arrived)?;
        week.batch_import_ms = ms(started);
        week.new_operations = taken.packages.iter().filter_map(|p| p.import.as_ref()).map(|i| i.new_operations).sum();
        week.committee_db_bytes = bytes(&committee.path);
        progress(&week);
        weeks.push(week);
    }

    let convergence = converge(&committee, &units, &cases, scanned_letters)?;
    let committee_proposals = committee.tian.list_page(&tian_core::PageQuery { limit: 1, ..Default::default() })?.total;
    Ok(CityRun { plan: plan.clone(), weeks, convergence, committee_proposals })
}

fn assignment(unit: &str, role: UnitRole) -> UnitAssignment {
    UnitAssignment { unit: unit.to_owned(), role, contact: String::new(), phone: String::new() }
}

fn talk(unit: &str, date: NaiveDate) -> Contact {
    Contact {
        id: String::new(),
        date,
        method: ContactMethod::Phone,
        unit: Some(unit.to_owned()),
        people: "提案者".to_owned(),
        content: "电话沟通办理思路，听取提案者意见。".to_owned(),
    }
}

/// A scanned letter: 60–200 KB that do not compress, as a scan's image.
fn write_scan(path: &Path, rng: &mut Rng) -> Result<()> {
    let size = 60_000 + rng.below(140_000);
    let mut data = Vec::with_capacity(size + 16);
    data.extend_from_slice(b"%PDF-1.4\n");
    while data.len() < size {
        data.extend_from_slice(&(rng.below(usize::MAX) as u64).to_le_bytes());
    }
    std::fs::write(path, data).map_err(|source| CoreError::WriteFile { path: path.to_owned(), source })
}

/// Sends `file`: 4 % are lost, 8 % arrive 1–3 weeks late, 4 % arrive twice;
/// in the final rounds every package arrives at once.
fn post(rng: &mut Rng, week: &mut CityWeek, inbox: &mut Vec<(usize, PathBuf)>, w: usize, finals: bool, file: PathBuf) {
    let roll = if finals { 99 } else { rng.below(100) };
    match roll {
        0..4 => week.lost += 1,
        4..12 => {
            week.late += 1;
            inbox.push((w + 1 + rng.below(3), file));
        }
        12..16 => {
            week.twice += 1;
            inbox.push((w, file.clone()));
            inbox.push((w, file));
        }
        _ => inbox.push((w, file)),
    }
}

/// The packages due by week `w` (in the final rounds, every one still on
/// its way), in the order they came, taken out of `inbox`.
fn due_now(inbox: &mut Vec<(usize, PathBuf)>, w: usize, finals: bool) -> Vec<PathBuf> {
    let (now, later): (Vec<_>, Vec<_>) = std::mem::take(inbox).into_iter().partition(|(due, _)| finals || *due <= w);
    *inbox = later;
    now.into_iter().map(|(_, file)| file).collect()
}

/// Each record (entity, id) in a log, with the changes (origin, number) written to it.
type Records = BTreeMap<(String, String), BTreeSet<(String, i64)>>;

/// Compares every unit's copy of each proposal it handles with the
/// committee's, field by field, and looks for the units' records at the committee.
fn converge(committee: &Office, units: &[Office], cases: &[Case], scanned_letters: usize) -> Result<Convergence> {
    let mut c = Convergence { scanned_letters, ..Default::default() };
    // The records agree; the steps offered, the next step read and the
    // 征询意见表 (the committee's paper) are each desk's own.
    let own = |d: tian_core::Dossier| -> serde_json::Value {
        let d = tian_core::Dossier {
            offered: vec![],
            next_needed: String::new(),
            desk: None,
            feedback_form_open: false,
            ..d
        };
        serde_json::to_value(d).unwrap_or_default()
    };
    // 送达: the committee knows when every answer reached it; a unit knows
    // it of its own, by the committee's receipts of its packages, which
    // come back to it alone.
    let as_seen_by = |d: &tian_core::Dossier, unit: &str| {
        let mine: BTreeSet<&str> = d.replies.iter().filter(|r| r.unit == unit).map(|r| r.id.as_str()).collect();
        let arrivals = d.arrivals.iter().filter(|a| mine.contains(a.reply.as_str())).cloned().collect();
        own(tian_core::Dossier { arrivals, ..d.clone() })
    };
    for case in cases {
        let committees = committee.tian.dossier(&case.id)?;
        c.answers += committees.answers().len();
        c.closed += usize::from(committees.handling.stage == Stage::Closed);
        for &i in case.leads.iter().chain(&case.co) {
            c.copies += 1;
            let here = as_seen_by(&committees, &units[i].name);
            let there = units[i].tian.dossier(&case.id).map(own).unwrap_or_default();
            if there != here {
                c.differing_count += 1;
                if c.differing.len() < 20 {
                    let fields: Vec<&str> = match (&here, &there) {
                        (serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
                            a.iter().filter(|(k, v)| b.get(*k) != Some(v)).map(|(k, _)| k.as_str()).collect()
                        }
                        _ => vec!["（单位没有这件提案）"],
                    };
                    c.differing.push(format!("{} 第{}号：{}", units[i].name, case.number, fields.join("、")));
                }
            }
        }
    }
    let records = |path: &Path, origin: Option<&str>| -> Result<Records> {
        let conn = rusqlite::Connection::open(path).map_err(tian_store::StoreError::from)?;
        let mut stmt = conn
            .prepare("SELECT entity, entity_id, origin, origin_seq FROM ops WHERE ?1 IS NULL OR origin = ?1")
            .map_err(tian_store::StoreError::from)?;
        let rows = stmt
            .query_map([origin], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))
            .map_err(tian_store::StoreError::from)?;
        let mut out: BTreeMap<_, BTreeSet<_>> = BTreeMap::new();
        for row in rows {
            let (record, op) = row.map_err(tian_store::StoreError::from)?;
            out.entry(record).or_default().insert(op);
        }
        Ok(out)
    };
    let held = records(&committee.path, None)?;
    for u in units {
        for (record, ops) in records(&u.path, Some(u.tian.origin()))? {
            c.records_written += 1;
            if held.get(&record).is_none_or(|have| !ops.is_subset(have)) {
                c.records_lost += 1;
            }
        }
    }
    c.conflicts = committee.tian.conflicts()?.len();
    Ok(c)
}
