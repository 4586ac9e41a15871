//! 办理文书: the process's own papers beside the 督办报告, built from the
//! same records and written by the same writers: the 催办函 a committee
//! sends a unit that is late or about to be, and the 征询意见表 a proposer
//! fills in about a reply.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tian_domain::{
    dates, Activity, ActivityKind, Consultation, Deadline, DeadlineKind, DeadlineRules, Pertinence, ProposalFilter,
    Satisfaction, Stage, SuggestionState, Urgency,
};
use tian_export::{Block, FormRow, OfficialDocument, Table};
use tian_store::Entity;
use ts_rs::TS;

use crate::proposals::dossier::Dossier;
use crate::{CoreError, Result, Tian};

/// 催办函: to whom, under which 文号, dated when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NoticeRequest {
    /// 承办单位, as it is named in the assignments.
    pub unit: String,
    /// 发文字号 the clerk fills in (政协提案催〔2026〕3号); empty for none.
    #[serde(default)]
    pub number: String,
    /// 成文日期; today when `None`.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<NaiveDate>,
}

/// Whether `unit` was handed `d` (as lead or co-unit).
fn handles(d: &Dossier, unit: &str) -> bool {
    d.assignment.is_some() && d.handling.lead_units.iter().chain(&d.handling.co_units).any(|u| u == unit)
}

impl Tian {
    /// 催办函 to one unit: its proposals that are overdue or due soon, each
    /// with its dates and what is still missing.
    pub fn urge_notice(&self, request: &NoticeRequest) -> Result<OfficialDocument> {
        let unit = request.unit.trim();
        let all = self.dossiers(&ProposalFilter::default())?;
        if !all.iter().any(|d| handles(d, unit)) {
            return Err(CoreError::Invalid(format!("没有交办给“{unit}”的提案，请检查单位名称。")));
        }
        let settings = self.settings()?;
        let due: Vec<Owed> = all.iter().filter_map(|d| owed(d, unit, &settings.deadlines, self.today)).collect();
        if due.is_empty() {
            return Err(CoreError::Invalid(format!("{unit}目前没有逾期或即将到期的答复、会办意见，无需催办。")));
        }
        let session = due
            .iter()
            .all(|o| o.dossier.proposal.session == due[0].dossier.proposal.session)
            .then(|| &due[0].dossier.proposal.session);
        let meeting = session.map_or(String::new(), |s| format!("市政协{s}会议"));
        let mut doc = OfficialDocument::new(
            format!("关于抓紧办理{meeting}重点提案的催办函"),
            settings.issuer.clone(),
            request.date.unwrap_or(self.today),
        );
        doc.number = Some(request.number.trim().to_owned()).filter(|n| !n.is_empty());
        doc.recipient = Some(unit.to_owned());
        // The committee's red 发文机关标志 and its 联系人, as on the report.
        let form = &settings.report_form;
        if !form.mark.trim().is_empty() {
            doc.head = Some(tian_export::DocumentHead { mark: form.mark.trim().to_owned(), signer: String::new() });
        }
        doc.note = form.note();
        let late = |o: &&Owed| o.deadline.urgency == Urgency::Overdue;
        let count =
            |opinion: bool, overdue: bool| due.iter().filter(|o| o.opinion == opinion && late(o) == overdue).count();
        // Each kind of work in its own words: an answer owed to the proposer,
        // a 会办意见 owed to the lead unit.
        let mut owing = Vec::new();
        for (opinion, what) in [(false, "答复"), (true, "会办意见")] {
            let (overdue, soon) = (count(opinion, true), count(opinion, false));
            let state = match (overdue, soon) {
                (0, 0) => continue,
                (0, soon) => format!("即将到达{what}期限{soon}件"),
                (overdue, 0) => format!("已超过{what}期限{overdue}件"),
                (overdue, soon) => format!("已超过{what}期限{overdue}件、即将到期{soon}件"),
            };
            owing.push(state);
        }
        let any_late = due.iter().any(|o| late(&o));
        // Each owes what its part is: a lead unit an answer to the proposer,
        // a co-unit its 会办意见 to the lead unit.
        let asks = match (due.iter().any(|o| !o.opinion), due.iter().any(|o| o.opinion)) {
            (true, false) => "加强与提案者的沟通协商，{}答复提案者，并于收到本函后10个工作日内将答复文件和办理情况报送我委；确有特殊情况不能答复的，请及时说明原因。",
            (false, true) => "{}将会办意见送主办单位，并于收到本函后10个工作日内将会办情况报送我委；确有特殊情况的，请及时说明原因。",
            _ => "{}答复提案者、将会办意见送主办单位，并于收到本函后10个工作日内将办理情况报送我委；确有特殊情况的，请及时说明原因。",
        };
        // Late work cannot be done “on time” any more.
        let asks = asks.replacen("{}", if any_late { "尽快" } else { "按期" }, 1);
        doc.blocks.push(Block::Paragraph(format!(
            "你单位承办的{meeting}重点提案中，截至{}，{}，列表如下。",
            dates::format_cn(self.today),
            owing.join("，"),
        )));
        // 十三届五次第0069号 where the unit owes work of several 届次.
        let naming = crate::Naming::of(due.iter().map(|o| o.dossier));
        let rows = due
            .iter()
            .map(|o| {
                let d = o.dossier;
                // 交办日期 is left to the proposal's own record: on a portrait
                // page the title needs the room, and the notice its one page.
                vec![
                    if naming.sessions() { naming.number(d) } else { d.proposal.number.clone() },
                    d.proposal.title.clone(),
                    o.role.to_owned(),
                    dates::format_cn(o.deadline.due),
                    o.deadline.describe(),
                    o.missing.clone(),
                ]
            })
            .collect();
        doc.blocks.push(Block::Table(Table {
            header: ["编号", "案由", "承办方式", "期限", "现状", "尚缺"].map(String::from).to_vec(),
            widths: vec![1.3, 6.0, 1.3, 2.7, 1.8, 2.2],
            rows,
        }));
        doc.blocks.push(Block::Paragraph(format!("请你单位高度重视，主要负责同志亲自过问，{asks}")));
        doc.blocks.push(Block::Paragraph("特此函告。".into()));
        Ok(doc)
    }

