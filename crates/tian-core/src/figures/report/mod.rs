//! 督办报告: the supervision report on one key proposal or on all of a
//! session's, built once as an official document and written as .docx or .pdf.

use std::path::Path;

mod edits;
mod substance;

pub use edits::ReportParagraph;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tian_domain::{
    dates, ActivityKind, AnswerClass, ContactMethod, DeadlineKind, HistoryEntry, ProposalFilter, Reply, Satisfaction,
    Stage, Urgency,
};
use tian_export::{bar_chart, chinese_date, Annex, Bar, Block, DocumentHead, DocumentRecord, OfficialDocument, Table};
use ts_rs::TS;

use crate::figures::statistics::Statistics;
use crate::figures::EvaluationRequest;
use crate::figures::{Count, Figures};
use crate::handling::forms::NoticeRequest;
use crate::intake::history::related_history;
use crate::proposals::dossier::{Dossier, Naming};
use crate::{CoreError, Result, Tian};

/// Which proposals a report covers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReportScope {
    /// 提案号; empty for every proposal of the session.
    pub numbers: Vec<String>,
    /// 届次; `None` for the session of the proposals chosen (or all).
    pub session: Option<String>,
    /// 成文日期 the clerk picks; today when `None`.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<NaiveDate>,
    /// 发文字号 (政协提案〔2026〕5号); empty for none.
    #[serde(default)]
    pub number: String,
    /// 签发人, beside the 发文字号 in the 版头; empty for none.
    #[serde(default)]
    pub signer: String,
}

