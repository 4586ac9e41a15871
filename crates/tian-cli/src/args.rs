//! Argument types of the `tian` command, each refusing bad input with a
//! Chinese message that shows the accepted forms.

use std::str::FromStr;

use chrono::NaiveDate;
use clap::Args;
use tian_core::domain::{
    ActivityKind, AnswerClass, ContactMethod, FollowUp, ProposalId, ReviewOutcome, Satisfaction, SuggestionState,
};
use tian_core::Tian;

/// A calendar date written 2026-03-01 (or 2026/3/1, 2026年3月1日).
#[derive(Debug, Clone, Copy)]
pub struct Date(pub NaiveDate);

impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let normal = s.trim().replace(['年', '月', '/'], "-").replace('日', "");
        NaiveDate::parse_from_str(&normal, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| format!("“{s}”不是有效日期，应写成 2026-03-01"))
    }
}

/// Which proposal: its number, and the session where the number is not unique.
#[derive(Debug, Args)]
pub struct ProposalArgs {
    /// 提案号，如 0069
    pub number: String,
    /// 届次，如 十三届五次（同一提案号出现在多个届次时需要）
    #[arg(long)]
    pub session: Option<String>,
}

impl ProposalArgs {
    pub fn resolve(&self, tian: &Tian) -> tian_core::Result<ProposalId> {
        tian.resolve(&self.number, self.session.as_deref())
    }
}

/// The list's filters, as the search takes them.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// 届次，如 十三届五次
    #[arg(long)]
    pub session: Option<String>,
    /// 办理阶段，如 办理中
    #[arg(long, value_parser = stage)]
    pub stage: Option<tian_core::domain::Stage>,
    /// 主办部门
    #[arg(long, value_name = "单位")]
    pub lead_unit: Option<String>,
    /// 督办领导
    #[arg(long, value_name = "姓名")]
    pub leader: Option<String>,
    /// 提案者（领衔人或附议人）
    #[arg(long, value_name = "姓名")]
    pub proposer: Option<String>,
    /// 主办单位最近一次答复的类别：A、B、C 或 D
    #[arg(long, value_parser = answer_class, value_name = "类别")]
    pub answer_class: Option<AnswerClass>,
    /// 提案类别（“未分类”为尚未设置类别的提案）
    #[arg(long, value_name = "类别")]
    pub category: Option<String>,
    /// 只要已逾期的提案
    #[arg(long)]
    pub overdue: bool,
}

impl From<FilterArgs> for tian_core::ProposalFilters {
    fn from(f: FilterArgs) -> Self {
        tian_core::ProposalFilters {
            session: f.session,
            stage: f.stage,
            lead_unit: f.lead_unit,
            leader: f.leader,
            proposer: f.proposer,
            answer_class: f.answer_class,
            category: f.category,
            overdue: f.overdue,
        }
    }
}

/// Reads a domain value from its Chinese word through serde, naming the words allowed.
fn chinese<T: serde::de::DeserializeOwned>(s: &str, allowed: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_owned()))
        .map_err(|_| format!("“{s}”无效，应为：{allowed}"))
}

pub fn contact_method(s: &str) -> Result<ContactMethod, String> {
    chinese(s, "见面、电话、座谈")
}

pub fn activity_kind(s: &str) -> Result<ActivityKind, String> {
    chinese(s, "视察、调研、座谈会、协商会、督办会")
}

pub fn satisfaction(s: &str) -> Result<Satisfaction, String> {
    Satisfaction::parse(s).ok_or_else(|| format!("“{s}”无效，应为：满意、基本满意、不满意"))
}

pub fn suggestion_state(s: &str) -> Result<SuggestionState, String> {
    SuggestionState::parse(s).ok_or_else(|| format!("“{s}”无效，应为：已落实、部分落实、正在落实、未落实"))
}

pub fn consultation(s: &str) -> Result<tian_core::domain::Consultation, String> {
    tian_core::domain::Consultation::parse(s).ok_or_else(|| format!("“{s}”无效，应为：面商、电话、书面、未沟通"))
}