    /// 发出催办函: records the notice `request` as a supervision act in the
    /// 办理过程 of each proposal it urges, once however often the same
    /// notice (unit, 文号, date) is exported. The 督办报告's 主要做法 counts it
    /// with the other acts. Only the committee sends notices.
    pub(crate) fn record_notice(&mut self, request: &NoticeRequest) -> Result<()> {
        // A notice without its 文号 is a draft, not yet sent.
        if self.unit_name()?.is_some() || request.number.trim().is_empty() {
            return Ok(());
        }
        let unit = request.unit.trim();
        let date = request.date.unwrap_or(self.today);
        let rules = self.settings()?.deadlines;
        let number = request.number.trim();
        let summary = format!("向{unit}发出催办函（{number}）");
        // A notice is recorded once however often exported or re-dated: its 文号 names it.
        let sent = |a: &Activity| a.kind == ActivityKind::Notice && a.summary == summary;
        let urged: Vec<Dossier> = self
            .dossiers(&ProposalFilter::default())?
            .into_iter()
            .filter(|d| owed(d, unit, &rules, self.today).is_some())
            .filter(|d| !d.activities.iter().any(sent))
            .collect();
        if urged.is_empty() {
            return Ok(());
        }
        let activity = Activity {
            id: String::new(),
            kind: ActivityKind::Notice,
            date,
            place: String::new(),
            leaders: Vec::new(),
            units: vec![unit.to_owned()],
            summary,
            follow_ups: Vec::new(),
        };
        let actor = self.actor.clone();
        // One write for all its proposals: a notice is recorded whole or not at all.
        self.store.transact(&actor, &format!("发出催办函（{unit}）"), |w| -> Result<()> {
            for d in &urged {
                w.record(Entity::Activity, &crate::handling::steps::new_id(), d.proposal.id().as_str(), &activity)?;
            }
            Ok(())
        })?;
        Ok(())
    }