/// The file format of an exported report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ReportFormat {
    Docx,
    Pdf,
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Docx => "docx",
            ReportFormat::Pdf => "pdf",
        }
    }

    /// `doc` as the bytes of a file of this format.
    pub(crate) fn render(self, doc: &tian_export::OfficialDocument) -> Result<Vec<u8>> {
        Ok(match self {
            ReportFormat::Docx => tian_export::write_docx(doc)?,
            ReportFormat::Pdf => tian_export::write_pdf(doc)?,
        })
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReportFile {
    pub path: String,
    pub proposals: u32,
    #[ts(type = "number")]
    pub bytes: u64,
}

impl Tian {
    /// The dossiers a report on `scope` covers, in number order.
    fn report_dossiers(&self, scope: &ReportScope) -> Result<Vec<Dossier>> {
        if let Some(session) = &scope.session {
            self.known_session(session)?;
        }
        if scope.numbers.is_empty() {
            let all = self.dossiers(&ProposalFilter::default())?;
            return Ok(all
                .into_iter()
                .filter(|d| scope.session.as_ref().is_none_or(|s| &d.proposal.session == s))
                .collect());
        }
        scope.numbers.iter().map(|n| self.dossier(&self.resolve(n, scope.session.as_deref())?)).collect()
    }

    /// 督办报告 on `scope`: 总体情况, 主要做法, 办理成效, 存在问题 and
    /// 下一步工作 in the body, the 一览表 and the proposal-by-proposal
    /// account as 附件, dated as the clerk chose (today by default), with
    /// the paragraphs the clerk rewrote for this report in the clerk's words.
    pub fn supervision_report(&self, scope: &ReportScope) -> Result<OfficialDocument> {
        let mut doc = self.drafted_report(scope)?;
        self.with_edits(&mut doc, scope)?;
        Ok(doc)
    }

    /// The 督办报告 as Tian drafts it from the data, before the clerk's edits.
    fn drafted_report(&self, scope: &ReportScope) -> Result<OfficialDocument> {
        let dossiers = self.report_dossiers(scope)?;
        if dossiers.is_empty() {
            return Err(CoreError::EmptyReport);
        }
        let settings = self.settings()?;
        let session = scope.session.clone().or_else(|| {
            let first = &dossiers[0].proposal.session;
            dossiers.iter().all(|d| &d.proposal.session == first).then(|| first.clone())
        });
        // Counted over the proposals reported on, as every page counts them.
        let ids = dossiers.iter().map(|d| d.proposal.id().as_str().to_owned()).collect();
        let counts = self.counts(&tian_store::FactScope { session: None, ids: Some(ids) })?;
        let stats = Statistics::from_counts(session.clone(), &counts, &settings);
        let meeting = session.as_ref().map_or(String::new(), |s| format!("市政协{s}会议"));
        let title = match dossiers.as_slice() {
            [one] => format!("{meeting}第{}号重点提案办理情况的督办报告", one.proposal.number),
            _ => format!("{meeting}重点提案办理情况的督办报告"),
        };
        // The title names the body that reports (市政协提案委员会关于……的督办报告).
        let issuer = settings.issuer.trim();
        let title = if issuer.is_empty() { title } else { format!("{issuer}关于{title}") };
        let mut doc = OfficialDocument::new(title, settings.issuer.clone(), scope.date.unwrap_or(self.today));
        doc.recipient = Some(settings.report_recipient.trim().to_owned()).filter(|r| !r.is_empty());
        dress(&mut doc, &settings.report_form, &scope.number, &scope.signer);

        let b = &mut doc.blocks;
        b.push(Block::Paragraph(format!(
            "按照重点提案督办工作安排，现将{meeting}重点提案{}件的办理和督办情况报告如下（统计截至{}）。",
            dossiers.len(),
            chinese_date(self.today)
        )));
        b.push(Block::Heading1("一、总体情况".into()));
        b.extend(stats.figures.sentences().into_iter().map(Block::Paragraph));
        b.extend(substance::judgement(&stats.figures).map(Block::Paragraph));
        b.extend(substance::units_on_time_and_late(&dossiers, &settings.deadlines).map(Block::Paragraph));
        b.extend(charts(&stats)?);
        b.push(Block::Heading1("二、主要做法".into()));
        b.extend(practice(&dossiers));
        b.push(Block::Heading1("三、办理成效".into()));
        b.extend(results(&dossiers));
        b.extend(substance::typical_cases(&dossiers).map(Block::Paragraph));
        b.push(Block::Heading1("四、存在问题".into()));
        let (problems, found) = problems(&dossiers, &stats.figures);
        b.extend(problems);
        // Causes only of problems found.
        if found {
            b.extend(substance::causes(&dossiers, &stats.figures).map(Block::Paragraph));
        }
        b.push(Block::Heading1("五、下一步工作".into()));
        b.extend(next_steps(&dossiers));
        b.push(Block::Paragraph(substance::recommendations(&dossiers, &stats.figures, &settings.deadlines)));
        for problem in &stats.inconsistencies {
            b.push(Block::Paragraph(format!("数据核对：{problem}")));
        }
        b.push(Block::Paragraph("特此报告。".into()));

        doc.annexes.push(Annex {
            name: format!("{meeting}重点提案办理情况一览表"),
            blocks: vec![Block::Table(summary_table(&dossiers))],
            landscape: true,
        });
        let mut detail = Vec::new();
        let history = self.history()?;
        let naming = Naming::of(&dossiers);
        for (i, d) in dossiers.iter().enumerate() {
            detail.push(Block::Heading2(format!(
                "（{}）{}《{}》",
                chinese_ordinal(i + 1),
                naming.number(d),
                d.proposal.title
            )));
            let id = d.proposal.id();
            detail.extend(proposal_section(
                d,
                naming,
                &self.confirmed_plan_items(&id)?,
                &related_history(&history, &d.proposal),
            ));
        }
        doc.annexes.push(Annex { name: "重点提案逐件办理情况".into(), blocks: detail, landscape: false });
        Ok(doc)
    }

    /// 报告用字: the face each style of a report is set in on this PC, and
    /// which are stand-ins for the faces GB/T 9704 names.
    pub fn report_faces(&self) -> Result<Vec<tian_export::FaceUse>> {
        Ok(tian_export::fonts::Faces::get()?.uses())
    }

    /// The document `request` asks for, laid out in no format yet: what the window previews.
    pub fn document(&self, request: &DocumentRequest) -> Result<OfficialDocument> {
        if !matches!(request, DocumentRequest::ProposalSheet { .. }) {
            self.committee_only("出具督办报告、催办函、征询意见表或考评通报")?;
        }
        request.check()?;
        match request {
            DocumentRequest::Report(scope) => self.supervision_report(scope),
            DocumentRequest::Notice(notice) => self.urge_notice(notice),
            DocumentRequest::FeedbackForm { number, session } => self.feedback_form(number, session.as_deref()),
            DocumentRequest::ProposalSheet { number, session } => self.proposal_sheet(number, session.as_deref()),
            DocumentRequest::Evaluation(request) => self.evaluation_bulletin(request),
        }
    }

    /// 打印预览: the document `request` asks for, page by page as its PDF
    /// lays it out, for the window to show before it prints.
    pub fn print_preview(&self, request: &DocumentRequest) -> Result<Vec<tian_export::PageImage>> {
        let doc = self.document(request)?;
        Ok(tian_export::page_images(&doc)?)
    }

    /// The document `request` asks for as the bytes of a `format` file.
    pub fn render_document(&self, request: &DocumentRequest, format: ReportFormat) -> Result<Vec<u8>> {
        self.progress.step("汇总办理情况");
        let doc = self.document(request)?;
        self.progress.step("排版");
        format.render(&doc)
    }

    /// Writes the document to `path`; a half-written file never carries that name.
    /// A 催办函 sent out is a supervision act: it is recorded in the 办理过程
    /// of each proposal it urges once its file is written. It may not be
    /// dated after today, since the record would then stand in the future.
    pub fn export_document(
        &mut self,
        request: &DocumentRequest,
        format: ReportFormat,
        path: &Path,
    ) -> Result<ReportFile> {
        if let DocumentRequest::Notice(NoticeRequest { date: Some(date), .. }) = request {
            if *date > self.today {
                return Err(CoreError::Invalid(format!(
                    "催办函的成文日期{}晚于今天（{}）：发出的催办函记入办理过程，请用今天或之前的日期。",
                    dates::format_cn(*date),
                    dates::format_cn(self.today)
                )));
            }
        }
        let bytes = self.render_document(request, format)?;
        self.progress.step("写出文件");
        crate::write_file(path, &bytes)?;
        if let DocumentRequest::Notice(notice) = request {
            self.record_notice(notice)?;
        }
        // Counted, not read again: a whole term's dossiers took a tenth of its report.
        let proposals = match request {
            DocumentRequest::Report(scope) if scope.numbers.is_empty() => {
                self.counts(&tian_store::FactScope { session: scope.session.clone(), ids: None })?.collected
            }
            DocumentRequest::Report(scope) => scope.numbers.len() as u32,
            _ => 1,
        };
        Ok(ReportFile { path: path.display().to_string(), proposals, bytes: bytes.len() as u64 })
    }
}

/// 文书: which of the committee's documents to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind")]
#[ts(export)]
pub enum DocumentRequest {
    /// 督办报告
    Report(ReportScope),
    /// 催办函 to one unit
    Notice(NoticeRequest),
    /// 征询意见表 on the reply to one proposal
    FeedbackForm { number: String, session: Option<String> },
    /// 提案办理情况表: one proposal's record and 办理过程, as 打印 prints it
    ProposalSheet { number: String, session: Option<String> },
    /// 办理工作考评通报 of one year
    Evaluation(EvaluationRequest),
}

impl DocumentRequest {
    /// What the clerk typed for the document's head, checked before anything
    /// is laid out or written: one line, no invisible or control
    /// characters, and short enough for the line it stands on.
    fn check(&self) -> Result<()> {
        let field = |text: &str, what: &str, longest: usize| match tian_domain::text::not_one_line(text, what, longest)
        {
            Some(why) => Err(CoreError::Invalid(why)),
            // A tab or an invisible mark would print as nothing, or move the line.
            None if text.chars().any(|c| c == '\t' || tian_domain::text::invisible(c)) => {
                Err(CoreError::Invalid(format!("{what}含有制表符或看不见的字符，请删去后再填。")))
            }
            None => Ok(()),
        };
        match self {
            // A 文号 and a name fit the 版头's line (政协提案〔2026〕5号 is 11).
            DocumentRequest::Report(scope) => {
                field(&scope.number, "发文字号", 24)?;
                field(&scope.signer, "签发人", 8)
            }
            DocumentRequest::Notice(notice) => {
                field(&notice.number, "发文字号", 24)?;
                field(&notice.unit, "承办单位", 60)
            }
            DocumentRequest::Evaluation(request) => field(&request.number, "发文字号", 24),
            _ => Ok(()),
        }
    }

    /// The name a save dialog offers: 第0069号重点提案督办报告.pdf, 市教育局催办函.docx.
    pub fn file_name(&self, format: ReportFormat) -> String {
        let stem = match self {
            DocumentRequest::Report(scope) => match scope.numbers.as_slice() {
                [one] => format!("第{one}号重点提案督办报告"),
                _ => "重点提案督办报告".to_owned(),
            },
            DocumentRequest::Notice(notice) => format!("{}催办函", notice.unit.trim()),
            DocumentRequest::FeedbackForm { number, .. } => format!("第{number}号提案征询意见表"),
            DocumentRequest::ProposalSheet { number, .. } => format!("第{number}号提案办理情况表"),
            DocumentRequest::Evaluation(request) => match request.year {
                Some(year) => format!("{year}年度提案办理工作考评通报"),
                None => "提案办理工作考评通报".to_owned(),
            },
        };
        format!("{stem}.{}", format.extension())
    }

    /// What the window's progress says while it is made.
    pub fn task(&self) -> &'static str {
        match self {
            DocumentRequest::Report(_) => "导出督办报告",
            DocumentRequest::Notice(_) => "导出催办函",
            DocumentRequest::FeedbackForm { .. } => "导出征询意见表",
            DocumentRequest::ProposalSheet { .. } => "导出提案办理情况表",
            DocumentRequest::Evaluation(_) => "导出考评通报",
        }
    }
}

