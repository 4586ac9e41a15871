//! 测试数据: realistic proposals in any number, with their handling, made
//! from the vocabulary of the published documents, for measuring Tian at the
//! size of a term.
//!
//! Sentences of the default announcement are the pool for proposals: a
//! generated proposal takes its title, summary sentences and suggestions from
//! different real proposals, and its units and leaders from the real ones.
//! Replies, contact notes and activity notes are written from the city's
//! plan documents, the commitments a department's answer leans on. Every
//! step goes through the same handling rules and audit trail as the clerk's,
//! so the data is what years of real use would leave. The same seed always
//! makes the same data.

use chrono::{Days, NaiveDate};
use tian_domain::{
    Activity, ActivityKind, AnswerClass, Assignment, CloseKind, Closure, Contact, ContactMethod, FollowUp, LeadMode,
    Proposal, ProposalId, Review, ReviewOutcome, Satisfaction, Stage, SuggestionProgress, SuggestionState,
    UnitAssignment, UnitRole,
};

use tian_core::{FeedbackDecision, FeedbackInput, ReplyInput, Result, Tian};

/// Sessions generated proposals are spread over, as a term of five years;
/// the last is the one in hand.
const SESSIONS: [&str; 5] = ["十三届一次", "十三届二次", "十三届三次", "十三届四次", "十三届五次"];
/// The year each session met.
const FIRST_YEAR: i32 = 2022;
const ACTOR: &str = "数据生成器";
const SIGNERS: [&str; 6] = ["王建国", "李卫东", "张晓红", "刘志强", "陈静", "杨光明"];
const PLACES: [&str; 5] = ["市政协机关", "市政务服务中心", "高新区", "经开区管委会", "市民中心"];

/// A small deterministic generator, so the same seed makes the same data.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True `percent` times in a hundred.
    pub(crate) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn days_after(&mut self, date: NaiveDate, from: usize, to: usize) -> NaiveDate {
        date + Days::new((from + self.below(to - from + 1)) as u64)
    }

    fn sentences(&mut self, pool: &[String], from: usize, to: usize) -> String {
        (0..from + self.below(to - from + 1)).map(|_| self.pick(pool).as_str()).collect()
    }
}

/// Splits text into sentences ending in 。；！？.
fn sentences(text: &str) -> Vec<String> {
    text.split_inclusive(['。', '；', '！', '？'])
        .map(str::trim)
        .filter(|s| s.chars().count() > 6)
        .map(str::to_owned)
        .collect()
}

/// The words generated records are made of.
struct Vocabulary {
    real: Vec<Proposal>,
    summaries: Vec<String>,
    suggestions: Vec<String>,
    topics: Vec<String>,
    /// Sentences of the plan documents: what replies and notes say.
    commitments: Vec<String>,
    units: Vec<String>,
}

impl Vocabulary {
    fn of_default_data() -> Result<Vocabulary> {
        let real = tian_import::parse_announcement(tian_core::KEY_PROPOSALS)?.proposals;
        let mut commitments = Vec::new();
        for plan in tian_core::PLANS {
            for item in tian_import::parse_plan(plan)?.items {
                commitments.extend(sentences(&item.text).into_iter().filter(|s| s.chars().count() < 90));
            }
        }
        let mut units: Vec<String> = real.iter().flat_map(|p| p.lead_units.clone()).collect();
        units.sort();
        units.dedup();
        Ok(Vocabulary {
            summaries: real.iter().flat_map(|p| sentences(&p.summary)).collect(),
            suggestions: real.iter().flat_map(|p| p.suggestions.iter().flat_map(|s| sentences(s))).collect(),
            topics: real
                .iter()
                .map(|p| p.title.trim_start_matches("关于").trim_end_matches("的建议").to_owned())
                .collect(),
            commitments,
            units,
            real,
        })
    }