    /// 征询意见表 on the reply to proposal `number`: what the proposer
    /// fills in and sends back, pre-filled from the records.
    pub fn feedback_form(&self, number: &str, session: Option<&str>) -> Result<OfficialDocument> {
        let d = self.dossier(&self.resolve(number, session)?)?;
        let replies = d.answer_to_judge().map_err(CoreError::Invalid)?;
        let Some(latest) = replies.iter().max_by_key(|r| r.date) else {
            return Err(CoreError::Invalid("本提案尚未答复。".into()));
        };
        let round = latest.round;
        let settings = self.settings()?;
        let mut doc = OfficialDocument::new("政协提案办理情况征询意见表".into(), settings.issuer.clone(), self.today);
        let units: Vec<String> = replies.iter().map(|r| r.unit.clone()).collect();
        let row = |label: &str, value: String, lines: u32| FormRow { label: label.into(), value, lines };
        let mut rows = vec![
            row("提案号", format!("第{}号（{}）", d.proposal.number, d.proposal.session), 1),
            row("案由", d.proposal.title.clone(), 1),
            row("提案者", d.proposal.proposer.clone(), 1),
            row("承办单位", units.join("、"), 1),
            // When and how the answer classed itself, on one line to keep the form to one sheet.
            row(
                "答复日期和类别",
                format!(
                    "{}{}，{}",
                    dates::format_cn(latest.date),
                    if round > 1 { format!("（第{round}轮）") } else { String::new() },
                    replies
                        .iter()
                        .filter_map(|r| r.class)
                        .map(|c| format!("{}类", c.letter()))
                        .collect::<Vec<_>>()
                        .join("、")
                ),
                1,
            ),
        ];
        let boxes = |labels: &[&str]| labels.iter().map(|l| format!("□ {l}")).collect::<Vec<_>>().join("　　");
        let verdicts: Vec<&str> = Satisfaction::ALL.iter().map(|s| s.label()).collect();
        rows.push(row("沟通方式", boxes(&Consultation::ALL.map(Consultation::label)), 1));
        rows.push(row("办理态度", boxes(&verdicts), 1));
        rows.push(row("答复针对性", boxes(&Pertinence::ALL.map(Pertinence::label)), 1));
        // The suggestions by their numbers, as the reply numbers them: a line the proposer fills in.
        let n = d.proposal.suggestions.len();
        if n > 0 {
            let blanks: Vec<String> = [SuggestionState::Done, SuggestionState::InProgress, SuggestionState::NotDone]
                .map(|s| format!("{}第＿＿＿条", s.label()))
                .into();
            rows.push(row("建议落实", format!("共{n}条：{}", blanks.join("，")), 1));
        }
        rows.push(row("办理结果", boxes(&verdicts), 1));
        rows.push(row("具体意见和建议（选择不满意的请写明理由）", String::new(), 3));
        rows.push(row("提案者签名", "　　　　　　　　　　　　年　　月　　日".into(), 1));
        doc.blocks.push(Block::Form(rows));
        doc.blocks.push(Block::Paragraph(format!("请于收到答复后一个月内填写并寄回{}。", settings.issuer)));
        Ok(doc)
    }
}

impl Tian {
    /// 提案办理情况表: one proposal on paper, its record and its 办理过程,
    /// without the window's controls: what 打印 on a proposal prints.
    pub fn proposal_sheet(&self, number: &str, session: Option<&str>) -> Result<OfficialDocument> {
        let id = self.resolve(number, session)?;
        let d = self.dossier(&id)?;
        let p = &d.proposal;
        let settings = self.settings()?;
        let mut doc = OfficialDocument::new(format!("第{}号提案办理情况表", p.number), settings.issuer, self.today);
        let row = |label: &str, value: String| FormRow { label: label.into(), value, lines: 1 };
        let units = |role: tian_domain::UnitRole| {
            d.assignment.as_ref().map(|a| a.units_in(role).join("、")).unwrap_or_default()
        };
        let mut rows = vec![
            row("提案号", format!("第{}号（{}）", p.number, p.session)),
            row("案由", p.title.clone()),
            row("提案者", p.proposer.clone()),
            row("类别", p.category.clone().unwrap_or_else(|| "未分类".into())),
            row("办理阶段", p.stage.label().into()),
            row("主办单位", units(tian_domain::UnitRole::Lead)),
            row("会办单位", units(tian_domain::UnitRole::Co)),
            row("交办日期", d.assignment.as_ref().map(|a| dates::format_cn(a.date)).unwrap_or_default()),
            row("答复期限", d.deadline.as_ref().map(|x| dates::format_cn(x.due)).unwrap_or_else(|| "—".into())),
            row("答复类别", d.answer_class().map(|c| format!("{}类", c.letter())).unwrap_or_else(|| "—".into())),
            row("办理评价", d.satisfaction().map(|s| s.label().to_owned()).unwrap_or_else(|| "—".into())),
        ];
        if let Some(closure) = &d.closure {
            rows.push(row(
                "办结",
                format!("{}，{}：{}", dates::format_cn(closure.date), closure.kind.label(), closure.summary),
            ));
        }
        doc.blocks.push(Block::Form(rows));
        doc.blocks.push(Block::Heading1("一、内容摘要".into()));
        doc.blocks.push(Block::Paragraph(p.summary.clone()));
        if !p.suggestions.is_empty() {
            doc.blocks.push(Block::Heading1("二、建议".into()));
            for (i, s) in p.suggestions.iter().enumerate() {
                doc.blocks.push(Block::Paragraph(format!("{}. {s}", i + 1)));
            }
        }
        doc.blocks.push(Block::Heading1(format!("{}、办理过程", if p.suggestions.is_empty() { "二" } else { "三" })));
        let steps: Vec<Vec<String>> = self
            .timeline(&id)?
            .into_iter()
            .map(|e| {
                // The proposal as imported stands above; its fields need not again.
                let what = if e.action == "导入提案" {
                    "自提案公告导入".to_owned()
                } else {
                    e.changes.iter().map(|c| format!("{}：{}", c.field, c.after)).collect::<Vec<_>>().join("；")
                };
                // A cell of the table, not the record: the whole stands above and in the window.
                let what = match what.chars().count() {
                    n if n > 120 => what.chars().take(118).chain("……".chars()).collect(),
                    _ => what,
                };
                vec![e.at, e.action, what, e.actor]
            })
            .collect();
        doc.blocks.push(Block::Table(Table {
            header: vec!["时间".into(), "办理事项".into(), "内容".into(), "经办人".into()],
            widths: vec![2.2, 2.0, 5.0, 1.4],
            rows: steps,
        }));
        Ok(doc)
    }
}