/// 版头, 发文字号, 附注 and 版记 of a document the committee issues
/// (GB/T 9704), as the 设置 page's 报告版式 gives them.
pub(crate) fn dress(
    doc: &mut OfficialDocument,
    form: &crate::workspace::settings::ReportForm,
    number: &str,
    signer: &str,
) {
    doc.number = Some(number.trim().to_owned()).filter(|n| !n.is_empty());
    if !form.mark.trim().is_empty() {
        doc.head = Some(DocumentHead { mark: form.mark.trim().to_owned(), signer: signer.trim().to_owned() });
    }
    doc.note = form.note();
    if !form.printed_by.trim().is_empty() {
        doc.record = Some(DocumentRecord {
            copy_to: form.copy_to_list(),
            printed_by: form.printed_by.trim().to_owned(),
            printed_on: doc.date,
        });
    }
}

pub(crate) fn chinese_ordinal(n: usize) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        _ if n.is_multiple_of(10) && n < 100 => format!("{}十", DIGITS[n / 10]),
        _ if n < 100 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

fn join(names: &[String]) -> String {
    if names.is_empty() {
        "无".to_owned()
    } else {
        names.join("、")
    }
}

/// The first sentence of a suggestion: its point, without the detail.
pub(crate) fn gist(text: &str) -> &str {
    let end = text.find(['。', '；']).map_or(text.len(), |i| i + '。'.len_utf8());
    &text[..end]
}

/// 重点提案办理情况一览表: a row a proposal, and under 分办 a row for
/// each lead unit, each with its own answer: the date, class and verdict of
/// one round, never one unit's class beside another's verdict.
fn summary_table(dossiers: &[Dossier]) -> Table {
    let header =
        ["编号", "案由", "提案者", "督办领导", "主办单位", "办理阶段", "答复日期", "答复类别", "满意度", "建议落实"];
    let mut rows = Vec::new();
    let naming = Naming::of(dossiers);
    for d in dossiers {
        let p = &d.proposal;
        // 十三届五次第0069号 where the 一览表 holds several 届次.
        let number = if naming.sessions() { naming.number(d) } else { p.number.clone() };
        let leaders: Vec<String> = p.gov_leaders.iter().chain(&p.cppcc_leaders).cloned().collect();
        // No status recorded is not the same as nothing done.
        let carried_out = if d.suggestions_judged() { format!("{}%", d.progress.percent) } else { "—".to_owned() };
        let answers = d.answers();
        let row = |first: bool, units: String, answer: Option<&crate::Answer>, unanswered: String| {
            // Under 分办 each unit's row says where that unit's course stands.
            let stage = match answer.and_then(|a| a.unit.as_deref()).or(d.handling.split.then_some(units.as_str())) {
                Some(unit) if d.handling.split && p.stage != Stage::Closed => unit_stage(d, unit, answer),
                _ => p.stage.label().to_owned(),
            };
            vec![
                number.clone(),
                if first { p.title.clone() } else { "（分办，同上）".to_owned() },
                if first { p.proposer.clone() } else { String::new() },
                if first { leaders.join("、") } else { String::new() },
                units.clone(),
                stage,
                answer.map_or(unanswered, |a| answer_date(d, a)),
                answer.and_then(|a| a.class).map_or("—".to_owned(), |c| format!("{}类", c.letter())),
                answer.and_then(|a| a.verdict).map_or("—", |v| v.label()).to_owned(),
                carried_out.clone(),
            ]
        };
        if !d.handling.split {
            let unanswered = d.reply_timing.map_or("—".to_owned(), |t| {
                if t.late {
                    "逾期未答复".to_owned()
                } else {
                    "未答复".to_owned()
                }
            });
            rows.push(row(true, d.handling.lead_units.join("、"), answers.first(), unanswered));
            continue;
        }
        for (i, unit) in d.handling.lead_units.iter().enumerate() {
            let answer = answers.iter().find(|a| a.unit.as_ref() == Some(unit));
            let late = d.unit_deadlines.iter().any(|u| &u.unit == unit && u.deadline.days_left < 0);
            let unanswered = if late { "逾期未答复" } else { "未答复" };
            rows.push(row(i == 0, unit.clone(), answer, unanswered.to_owned()));
        }
    }
    Table {
        header: header.iter().map(|h| (*h).to_owned()).collect(),
        widths: vec![1.3, 4.6, 2.2, 2.4, 2.8, 1.7, 2.2, 1.2, 1.2, 1.2],
        rows,
    }
}

/// Where one lead unit's course stands under 分办: 待决定, 说明办结, 已反馈,
/// 已答复, 再办理 or 办理中.
fn unit_stage(d: &Dossier, unit: &str, answer: Option<&crate::Answer>) -> String {
    let track = d.handling.tracks.iter().find(|t| t.unit == unit);
    let stage = if d.handling.undecided_units().contains(&unit) {
        "待决定"
    } else if track.is_some_and(|t| t.explained.is_some()) {
        "说明办结"
    } else if answer.is_some_and(|a| a.verdict.is_some() && a.round == d.handling.round_of(unit)) {
        "已反馈"
    } else if answer.is_some_and(|a| a.round == d.handling.round_of(unit)) {
        "已答复"
    } else if d.handling.round_of(unit) > 1 {
        "再办理"
    } else {
        "办理中"
    };
    stage.to_owned()
}