    fn proposal(&self, rng: &mut Rng, i: usize) -> Proposal {
        let base = rng.pick(&self.real);
        Proposal {
            number: format!("{:04}", 1000 + i / SESSIONS.len()),
            session: SESSIONS[i % SESSIONS.len()].to_owned(),
            title: format!("关于{}与{}的建议", rng.pick(&self.topics), rng.pick(&self.topics)),
            proposer: base.proposer.clone(),
            co_signers: None,
            proposer_kind: base.proposer_kind,
            summary: rng.sentences(&self.summaries, 2, 4),
            suggestions: (0..3 + rng.below(6)).map(|_| rng.pick(&self.suggestions).clone()).collect(),
            category: None,
            gov_leaders: rng.pick(&self.real).gov_leaders.clone(),
            cppcc_leaders: rng.pick(&self.real).cppcc_leaders.clone(),
            lead_units: rng.pick(&self.real).lead_units.clone(),
            co_committees: rng.pick(&self.real).co_committees.clone(),
            stage: Stage::Registered,
        }
    }
}

/// `count` proposals just 立案 in `session`, numbered from `first`, as
/// the city simulation's committee receives them: words of the default
/// announcement, units and leaders of the real ones (the simulation
/// assigns its own units).
pub(crate) fn fresh_proposals(count: usize, seed: u64, first: usize, session: &str) -> Result<Vec<Proposal>> {
    let words = Vocabulary::of_default_data()?;
    let mut rng = Rng(seed | 1);
    Ok((0..count)
        .map(|i| Proposal {
            number: format!("{:04}", first + i),
            session: session.to_owned(),
            ..words.proposal(&mut rng, i)
        })
        .collect())
}

/// How far a generated proposal has come.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fate {
    Registered,
    Reviewed,
    Assigned,
    Handling,
    Replied,
    FeedbackReceived,
    Closed,
}

impl Fate {
    /// Most of a past session's proposals are closed; the one in hand is spread over the stages.
    fn of(rng: &mut Rng, current: bool) -> Fate {
        let roll = rng.below(100);
        let table: &[(usize, Fate)] = if current {
            &[
                (4, Fate::Registered),
                (6, Fate::Reviewed),
                (16, Fate::Assigned),
                (36, Fate::Handling),
                (56, Fate::Replied),
                (66, Fate::FeedbackReceived),
                (100, Fate::Closed),
            ]
        } else {
            &[(2, Fate::Reviewed), (3, Fate::Handling), (100, Fate::Closed)]
        };
        table.iter().find(|(upto, _)| roll < *upto).map_or(Fate::Closed, |(_, fate)| *fate)
    }
}

/// Proposals generated in one transaction. Each transaction ends with one
/// segment of each search index written, and FTS5 merges segments as they
/// pile up, and the file is checkpointed after each commit: at 1,000 a
/// transaction those took a sixth of generating 100,000 proposals, and
/// 5,000 a transaction made the whole 6 % faster (127 s, 120 s).
const PER_TRANSACTION: usize = 5000;

/// 生成测试数据: a term's worth of proposals with their handling, added to a workspace.
pub trait TestData {
    /// Adds `count` generated proposals (numbers from 1000 up, so they never
    /// collide with real ones) with their handling, [`PER_TRANSACTION`] to a
    /// transaction; `progress` hears how many are done.
    fn generate(&mut self, count: usize, seed: u64, progress: impl FnMut(usize)) -> Result<()>;
}

impl TestData for Tian {
    fn generate(&mut self, count: usize, seed: u64, mut progress: impl FnMut(usize)) -> Result<()> {
        let words = Vocabulary::of_default_data()?;
        let mut rng = Rng(seed | 1);
        let actor = self.actor().to_owned();
        self.set_actor(ACTOR);
        // The generated clerk works as of the end of the year after the last
        // session, so that no step it takes is dated after its today (which
        // the rules refuse) whatever day the generator runs on.
        let last_year = FIRST_YEAR + SESSIONS.len() as i32;
        let today = self.today();
        self.set_today(NaiveDate::from_ymd_opt(last_year, 12, 31).expect("a real day").max(today));
        let mut done = 0;
        let out = loop {
            if done >= count {
                break Ok(());
            }
            let batch: Vec<Proposal> =
                (done..(done + PER_TRANSACTION).min(count)).map(|i| words.proposal(&mut rng, i)).collect();
            let written = self.bulk(|tian| {
                tian.save_proposals(&batch)?;
                batch.iter().try_for_each(|p| tian.handle(&words, &mut rng, p))
            });
            if let Err(e) = written {
                break Err(e);
            }
            done += batch.len();
            progress(done);
        };
        self.set_actor(&actor);
        self.set_today(today);
        // A committee's index after the merges its own steps would have made.
        out.and_then(|()| self.tidy_search())
    }
}