pub fn pertinence(s: &str) -> Result<tian_core::domain::Pertinence, String> {
    tian_core::domain::Pertinence::parse(s).ok_or_else(|| format!("“{s}”无效，应为：针对性强、基本针对、针对性不强"))
}

/// “3=已落实”: the proposer's judgement of suggestion 3 on the 征询意见表.
pub fn suggestion_verdict(s: &str) -> Result<tian_core::domain::SuggestionVerdict, String> {
    let wrong = || format!("“{s}”无效，应写成“建议序号=已落实”，落实情况为：已落实、正在落实、未落实");
    let (index, state) = s.split_once(['=', '＝']).ok_or_else(wrong)?;
    let index: u32 = index.trim().parse().map_err(|_| wrong())?;
    let state = SuggestionState::parse(state).filter(|s| *s != SuggestionState::Partly).ok_or_else(wrong)?;
    Ok(tian_core::domain::SuggestionVerdict { index, state })
}

pub fn answer_class(s: &str) -> Result<AnswerClass, String> {
    AnswerClass::parse(s).ok_or_else(|| format!("“{s}”无效，应为：A、B、C 或 D"))
}

pub fn stage(s: &str) -> Result<tian_core::domain::Stage, String> {
    tian_core::domain::Stage::from_label(s.trim()).ok_or_else(|| {
        let all: Vec<&str> = tian_core::domain::Stage::ALL.iter().map(|s| s.label()).collect();
        format!("“{s}”无效，应为：{}", all.join("、"))
    })
}

pub fn close_kind(s: &str) -> Result<tian_core::domain::CloseKind, String> {
    tian_core::domain::CloseKind::parse(s).ok_or_else(|| format!("“{s}”无效，应为：满意办结、说明办结、视为满意办结"))
}

pub fn lead_mode(s: &str) -> Result<tian_core::domain::LeadMode, String> {
    tian_core::domain::LeadMode::parse(s).ok_or_else(|| format!("“{s}”无效，应为：联合主办、分办"))
}

/// 再办理 or 办结, the committee's decision on an unsatisfied verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decide {
    Rehandle,
    Close,
}

pub fn decide(s: &str) -> Result<Decide, String> {
    match s.trim() {
        "再办理" => Ok(Decide::Rehandle),
        "办结" | "说明办结" => Ok(Decide::Close),
        other => Err(format!("“{other}”无效，应为：再办理 或 办结")),
    }
}

pub fn review_outcome(s: &str) -> Result<ReviewOutcome, String> {
    chinese(s, "不予立案、并案、转意见建议")
}

/// "事项|责任方|2026-05-01" (the date may be left out).
pub fn follow_up(s: &str) -> Result<FollowUp, String> {
    let mut parts = s.split(['|', '｜']).map(str::trim);
    let item = parts.next().filter(|i| !i.is_empty()).ok_or("落实事项应写成“事项|责任方|2026-05-01”")?;
    let owner = parts.next().unwrap_or_default().to_owned();
    let due = parts.next().filter(|d| !d.is_empty()).map(|d| d.parse::<Date>().map(|d| d.0)).transpose()?;
    Ok(FollowUp { item: item.to_owned(), owner, due })
}

pub fn report_format(s: &str) -> Result<tian_core::ReportFormat, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "docx" => Ok(tian_core::ReportFormat::Docx),
        "pdf" => Ok(tian_core::ReportFormat::Pdf),
        other => Err(format!("不支持的报告格式“{other}”，请用 docx 或 pdf。")),
    }
}

/// “编号=提案号”: a header of the sheet and the ledger column it fills.
pub fn column_mapping(s: &str) -> Result<(String, String), String> {
    match s.split_once(['=', '＝']) {
        Some((from, to)) if !from.trim().is_empty() && !to.trim().is_empty() => {
            Ok((from.trim().to_owned(), to.trim().to_owned()))
        }
        _ => Err(format!("“{s}”应写成“表中列名=台账列名”，如 编号=提案号")),
    }
}

pub fn role(s: &str) -> Result<tian_core::Role, String> {
    tian_core::Role::parse(s).ok_or_else(|| format!("“{s}”无效，应为：committee（提案委员会）或 unit（承办单位）"))
}