/// The day an answer was given, marked late when the first answer came
/// after its due date, and marked as 再办理's when it is a later round's.
fn answer_date(d: &Dossier, answer: &crate::Answer) -> String {
    let day = dates::format_cn(answer.date);
    if answer.round > 1 {
        return format!("{day}（第{}轮）", answer.round);
    }
    let late = match &answer.unit {
        // A unit answering on its own is late by its own answer's date.
        Some(_) => d.reply_timing.is_some_and(|t| t.due < answer.date),
        None => d.reply_timing.is_some_and(|t| t.late),
    };
    if late {
        format!("{day}（逾期）")
    } else {
        day
    }
}

fn proposal_section(
    d: &Dossier,
    naming: Naming,
    plans: &[tian_domain::PlanItem],
    related: &[HistoryEntry],
) -> Vec<Block> {
    let p = &d.proposal;
    let labelled = |label: &str, text: String| Block::Labelled { label: format!("{label}："), text };
    let mut blocks = vec![
        labelled("提案者", format!("{}（{}）", p.proposer, p.proposer_kind.label())),
        // Government leaders 领办 (lead the handling), CPPCC leaders 督办.
        labelled(
            "领办督办",
            format!(
                "市政府领导{}领办；市政协领导{}督办；协办专委会{}",
                join(&p.gov_leaders),
                join(&p.cppcc_leaders),
                join(&p.co_committees)
            ),
        ),
        // Only government units handle; the CPPCC committee supervises and is listed above.
        labelled(
            "主办单位",
            format!(
                "{}{}",
                join(&d.handling.lead_units),
                if d.handling.co_units.is_empty() {
                    String::new()
                } else {
                    format!("；会办单位：{}", d.handling.co_units.join("、"))
                },
            ),
        ),
    ];
    let suggestions: Vec<String> =
        p.suggestions.iter().enumerate().map(|(i, s)| format!("{}.{}", i + 1, gist(s))).collect();
    let core = if suggestions.is_empty() { p.summary.clone() } else { suggestions.join("") };
    blocks.push(labelled("核心建议", if core.trim().is_empty() { "未列出。".to_owned() } else { core }));
    // 并案: its answer answers their proposers too.
    if !d.merged_here.is_empty() {
        let merged: Vec<String> = d
            .merged_here
            .iter()
            .map(|m| format!("{}《{}》（{}）", naming.number_in(&p.session, &m.number), m.title, m.proposer))
            .collect();
        blocks
            .push(labelled("并入本件", format!("{}并入本件办理，本件的答复也是对其提案者的答复。", merged.join("、"))));
    }

    // In date order, as it happened; a day's contact before its activity.
    let mut handling: Vec<(NaiveDate, String)> = Vec::new();
    if let Some(a) = &d.assignment {
        handling.push((a.date, format!("{}交办", chinese_date(a.date))));
    }
    for c in &d.contacts {
        let who = c.unit.clone().unwrap_or_default();
        let text =
            format!("{}{}与提案者{}沟通：{}", chinese_date(c.date), who, c.method.label(), without_stop(&c.content));
        handling.push((c.date, text));
    }
    for a in &d.activities {
        let leaders =
            if a.leaders.is_empty() { String::new() } else { format!("（{}参加）", a.leaders.join("、")) };
        let place = if a.place.is_empty() { String::new() } else { format!("在{}", a.place) };
        let what = if a.kind == ActivityKind::Notice {
            format!("{}{}", chinese_date(a.date), without_stop(&a.summary))
        } else {
            format!("{}{}开展{}{}：{}", chinese_date(a.date), place, a.kind.label(), leaders, without_stop(&a.summary))
        };
        handling.push((a.date, what));
    }
    handling.sort_by_key(|(day, _)| *day);
    let handling: Vec<String> = handling.into_iter().map(|(_, text)| text).collect();
    blocks.push(labelled(
        "办理和督办",
        if handling.is_empty() { "尚未交办。".to_owned() } else { handling.join("；") + "。" },
    ));

    let answers = d.answers();
    let standing = |r: &Reply| answers.iter().any(|a| a.letters.contains(&r.id));
    let replies: Vec<String> = d
        .replies
        .iter()
        .map(|r| {
            let round = if r.round > 1 { format!("（第{}轮）", r.round) } else { String::new() };
            let late_opinion =
                !r.lead && d.co_opinions.iter().any(|o| o.unit == r.unit && o.late && o.replied == Some(r.date));
            let verb = match (r.lead, late_opinion) {
                (true, _) => "答复",
                (false, false) => "向主办单位提出会办意见",
                (false, true) => "逾期向主办单位提出会办意见",
            };
            let mut cited: Vec<String> = Vec::new();
            if !r.number.trim().is_empty() {
                cited.push(r.number.trim().to_owned());
            }
            if !r.signer.trim().is_empty() {
                cited.push(format!("签发人{}{}", r.signer.trim(), r.signer_post.trim()));
            }
            let cited = if cited.is_empty() { String::new() } else { format!("（{}）", cited.join("，")) };
            let class = r.class.map_or(String::new(), |c| format!("，{}类", c.letter()));
            let superseded = if !r.lead || standing(r) {
                String::new()
            } else {
                let now = answers.iter().find(|a| a.unit.is_none() || a.unit.as_ref() == Some(&r.unit));
                match now.filter(|a| a.round > r.round) {
                    Some(a) => format!("，已由第{}轮答复取代", a.round),
                    None => "，已由其后的答复取代".to_owned(),
                }
            };
            format!("{}{round}于{}{verb}{cited}{class}{superseded}：{}。", r.unit, chinese_date(r.date), said(r, 120))
        })
        .collect();
    let mut replies = replies;
    for o in d.co_opinions.iter().filter(|o| o.replied.is_none()) {
        let late = if o.late { "，已逾期" } else { "" };
        replies.push(format!("{}的会办意见尚未送达（应于{}前送主办单位{late}）。", o.unit, chinese_date(o.due)));
    }
    blocks.push(labelled("答复情况", if replies.is_empty() { "尚未答复。".to_owned() } else { replies.join("") }));

    let feedback: Vec<String> = d
        .feedback
        .iter()
        .map(|f| {
            let comment = if f.comment.trim().is_empty() {
                String::new()
            } else {
                format!("，意见：{}", without_stop(&f.comment))
            };
            let on = f.unit.as_ref().map_or(String::new(), |u| format!("对{u}的答复"));
            // The 征询意见表's other answers, where the proposer gave them.
            let form = f.form.describe();
            let form = if form.is_empty() { String::new() } else { format!("（征询意见表：{form}）") };
            format!("{}提案者{on}表示{}{}{form}。", chinese_date(f.date), f.result.label(), comment)
        })
        .collect();
    blocks.push(labelled("提案者反馈", if feedback.is_empty() { "尚无反馈。".to_owned() } else { feedback.join("") }));
    blocks.push(labelled("办理成效", outcome(d)));
    let follow_ups = follow_ups(d);
    if !follow_ups.is_empty() {
        blocks.push(labelled("落实事项", follow_ups.join("；") + "。"));
    }
    blocks.push(labelled("督办评价", evaluation(d, naming)));
    if !plans.is_empty() {
        let cited: Vec<String> =
            plans.iter().map(|p| format!("《{}》{}“{}”", p.document, plan_label(p), p.title)).collect();
        blocks.push(labelled("相关规划部署", cited.join("；")));
    }
    if !related.is_empty() {
        let cited: Vec<String> = related
            .iter()
            .map(|e| format!("《{}》（{}年），办理情况：{}", e.title, e.year, excerpt(&e.handling, 80)))
            .collect();
        blocks.push(labelled("往年相关提案", cited.join("；")));
    }
    blocks
}