/// The steps a generated proposal goes through, each the clerk's own.
trait Fates {
    fn handle(&mut self, words: &Vocabulary, rng: &mut Rng, p: &Proposal) -> Result<()>;
    fn contacts_and_activities(
        &mut self,
        words: &Vocabulary,
        rng: &mut Rng,
        p: &Proposal,
        id: &ProposalId,
        day: &mut NaiveDate,
    ) -> Result<()>;
    fn replies(
        &mut self,
        words: &Vocabulary,
        rng: &mut Rng,
        p: &Proposal,
        id: &ProposalId,
        units: &[UnitAssignment],
        day: &mut NaiveDate,
    ) -> Result<()>;
}

impl Fates for Tian {
    /// Takes proposal `p` through the steps of its fate, with dates in its session's year.
    fn handle(&mut self, words: &Vocabulary, rng: &mut Rng, p: &Proposal) -> Result<()> {
        let session = SESSIONS.iter().position(|s| *s == p.session).unwrap_or_default();
        let current = session + 1 == SESSIONS.len();
        let fate = Fate::of(rng, current);
        let id: ProposalId = p.id();
        if fate == Fate::Registered {
            return Ok(());
        }
        if fate == Fate::Reviewed {
            let reason = format!("所提问题已在{}中作出安排。", rng.pick(&words.topics));
            self.review(&id, Review { outcome: ReviewOutcome::ToOpinion, reason, merged_into: None })?;
            return Ok(());
        }
        let year = FIRST_YEAR + session as i32;
        // The session in hand assigns through the year, so some answers are still due and some are late.
        let month = if current { 3 + rng.below(8) as u32 } else { 3 };
        let assigned = NaiveDate::from_ymd_opt(year, month, 1 + rng.below(28) as u32).expect("a real day");
        let mut units: Vec<UnitAssignment> = p.lead_units.iter().map(|u| unit(u, UnitRole::Lead)).collect();
        let co = rng.pick(&words.units);
        if rng.chance(30) && !p.lead_units.contains(co) {
            units.push(unit(co, UnitRole::Co));
        }
        self.assign(&id, Assignment { date: assigned, units: units.clone(), mode: LeadMode::Joint })?;
        if fate == Fate::Assigned {
            return Ok(());
        }
        let mut day = assigned;
        self.contacts_and_activities(words, rng, p, &id, &mut day)?;
        if fate == Fate::Handling {
            return Ok(());
        }
        self.replies(words, rng, p, &id, &units, &mut day)?;
        if fate == Fate::Replied {
            return Ok(());
        }
        if rng.chance(5) {
            day = rng.days_after(day, 10, 30);
            let comment = "建议措施尚未落实到位，希望进一步研究。".to_owned();
            self.give_feedback(
                &id,
                FeedbackInput {
                    date: day,
                    result: Satisfaction::Unsatisfied,
                    comment,
                    unit: None,
                    form: Default::default(),
                },
            )?;
            day = rng.days_after(day, 1, 7);
            let reason = "请针对提案者意见进一步研究办理。".to_owned();
            self.decide_after_unsatisfied(
                &id,
                FeedbackDecision::Rehandle { date: day, due: None, reason, unit: None },
            )?;
            self.contacts_and_activities(words, rng, p, &id, &mut day)?;
            let leads: Vec<UnitAssignment> = units.iter().filter(|u| u.role == UnitRole::Lead).cloned().collect();
            self.replies(words, rng, p, &id, &leads, &mut day)?;
        }
        day = rng.days_after(day, 10, 30);
        let result = if rng.chance(75) { Satisfaction::Satisfied } else { Satisfaction::BasicallySatisfied };
        self.give_feedback(
            &id,
            FeedbackInput { date: day, result, comment: String::new(), unit: None, form: Default::default() },
        )?;
        if fate == Fate::FeedbackReceived {
            return Ok(());
        }
        for index in 1..=p.suggestions.len().min(2) as u32 {
            let status = if rng.chance(70) { SuggestionState::Done } else { SuggestionState::Partly };
            let evidence = rng.sentences(&words.commitments, 1, 1);
            self.set_suggestion(&id, SuggestionProgress { index, status, evidence, date: Some(day) })?;
        }
        day = rng.days_after(day, 5, 20);
        let summary = rng.sentences(&words.commitments, 1, 2);
        self.close(&id, Closure { date: day, summary, kind: CloseKind::Satisfied })?;
        Ok(())
    }