/// Work a unit owes on one proposal: a lead unit its answer, a co-unit its
/// 会办意见 to the lead unit, each against its deadline.
pub(crate) struct Owed<'a> {
    dossier: &'a Dossier,
    /// 主办 or 会办.
    role: &'static str,
    /// 会办意见 to the lead unit, rather than an answer to the proposer.
    opinion: bool,
    pub(crate) deadline: Deadline,
    /// 尚缺: what is still to come from the unit.
    pub(crate) missing: String,
}

/// What `unit` owes on `d`, if it is late or due soon (what a 催办函 names).
pub(crate) fn owed<'a>(d: &'a Dossier, unit: &str, rules: &DeadlineRules, today: NaiveDate) -> Option<Owed<'a>> {
    owing(d, unit, rules, today).filter(|o| o.deadline.urgency != Urgency::OnTrack)
}

/// What `unit` owes on `d` now, however far off its date: a lead unit its
/// answer (under 分办 by its own round's date), a co-unit its 会办意见.
pub(crate) fn owing<'a>(d: &'a Dossier, unit: &str, rules: &DeadlineRules, today: NaiveDate) -> Option<Owed<'a>> {
    if !handles(d, unit) || d.proposal.stage == Stage::Closed {
        return None;
    }
    if d.handling.lead_units.iter().any(|u| u == unit) {
        let deadline = if d.handling.split {
            d.unit_deadlines.iter().find(|u| u.unit == unit).map(|u| u.deadline)
        } else {
            d.deadline.filter(|_| d.handling.awaited_leads().contains(&unit))
        };
        return deadline.map(|deadline| Owed {
            dossier: d,
            role: "主办",
            opinion: false,
            deadline,
            missing: missing(d, unit),
        });
    }
    let opinion = d.co_opinions.iter().find(|o| o.unit == unit && o.replied.is_none())?;
    Some(Owed {
        dossier: d,
        role: "会办",
        opinion: true,
        deadline: Deadline::due_on(DeadlineKind::Reply, opinion.due, false, rules, today),
        missing: format!("会办意见（送{}）", d.handling.lead_units.join("、")),
    })
}

fn missing(d: &Dossier, unit: &str) -> String {
    let lead = d.handling.lead_units.iter().any(|u| u == unit);
    let replied = d.replies.iter().any(|r| r.unit == unit && r.round == d.handling.round);
    match (lead, replied) {
        (true, false) if d.handling.round > 1 => "再办理答复".into(),
        (true, false) => "答复函".into(),
        (false, false) => "会办意见".into(),
        (_, true) => "等待其他单位答复".into(),
    }
}
