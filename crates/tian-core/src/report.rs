//! 督办报告: the supervision report on one key proposal or on all of a
//! session's, built once as an official document and written as .docx or .pdf.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tian_domain::{dates, percent, HistoryEntry, ProposalFilter, Stage, Urgency};
use tian_export::{bar_chart, chinese_date, Bar, Block, OfficialDocument, Table};
use ts_rs::TS;

use crate::dashboard::Count;
use crate::dossier::Dossier;
use crate::statistics::Statistics;
use crate::{CoreError, Result, Tian};

/// Which proposals a report covers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReportScope {
    /// 提案号; empty for every proposal of the session.
    pub numbers: Vec<String>,
    /// 届次; `None` for the session of the proposals chosen (or all).
    pub session: Option<String>,
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
        if scope.numbers.is_empty() {
            let all = self.dossiers(&ProposalFilter::default())?;
            return Ok(all
                .into_iter()
                .filter(|d| scope.session.as_ref().is_none_or(|s| &d.proposal.session == s))
                .collect());
        }
        scope.numbers.iter().map(|n| self.dossier(&self.resolve(n, scope.session.as_deref())?)).collect()
    }

    /// 督办报告 on `scope`, as an official document dated today.
    pub fn supervision_report(&self, scope: &ReportScope) -> Result<OfficialDocument> {
        let dossiers = self.report_dossiers(scope)?;
        if dossiers.is_empty() {
            return Err(CoreError::EmptyReport);
        }
        let settings = self.settings()?;
        let session = scope.session.clone().or_else(|| {
            let first = &dossiers[0].proposal.session;
            dossiers.iter().all(|d| &d.proposal.session == first).then(|| first.clone())
        });
        let stats = Statistics::of(session.clone(), &dossiers);
        let title = match (dossiers.as_slice(), &session) {
            ([one], _) => format!("关于第{}号重点提案办理情况的督办报告", one.proposal.number),
            (_, Some(session)) => format!("关于{session}重点提案办理情况的督办报告"),
            _ => "关于重点提案办理情况的督办报告".to_owned(),
        };
        let mut blocks = vec![Block::Paragraph(introduction(&dossiers, session.as_deref(), self.today))];

        blocks.push(Block::Heading1("一、总体情况".into()));
        blocks.push(Block::Paragraph(overview(&stats)));
        blocks.push(Block::Table(summary_table(&dossiers)));

        blocks.push(Block::Heading1("二、逐件办理情况".into()));
        for (i, d) in dossiers.iter().enumerate() {
            blocks.push(Block::Heading2(format!(
                "（{}）第{}号《{}》",
                chinese_ordinal(i + 1),
                d.proposal.number,
                d.proposal.title
            )));
            let id = d.proposal.id();
            blocks.extend(proposal_section(d, &self.confirmed_plan_items(&id)?, &self.related_history(&d.proposal)?));
        }

        blocks.push(Block::Heading1("三、统计分析".into()));
        blocks.extend(statistics_section(&stats)?);

        let attention: Vec<&Dossier> =
            dossiers.iter().filter(|d| d.deadline.is_some_and(|dl| dl.urgency != Urgency::OnTrack)).collect();
        blocks.push(Block::Heading1("四、下一步督办重点".into()));
        blocks.push(Block::Paragraph(next_steps(&attention)));

        Ok(OfficialDocument { title, blocks, issuer: settings.issuer, date: self.today })
    }

    /// 报告用字: the face each style of a report is set in on this PC, and
    /// which are stand-ins for the faces GB/T 9704 names.
    pub fn report_faces(&self) -> Result<Vec<tian_export::FaceUse>> {
        Ok(tian_export::fonts::Faces::get()?.uses())
    }

    /// The report on `scope` as the bytes of a `format` file.
    pub fn render_report(&self, scope: &ReportScope, format: ReportFormat) -> Result<Vec<u8>> {
        self.progress.step("汇总办理情况");
        let doc = self.supervision_report(scope)?;
        self.progress.step("排版");
        Ok(match format {
            ReportFormat::Docx => tian_export::write_docx(&doc)?,
            ReportFormat::Pdf => tian_export::write_pdf(&doc)?,
        })
    }

    /// Writes the report on `scope` to `path`; a half-written file never carries that name.
    pub fn export_report(&self, scope: &ReportScope, format: ReportFormat, path: &Path) -> Result<ReportFile> {
        let bytes = self.render_report(scope, format)?;
        self.progress.step("写出文件");
        crate::write_file(path, &bytes)?;
        Ok(ReportFile {
            path: path.display().to_string(),
            proposals: self.report_dossiers(scope)?.len() as u32,
            bytes: bytes.len() as u64,
        })
    }
}