    /// One to three contacts with the proposer, and now and then a supervision activity.
    fn contacts_and_activities(
        &mut self,
        words: &Vocabulary,
        rng: &mut Rng,
        p: &Proposal,
        id: &ProposalId,
        day: &mut NaiveDate,
    ) -> Result<()> {
        for _ in 0..1 + rng.below(3) {
            *day = rng.days_after(*day, 5, 20);
            let method = *rng.pick(&[ContactMethod::Meeting, ContactMethod::Phone, ContactMethod::Forum]);
            let content = format!(
                "与{}{}沟通办理思路，介绍有关安排：{}",
                p.proposer,
                method.label(),
                rng.sentences(&words.commitments, 1, 2)
            );
            let people = format!("{}、{}", rng.pick(&SIGNERS), rng.pick(&SIGNERS));
            let unit = p.lead_units.first().cloned();
            self.add_contact(id, Contact { id: String::new(), date: *day, method, unit, people, content })?;
        }
        if rng.chance(25) {
            *day = rng.days_after(*day, 3, 15);
            let kind = *rng.pick(&[
                ActivityKind::Inspection,
                ActivityKind::Survey,
                ActivityKind::Forum,
                ActivityKind::Consultation,
            ]);
            let summary = format!("{}{}", kind.label(), rng.sentences(&words.commitments, 2, 3));
            let follow_up =
                FollowUp { item: rng.sentences(&words.suggestions, 1, 1), owner: p.lead_units.join("、"), due: None };
            self.add_activity(
                id,
                Activity {
                    id: String::new(),
                    kind,
                    date: *day,
                    place: rng.pick(&PLACES).to_string(),
                    leaders: p.gov_leaders.iter().chain(&p.cppcc_leaders).cloned().collect(),
                    units: p.lead_units.clone(),
                    summary,
                    follow_ups: vec![follow_up],
                },
            )?;
        }
        Ok(())
    }

    /// The co-units' opinions first, then each lead unit's reply.
    fn replies(
        &mut self,
        words: &Vocabulary,
        rng: &mut Rng,
        p: &Proposal,
        id: &ProposalId,
        units: &[UnitAssignment],
        day: &mut NaiveDate,
    ) -> Result<()> {
        let mut ordered: Vec<&UnitAssignment> = units.iter().filter(|u| u.role == UnitRole::Co).collect();
        // 联合主办: the first lead unit's answer is the joint one.
        ordered.extend(units.iter().find(|u| u.role == UnitRole::Lead));
        for u in ordered {
            *day = rng.days_after(*day, 5, 25);
            let class = match rng.below(100) {
                0..55 => AnswerClass::A,
                55..95 => AnswerClass::B,
                _ => AnswerClass::C,
            };
            let text = format!(
                "{}：\n您提出的《{}》收悉，现答复如下。{}下一步，我们将{}",
                p.proposer,
                p.title,
                rng.sentences(&words.commitments, 2, 4),
                rng.sentences(&words.commitments, 1, 2)
            );
            let reply = ReplyInput {
                unit: u.unit.clone(),
                date: *day,
                class: Some(class),
                number: String::new(),
                signer: rng.pick(&SIGNERS).to_string(),
                signer_post: String::new(),
                contact: String::new(),
                text,
                text_file: None,
                attachments: Vec::new(),
                public: true,
                private_reason: String::new(),
            };
            self.add_reply(id, reply)?;
        }
        Ok(())
    }
}

fn unit(name: &str, role: UnitRole) -> UnitAssignment {
    UnitAssignment { unit: name.to_owned(), role, contact: String::new(), phone: String::new() }
}