/// How a report cites a commitment: by its number where it has one
/// (任务25 → 第25项任务, 专栏46 → 专栏46), by its place otherwise.
fn plan_label(item: &tian_domain::PlanItem) -> String {
    if let Some(n) = item.label.strip_prefix("任务") {
        format!("第{n}项任务")
    } else if item.label.starts_with("专栏") {
        item.label.clone()
    } else {
        item.path.last().map(|h| format!("{h}中")).unwrap_or_default()
    }
}

/// 督办评价: where the proposal stands, in the committee's words.
fn evaluation(d: &Dossier, naming: Naming) -> String {
    // Decided at 审查立案: no unit handles it, so nothing is carried out or due.
    match d.proposal.stage {
        Stage::Merged => {
            return match d.review.as_ref().and_then(|r| r.merged_into.as_deref()) {
                Some(host) => format!(
                    "已并入{}提案办理，该提案的答复也是对本件提案者的答复。",
                    naming.number_in(&d.proposal.session, host)
                ),
                None => "已并案办理。".to_owned(),
            }
        }
        Stage::NotRegistered => return "不予立案。".to_owned(),
        Stage::ToOpinion => return "已转为意见建议办理。".to_owned(),
        _ => {}
    }
    let share = &d.progress;
    let carried = if share.total == 0 {
        String::new()
    } else if !d.suggestions_judged() {
        format!("{}条建议的落实情况尚未报送", share.total)
    } else {
        format!(
            "{}条建议中已落实{}条、部分落实{}条、正在落实{}条，落实率{}%",
            share.total, share.done, share.partly, share.in_progress, share.percent
        )
    };
    let deadline = match d.deadline {
        Some(dl) if dl.urgency == Urgency::Overdue => {
            format!("答复期限{}已过{}天，须加大督办力度。", chinese_date(dl.due), -dl.days_left)
        }
        Some(dl) if dl.urgency == Urgency::DueSoon => {
            format!("距答复期限{}还有{}天，请承办单位抓紧答复。", chinese_date(dl.due), dl.days_left)
        }
        Some(dl) if dl.extended => format!("经批准延期至{}答复。", chinese_date(dl.due)),
        Some(dl) => format!("答复期限为{}。", chinese_date(dl.due)),
        None => String::new(),
    };
    let standing = match d.proposal.stage {
        Stage::Closed => format!(
            "已办结{}。",
            d.closure.as_ref().map_or(String::new(), |c| match c.kind {
                tian_domain::CloseKind::Satisfied => format!("（{}）", chinese_date(c.date)),
                kind => format!("（{}，{}）", chinese_date(c.date), kind.label()),
            })
        ),
        Stage::Rehandling => "提案者对答复不满意，正在再办理。".to_owned(),
        Stage::Undecided => "提案者对答复不满意，待提案委员会决定再办理或说明办结。".to_owned(),
        Stage::HandedBack => format!("已由{}退回，待改办。", d.handling.handed_back.join("、")),
        Stage::Withdrawn => d.withdrawal.as_ref().map_or("提案者已撤案。".to_owned(), |w| {
            format!("提案者已于{}撤案（{}）。", chinese_date(w.date), w.reason.trim_end_matches('。'))
        }),
        Stage::Replied if d.feedback_overdue => "已答复，提案者反馈已逾期，待征询提案者意见。".to_owned(),
        Stage::Replied => "已答复，待提案者反馈。".to_owned(),
        Stage::FeedbackReceived => format!(
            "提案者已反馈{}，待办结。",
            d.satisfaction().map_or(String::new(), |s| format!("（{}）", s.label()))
        ),
        Stage::Handling | Stage::Assigned => "正在办理。".to_owned(),
        Stage::Registered => "已立案，待交办。".to_owned(),
        other => format!("{}。", other.label()),
    };
    let carried = if carried.is_empty() { carried } else { carried + "。" };
    format!("{standing}{carried}{deadline}")
}

fn bars(counts: &[Count]) -> Vec<Bar> {
    counts.iter().map(|c| Bar { label: c.label.clone(), value: c.count }).collect()
}

/// 图1 答复类别 and 图2 主办件数, numbered in the order they appear.
fn charts(stats: &Statistics) -> Result<Vec<Block>> {
    let mut charts: Vec<(&str, Vec<Bar>)> = Vec::new();
    if !stats.by_answer_class.is_empty() {
        charts.push(("答复类别", bars(&stats.by_answer_class)));
    }
    // Ten bars at most; the caption says so when units were left out.
    let caption = if stats.by_lead_unit.len() > 10 {
        "主办件数较多的前10个主办单位"
    } else {
        "主办单位主办件数"
    };
    charts.push((caption, bars(&stats.by_lead_unit.iter().take(10).cloned().collect::<Vec<_>>())));
    charts
        .into_iter()
        .enumerate()
        .map(|(i, (caption, bars))| Ok(Block::Picture(bar_chart(&format!("图{} {caption}", i + 1), &bars)?)))
        .collect()
}

/// Names in the order first met, without repeats.
fn distinct<'a>(names: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if !n.trim().is_empty() && !out.contains(n) {
            out.push(n.clone());
        }
    }
    out
}