fn chinese_ordinal(n: usize) -> String {
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
fn gist(text: &str) -> &str {
    let end = text.find(['。', '；']).map_or(text.len(), |i| i + '。'.len_utf8());
    &text[..end]
}

fn introduction(dossiers: &[Dossier], session: Option<&str>, today: chrono::NaiveDate) -> String {
    let which = session.map_or("重点提案".to_owned(), |s| format!("{s}会议重点提案"));
    format!(
        "按照重点提案督办工作安排，现将{}{}件的办理和督办情况报告如下（统计截至{}）。",
        which,
        dossiers.len(),
        chinese_date(today)
    )
}

fn overview(stats: &Statistics) -> String {
    let t = &stats.totals;
    let mut text = format!(
        "本次报告共涉及提案{}件，立案{}件，立案率{}%；已办结{}件，办结率{}%，正在办理{}件。",
        t.collected, t.registered, stats.registration_rate, t.closed, stats.closure_rate, t.in_progress
    );
    let classes: Vec<String> = stats.by_answer_class.iter().map(|c| format!("{}{}件", c.label, c.count)).collect();
    if !classes.is_empty() {
        text.push_str(&format!("主办单位答复中，{}。", classes.join("，")));
    }
    let verdicts: Vec<String> = stats.by_satisfaction.iter().map(|c| format!("{}{}件", c.label, c.count)).collect();
    if !verdicts.is_empty() {
        text.push_str(&format!("提案者反馈{}，满意率{}%。", verdicts.join("，"), stats.satisfaction_rate));
    }
    text
}

fn summary_table(dossiers: &[Dossier]) -> Table {
    let header = ["编号", "案由", "提案者", "督办领导", "主办单位", "阶段", "答复类别", "满意度", "建议落实"];
    let rows = dossiers
        .iter()
        .map(|d| {
            let p = &d.proposal;
            let leaders: Vec<String> = p.gov_leaders.iter().chain(&p.cppcc_leaders).cloned().collect();
            vec![
                p.number.clone(),
                p.title.clone(),
                p.proposer.clone(),
                leaders.join("、"),
                d.handling.lead_units.join("、"),
                p.stage.label().to_owned(),
                d.answer_class().map_or("—".to_owned(), |c| format!("{}类", c.letter())),
                d.satisfaction().map_or("—", |s| s.label()).to_owned(),
                format!("{}%", d.progress.percent),
            ]
        })
        .collect();
    Table {
        header: header.iter().map(|h| (*h).to_owned()).collect(),
        widths: vec![1.3, 4.0, 2.0, 2.2, 2.6, 1.3, 1.3, 1.3, 1.3],
        rows,
    }
}

fn proposal_section(d: &Dossier, plans: &[tian_domain::PlanItem], related: &[HistoryEntry]) -> Vec<Block> {
    let p = &d.proposal;
    let labelled = |label: &str, text: String| Block::Labelled { label: format!("{label}："), text };
    let mut blocks = vec![
        labelled("提案者", format!("{}（{}）", p.proposer, p.proposer_kind.label())),
        labelled("督办领导", format!("市政府{}；市政协{}", join(&p.gov_leaders), join(&p.cppcc_leaders))),
        labelled(
            "承办单位",
            format!(
                "主办{}{}；协办专委会{}",
                join(&d.handling.lead_units),
                if d.handling.co_units.is_empty() {
                    String::new()
                } else {
                    format!("，协办{}", d.handling.co_units.join("、"))
                },
                join(&p.co_committees)
            ),
        ),
    ];
    let suggestions: Vec<String> =
        p.suggestions.iter().enumerate().map(|(i, s)| format!("{}.{}", i + 1, gist(s))).collect();
    blocks.push(labelled("核心建议", if suggestions.is_empty() { p.summary.clone() } else { suggestions.join("") }));

    let mut handling: Vec<String> = Vec::new();
    if let Some(a) = &d.assignment {
        handling.push(format!("{}交办", chinese_date(a.date)));
    }
    for c in &d.contacts {
        let who = c.unit.clone().unwrap_or_default();
        handling.push(format!("{}{}与提案者{}沟通：{}", chinese_date(c.date), who, c.method.label(), c.content));
    }
    for a in &d.activities {
        let leaders =
            if a.leaders.is_empty() { String::new() } else { format!("（{}参加）", a.leaders.join("、")) };
        let place = if a.place.is_empty() { String::new() } else { format!("在{}", a.place) };
        handling.push(format!("{}{}开展{}{}：{}", chinese_date(a.date), place, a.kind.label(), leaders, a.summary));
    }
    blocks.push(labelled(
        "办理和督办",
        if handling.is_empty() { "尚未交办。".to_owned() } else { handling.join("；") + "。" },
    ));

    let replies: Vec<String> = d
        .replies
        .iter()
        .map(|r| {
            let kind = if r.lead { "答复" } else { "会办意见" };
            let round = if r.round > 1 { format!("（第{}轮）", r.round) } else { String::new() };
            let excerpt: String = r.text.chars().take(120).collect();
            let more = if r.text.chars().count() > 120 { "……" } else { "" };
            format!(
                "{}{}于{}{}{}，{}类。{}{}",
                r.unit,
                round,
                chinese_date(r.date),
                "作出",
                kind,
                r.class.letter(),
                excerpt,
                more
            )
        })
        .collect();
    blocks.push(labelled("答复情况", if replies.is_empty() { "尚未答复。".to_owned() } else { replies.join("") }));

    let feedback: Vec<String> = d
        .feedback
        .iter()
        .map(|f| {
            let comment = if f.comment.is_empty() { String::new() } else { format!("，意见：{}", f.comment) };
            format!("{}提案者表示{}{}。", chinese_date(f.date), f.result.label(), comment)
        })
        .collect();
    blocks.push(labelled("提案者反馈", if feedback.is_empty() { "尚无反馈。".to_owned() } else { feedback.join("") }));
    blocks.push(labelled("督办评价", evaluation(d)));
    if !plans.is_empty() {
        let cited: Vec<String> =
            plans.iter().map(|p| format!("《{}》{}“{}”", p.document, plan_label(p), p.title)).collect();
        blocks.push(labelled("相关规划部署", cited.join("；")));
    }
    if !related.is_empty() {
        let cited: Vec<String> = related
            .iter()
            .map(|e| {
                let handling: String = e.handling.chars().take(80).collect();
                let more = if e.handling.chars().count() > 80 { "……" } else { "" };
                format!("《{}》（{}年），办理情况：{handling}{more}", e.title, e.year)
            })
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
fn evaluation(d: &Dossier) -> String {
    let share = &d.progress;
    let carried = format!(
        "{}条建议中已落实{}条、部分落实{}条、正在落实{}条，落实率{}%",
        share.total, share.done, share.partly, share.in_progress, share.percent
    );
    let deadline = match d.deadline {
        Some(dl) if dl.urgency == Urgency::Overdue => {
            format!("答复期限{}已过{}天，须加大督办力度。", chinese_date(dl.due), -dl.days_left)
        }
        Some(dl) if dl.urgency == Urgency::DueSoon => {
            format!("距答复期限{}还有{}天，请承办单位抓紧答复。", chinese_date(dl.due), dl.days_left)
        }
        Some(dl) => format!("答复期限为{}。", chinese_date(dl.due)),
        None => String::new(),
    };
    let standing = match d.proposal.stage {
        Stage::Closed => {
            format!("已办结{}。", d.closure.as_ref().map_or(String::new(), |c| format!("（{}）", chinese_date(c.date))))
        }
        Stage::Rehandling => "提案者对答复不满意，正在再办理。".to_owned(),
        Stage::Replied | Stage::FeedbackReceived => "已答复，待提案者反馈或办结。".to_owned(),
        Stage::Handling | Stage::Assigned => "正在办理。".to_owned(),
        Stage::Registered => "已立案，待交办。".to_owned(),
        other => format!("{}。", other.label()),
    };
    format!("{standing}{carried}。{deadline}")
}

fn bars(counts: &[Count]) -> Vec<Bar> {
    counts.iter().map(|c| Bar { label: c.label.clone(), value: c.count }).collect()
}

fn statistics_section(stats: &Statistics) -> Result<Vec<Block>> {
    let t = &stats.totals;
    let mut blocks = vec![Block::Paragraph(format!(
        "立案{}件中，已办结{}件，占{}%；正在办理{}件，占{}%。",
        t.registered,
        t.closed,
        stats.closure_rate,
        t.in_progress,
        percent(t.in_progress, t.registered)
    ))];
    let units: Vec<String> = stats.by_lead_unit.iter().take(5).map(|c| format!("{}{}件", c.label, c.count)).collect();
    if !units.is_empty() {
        blocks.push(Block::Paragraph(format!("主办件数较多的单位：{}。", units.join("，"))));
    }
    if !stats.by_answer_class.is_empty() {
        blocks.push(Block::Picture(bar_chart("图1 主办单位答复类别", &bars(&stats.by_answer_class))?));
    }
    blocks.push(Block::Picture(bar_chart(
        if stats.by_answer_class.is_empty() {
            "图1 主办单位主办件数"
        } else {
            "图2 主办单位主办件数"
        },
        &bars(&stats.by_lead_unit.iter().take(10).cloned().collect::<Vec<_>>()),
    )?));
    for problem in &stats.inconsistencies {
        blocks.push(Block::Paragraph(format!("数据核对：{problem}")));
    }
    Ok(blocks)
}

fn next_steps(attention: &[&Dossier]) -> String {
    if attention.is_empty() {
        return "各件重点提案均在办理时限内，将继续跟踪办理进度，推动建议落地见效。".to_owned();
    }
    let items: Vec<String> = attention
        .iter()
        .filter_map(|d| {
            let dl = d.deadline?;
            Some(if dl.urgency == Urgency::Overdue {
                format!("第{}号（已逾期{}天）", d.proposal.number, -dl.days_left)
            } else {
                format!("第{}号（{}到期）", d.proposal.number, dates::format_cn(dl.due))
            })
        })
        .collect();
    format!("重点督促{}的承办单位尽快答复，逐件跟踪落实情况。", items.join("、"))
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