/// Who led the key proposals: government leaders 领办 (they lead the
/// handling), CPPCC leaders 督办 (they supervise it).
fn leading(gov: &[String], cppcc: &[String]) -> String {
    let named = |names: &[String]| format!("{}位（{}）", names.len(), names.join("、"));
    match (gov.is_empty(), cppcc.is_empty()) {
        (true, true) => "本批重点提案尚未确定领办、督办领导".to_owned(),
        (false, true) => format!("市政府领导{}分别领办重点提案", named(gov)),
        (true, false) => format!("市政协领导{}分别督办重点提案", named(cppcc)),
        (false, false) => {
            format!("市政府领导{}分别领办重点提案，市政协领导{}分别督办重点提案", named(gov), named(cppcc))
        }
    }
}

/// 主要做法: who led the supervision, what activities were held, how units kept in touch.
fn practice(dossiers: &[Dossier]) -> Vec<Block> {
    let gov = distinct(dossiers.iter().flat_map(|d| &d.proposal.gov_leaders));
    let cppcc = distinct(dossiers.iter().flat_map(|d| &d.proposal.cppcc_leaders));
    let mut out = vec![Block::Paragraph(format!("（一）领导领办督办。{}。", leading(&gov, &cppcc)))];

    // A 催办函 is one act however many proposals it urges.
    let (notices, activities): (Vec<&tian_domain::Activity>, Vec<&tian_domain::Activity>) =
        dossiers.iter().flat_map(|d| &d.activities).partition(|a| a.kind == ActivityKind::Notice);
    // A notice is one however many proposals it urges: its 文号 names it.
    let mut sent: Vec<&str> = notices.iter().map(|a| a.summary.as_str()).collect();
    sent.sort();
    sent.dedup();
    let urged = dossiers.iter().filter(|d| d.activities.iter().any(|a| a.kind == ActivityKind::Notice)).count();
    let notices = (!sent.is_empty()).then(|| format!("发出催办函{}份（涉及提案{urged}件）", sent.len()));
    let text = if activities.is_empty() {
        match notices {
            Some(notices) => format!("（二）督办活动。本期尚未记录视察、调研、座谈等督办活动；{notices}。"),
            None => "（二）督办活动。本期尚未记录视察、调研、座谈等督办活动。".to_owned(),
        }
    } else {
        let mut kinds: Vec<(String, u32)> = Vec::new();
        for a in &activities {
            match kinds.iter_mut().find(|(k, _)| k == a.kind.label()) {
                Some((_, n)) => *n += 1,
                None => kinds.push((a.kind.label().to_owned(), 1)),
            }
        }
        let kinds: Vec<String> = kinds.into_iter().map(|(k, n)| format!("{k}{n}次")).collect();
        let leaders = distinct(activities.iter().flat_map(|a| &a.leaders));
        let follow_ups: usize = activities.iter().map(|a| a.follow_ups.len()).sum();
        format!(
            "（二）督办活动。共开展{}，{}形成落实事项{}项{}。",
            kinds.join("、"),
            match leaders.len() {
                0 => String::new(),
                1 => format!("{}参加，", leaders[0]),
                _ => format!("{}等领导参加，", leaders.join("、")),
            },
            follow_ups,
            notices.map_or(String::new(), |n| format!("；{n}"))
        )
    };
    out.push(Block::Paragraph(text));

    let contacts: Vec<&tian_domain::Contact> = dossiers.iter().flat_map(|d| &d.contacts).collect();
    let text = if contacts.is_empty() {
        "（三）沟通协商。尚未记录承办单位与提案者的沟通。".to_owned()
    } else {
        let by = |m: ContactMethod| contacts.iter().filter(|c| c.method == m).count();
        let proposals = dossiers.iter().filter(|d| !d.contacts.is_empty()).count();
        let ways: Vec<String> = [ContactMethod::Meeting, ContactMethod::Forum, ContactMethod::Phone]
            .into_iter()
            .filter(|m| by(*m) > 0)
            .map(|m| format!("{}{}次", m.label(), by(m)))
            .collect();
        format!(
            "（三）沟通协商。承办单位就{}件提案与提案者沟通{}次，其中{}。",
            proposals,
            contacts.len(),
            ways.join("、")
        )
    };
    out.push(Block::Paragraph(text));
    if let Some(text) = co_handling(dossiers) {
        out.push(Block::Paragraph(text));
    }
    out
}

/// （四）会办协同: the 会办意见 co-units owed their lead units, how many came,
/// how many late, and which are still missing; `None` where no proposal
/// has a co-unit.
fn co_handling(dossiers: &[Dossier]) -> Option<String> {
    let opinions: Vec<(&Dossier, &crate::proposals::dossier::CoOpinion)> =
        dossiers.iter().flat_map(|d| d.co_opinions.iter().map(move |o| (d, o))).collect();
    if opinions.is_empty() {
        return None;
    }
    let proposals = dossiers.iter().filter(|d| !d.co_opinions.is_empty()).count();
    let naming = Naming::of(dossiers);
    let came = opinions.iter().filter(|(_, o)| o.replied.is_some()).count();
    let came_late = opinions.iter().filter(|(_, o)| o.replied.is_some() && o.late).count();
    let missing: Vec<String> = opinions
        .iter()
        .filter(|(_, o)| o.replied.is_none())
        .map(|(d, o)| format!("{}（{}{}）", o.unit, naming.number(d), if o.late { "，已逾期" } else { "" }))
        .collect();
    let mut text =
        format!("（四）会办协同。{proposals}件提案明确了会办单位，会办意见应送{}份，已送达{came}份", opinions.len());
    if came_late > 0 {
        text += &format!("（其中逾期送达{came_late}份）");
    }
    if missing.is_empty() {
        text += "。";
    } else {
        text += &format!("，尚未送达{}份：{}。", missing.len(), missing.join("、"));
    }
    Some(text)
}

/// What a reply letter says, for quoting: its body without the head,
/// 称谓 and 落款, cut to `chars`, without a closing stop (the sentence it
/// stands in gives one).
fn said(reply: &Reply, chars: usize) -> String {
    let body = tian_import::letter_body(&reply.text);
    let body = without_stop(&body);
    // A letter of punctuation alone says nothing to quote.
    if !body.chars().any(char::is_alphanumeric) {
        return "（复文无正文）".to_owned();
    }
    excerpt(body, chars)
}

/// `text` without the punctuation that ends it, so a sentence built around
/// it has one stop, not two.
fn without_stop(text: &str) -> &str {
    text.trim_end().trim_end_matches(['。', '；', '，', '：', '.', ';', ',', ':', '！', '!'])
}

/// The first `chars` characters of `text`, with “……” where it was cut.
fn excerpt(text: &str, chars: usize) -> String {
    let cut: String = text.chars().take(chars).collect();
    if text.chars().count() > chars {
        cut + "……"
    } else {
        cut
    }
}

/// 办理成效: suggestions carried out, what closed proposals achieved, and
/// what the B-class answers promised.
fn results(dossiers: &[Dossier]) -> Vec<Block> {
    let naming = Naming::of(dossiers);
    // A withdrawn proposal's suggestions are no longer asked of anyone.
    let sum = |f: &dyn Fn(&Dossier) -> u32| {
        dossiers.iter().filter(|d| d.proposal.stage != Stage::Withdrawn).map(f).sum::<u32>()
    };
    let mut out = Vec::new();
    let (done, partly, doing) =
        (sum(&|d| d.progress.done), sum(&|d| d.progress.partly), sum(&|d| d.progress.in_progress));
    if done + partly + doing > 0 {
        out.push(Block::Paragraph(format!(
            "重点提案共提出建议{}条，已落实{done}条、部分落实{partly}条、正在落实{doing}条。",
            sum(&|d| d.progress.total)
        )));
    }
    let closed: Vec<String> = dossiers
        .iter()
        .filter_map(|d| d.closure.as_ref().map(|c| (d, c)))
        // A 说明办结 gives the reason it could not be done, not what was achieved.
        .filter(|(_, c)| !c.summary.trim().is_empty() && c.kind != tian_domain::CloseKind::Explained)
        .map(|(d, c)| format!("{}：{}", naming.number(d), excerpt(without_stop(&c.summary), 120)))
        .collect();
    if !closed.is_empty() {
        out.push(Block::Paragraph(format!("已办结的提案中，{}。", closed.join("；"))));
    }
    // By the proposal's own class, as the figures count it, and only where
    // the proposer has not turned the answer down.
    // Each answer standing now (a later round's replaces the one before),
    // and under 分办 each unit's on its own.
    let promised: Vec<String> = dossiers
        .iter()
        .flat_map(|d| d.answers().into_iter().map(move |a| (d, a)))
        .filter(|(_, a)| a.class == Some(AnswerClass::B) && a.verdict != Some(Satisfaction::Unsatisfied))
        .flat_map(|(d, a)| {
            let letters =
                d.replies.iter().filter(move |r| a.letters.contains(&r.id) && r.class == Some(AnswerClass::B));
            letters.map(move |r| (d, r))
        })
        .map(|(d, r)| format!("{}，{}答复：{}", naming.number(d), r.unit, said(r, 80)))
        .collect();
    if out.is_empty() && closed.is_empty() && promised.is_empty() {
        out.push(Block::Paragraph("建议落实情况尚待承办单位报送，将在下一步督办中跟踪。".into()));
    }
    if !promised.is_empty() {
        out.push(Block::Paragraph(format!("列入计划逐步解决（B类）的：{}。", promised.join("；"))));
    }
    out
}

fn numbers(naming: Naming, dossiers: &[&Dossier]) -> String {
    dossiers.iter().map(|d| naming.number(d)).collect::<Vec<_>>().join("、")
}

/// 存在问题: late answers, unsatisfied proposers, C-class answers, work still open.
fn problems(dossiers: &[Dossier], figures: &Figures) -> (Vec<Block>, bool) {
    let naming = Naming::of(dossiers);
    let pick = |test: &dyn Fn(&Dossier) -> bool| dossiers.iter().filter(|d| test(d)).collect::<Vec<&Dossier>>();
    let mut found = Vec::new();
    let unassigned = pick(&|d| d.proposal.stage == Stage::Registered);
    if !unassigned.is_empty() {
        found.push(format!("{}件尚未交办（{}）", unassigned.len(), numbers(naming, &unassigned)));
    }
    let handed_back = pick(&|d| d.proposal.stage == Stage::HandedBack);
    if !handed_back.is_empty() {
        found.push(format!("{}件被承办单位退回、有待改办（{}）", handed_back.len(), numbers(naming, &handed_back)));
    }
    let late = pick(&|d| d.reply_timing.is_some_and(|t| t.replied.is_some() && t.late));
    if !late.is_empty() {
        found.push(format!("{}件逾期答复（{}）", late.len(), numbers(naming, &late)));
    }
    // 逾期未答复 as the figures count it, told apart by the answer owed.
    let overdue_owing = |kind| move |d: &Dossier| d.overdue() && d.deadline.is_some_and(|dl| dl.kind == kind);
    let overdue = pick(&overdue_owing(DeadlineKind::Reply));
    if !overdue.is_empty() {
        found.push(format!("{}件超过答复期限仍未答复（{}）", overdue.len(), numbers(naming, &overdue)));
    }
    let rehandling_late = pick(&overdue_owing(DeadlineKind::Rehandling));
    if !rehandling_late.is_empty() {
        found.push(format!("{}件再办理答复逾期（{}）", rehandling_late.len(), numbers(naming, &rehandling_late)));
    }
    let unsatisfied = pick(&|d| d.satisfaction() == Some(Satisfaction::Unsatisfied));
    if !unsatisfied.is_empty() {
        found.push(format!("{}件提案者对答复不满意（{}）", unsatisfied.len(), numbers(naming, &unsatisfied)));
    }
    let undecided = pick(&|d| d.awaits_decision());
    if !undecided.is_empty() {
        found.push(format!("{}件有待决定再办理或说明办结（{}）", undecided.len(), numbers(naming, &undecided)));
    }
    let silent = pick(&|d| d.feedback_overdue);
    if !silent.is_empty() {
        found.push(format!("{}件提案者逾期未反馈意见（{}）", silent.len(), numbers(naming, &silent)));
    }
    let c_class = pick(&|d| d.answer_class().is_some_and(|c| c >= AnswerClass::C));
    if !c_class.is_empty() {
        found.push(format!("{}件因条件限制留作参考（{}）", c_class.len(), numbers(naming, &c_class)));
    }
    let open = figures.assigned.saturating_sub(figures.closed.count);
    if open > 0 {
        found.push(format!("交办的提案中{open}件尚未办结"));
    }
    let any = figures.assigned > 0 && !found.is_empty();
    let said = vec![Block::Paragraph(if figures.assigned == 0 && figures.withdrawn > 0 && unassigned.is_empty() {
        "本批重点提案均已由提案者撤案，不再办理。".to_owned()
    } else if figures.assigned == 0 {
        "重点提案尚未交办，办理工作有待启动。".to_owned()
    } else if found.len() == 1 && !unassigned.is_empty() {
        format!("办理进度不平衡，{}。", found[0])
    } else if found.is_empty() {
        "各件重点提案均按期答复，提案者均表示满意或基本满意，未发现突出问题。".to_owned()
    } else {
        format!("一是办理进度不平衡，{}。二是部分建议的落实仍需持续推进，在后续督办中跟踪。", found.join("；"))
    })];
    (said, any)
}

/// Who the 下一步工作 names for the committee's own part.
const COMMITTEE: &str = "提案委员会";

/// 下一步工作: for each unit, what it still owes and by when, and what the
/// committee itself has to do (collect verdicts, decide, approve, close).
fn next_steps(dossiers: &[Dossier]) -> Vec<Block> {
    let mut owed: Vec<(String, Vec<String>)> = Vec::new();
    let mut owe = |unit: &str, what: String| match owed.iter_mut().find(|(u, _)| u == unit) {
        Some((_, items)) => items.push(what),
        None => owed.push((unit.to_owned(), vec![what])),
    };
    let naming = Naming::of(dossiers);
    for d in dossiers.iter().filter(|d| d.proposal.stage != Stage::Closed) {
        // 分办: each unit by its own round and date; else the proposal's.
        let owing: Vec<(&str, tian_domain::Deadline)> = if d.handling.split {
            d.unit_deadlines.iter().map(|u| (u.unit.as_str(), u.deadline)).collect()
        } else {
            d.deadline.map(|dl| d.handling.awaited_leads().into_iter().map(|u| (u, dl)).collect()).unwrap_or_default()
        };
        for (unit, dl) in owing {
            let when = if dl.days_left < 0 {
                format!("已逾期{}天，应于{}前", -dl.days_left, dates::format_cn(dl.due))
            } else {
                format!("{}前", dates::format_cn(dl.due))
            };
            owe(unit, format!("{}提案{}（{when}）", naming.number(d), dl.kind_label()));
        }
        // 会办意见 owed to the lead unit.
        for o in d.co_opinions.iter().filter(|o| o.replied.is_none()) {
            let late = if o.due < d.as_of {
                format!("已逾期{}天，", (d.as_of - o.due).num_days())
            } else {
                String::new()
            };
            owe(
                &o.unit,
                format!("{}提案会办意见（{late}应于{}前送主办单位）", naming.number(d), dates::format_cn(o.due)),
            );
        }
        // The committee's own part: verdicts to collect, decisions to take, proposals to close.
        let number = naming.number(d);
        match d.proposal.stage {
            Stage::Replied if d.feedback_overdue => owe(COMMITTEE, format!("征询{number}提案提案者意见（反馈已逾期）")),
            _ if d.handling.split && d.awaits_decision() => {
                let units = d.handling.undecided_units().join("、");
                owe(COMMITTEE, format!("决定{number}提案{units}答复的再办理或说明办结"));
            }
            Stage::Undecided => owe(COMMITTEE, format!("决定{number}提案再办理或说明办结")),
            Stage::FeedbackReceived => owe(COMMITTEE, format!("{number}提案办结")),
            Stage::HandedBack => owe(COMMITTEE, format!("{number}提案改办")),
            _ => {}
        }
        if d.pending_extensions().next().is_some() {
            owe(COMMITTEE, format!("审批{number}提案的延期申请"));
        }
        for a in &d.activities {
            for f in &a.follow_ups {
                let when = f.due.map_or(String::new(), |day| format!("（{}前）", dates::format_cn(day)));
                let owner = if f.owner.trim().is_empty() { "承办单位" } else { without_stop(&f.owner) };
                owe(owner, format!("{}提案落实事项“{}”{when}", naming.number(d), without_stop(&f.item)));
            }
        }
    }
    let mut out = Vec::new();
    let waiting = dossiers.iter().filter(|d| d.proposal.stage == Stage::Registered).count();
    if waiting > 0 {
        out.push(Block::Paragraph(format!("尽快将尚未交办的{waiting}件重点提案交办承办单位，明确办理时限。")));
    }
    if dossiers.iter().all(|d| d.proposal.stage == Stage::Withdrawn) {
        out.push(Block::Paragraph("本批重点提案均已撤案，没有待办事项。".into()));
    } else if owed.is_empty() && waiting == 0 {
        out.push(Block::Paragraph("各项办理工作均已完成，下一步将跟踪建议落实情况，推动办理成果转化。".into()));
    } else if !owed.is_empty() {
        out.push(Block::Paragraph("按承办单位逐项跟踪以下事项，督促按时办结：".into()));
        for (unit, items) in owed {
            out.push(Block::Labelled { label: format!("{unit}："), text: items.join("；") + "。" });
        }
    }
    out
}

/// 办理成效 of one proposal: the closing summary and what its suggestions achieved.
fn outcome(d: &Dossier) -> String {
    let mut said: Vec<String> = Vec::new();
    if let Some(c) = d.closure.as_ref().filter(|c| !c.summary.trim().is_empty()) {
        said.push(without_stop(&c.summary).to_owned());
    }
    // Suggestions are numbered from 1 where they are stored.
    for s in d.suggestion_status.iter().filter(|s| !s.evidence.trim().is_empty()) {
        said.push(format!("第{}条建议{}：{}", s.index, s.status.label(), without_stop(&s.evidence)));
    }
    if said.is_empty() {
        "尚无办理成效记录。".to_owned()
    } else {
        said.join("；") + "。"
    }
}

/// 落实事项 agreed at the proposal's supervision activities.
fn follow_ups(d: &Dossier) -> Vec<String> {
    d.activities
        .iter()
        .flat_map(|a| &a.follow_ups)
        .map(|f| {
            let owner =
                if f.owner.trim().is_empty() { String::new() } else { format!("（{}", without_stop(&f.owner)) };
            let due = match (owner.is_empty(), f.due) {
                (true, Some(day)) => format!("（{}前）", dates::format_cn(day)),
                (false, Some(day)) => format!("，{}前）", dates::format_cn(day)),
                (false, None) => "）".to_owned(),
                (true, None) => String::new(),
            };
            format!("{}{owner}{due}", without_stop(&f.item))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_are_written_in_chinese() {
        let got: Vec<String> = [1, 9, 10, 13, 20, 21].into_iter().map(chinese_ordinal).collect();
        assert_eq!(got, ["一", "九", "十", "十三", "二十", "二十一"]);
    }

    #[test]
    fn the_gist_of_a_suggestion_is_its_first_sentence() {
        assert_eq!(gist("着力提升体制机制建设水平。进一步优化管理体制。"), "着力提升体制机制建设水平。");
        assert_eq!(gist("没有句号"), "没有句号");
    }
}
