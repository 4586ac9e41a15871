//! 设置: the local rules of this installation, which vary from city to city,
//! and the name the audit trail records for the person working here.

use serde::{Deserialize, Serialize};
use tian_domain::{AnswerClass, DeadlineRules};
use ts_rs::TS;

use crate::figures::EvaluationWeights;
use crate::{Result, Tian};

const KEY: &str = "settings";

/// 设置.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Settings {
    /// 经办人: recorded with every change; empty means the system account.
    pub user_name: String,
    pub deadlines: DeadlineRules,
    /// 答复类别 and their wording; D is offered only where the city uses it.
    pub answer_classes: Vec<AnswerClassLabel>,
    /// 发文机关: the body that signs the supervision reports.
    pub issuer: String,
    /// 主送机关: whom the 督办报告 is addressed to; empty for none.
    pub report_recipient: String,
    /// 时钟容差: how many hours ahead of this PC's clock a received change
    /// may be stamped. A PC whose clock runs further ahead (or a forged
    /// stamp) would otherwise win every later edit of the fields it touched.
    pub clock_skew_hours: u32,
    /// 备份空间: how many MB the backups may take together; the oldest go
    /// first when they take more, never the newest three.
    pub backup_space_mb: u32,
    /// 视为满意: whether a proposal whose proposer returned no feedback
    /// within the feedback time (反馈时限) may be closed as 视为满意办结.
    pub deemed_satisfied: bool,
    /// 提案类别: this city's list of categories, in the order it reports them.
    pub categories: Vec<String>,
    /// 版头 and 版记 of the 督办报告, an upward document (GB/T 9704).
    pub report_form: ReportForm,
    /// 交换提醒: after how many days without a package from a trusted
    /// installation the exchange page says it has gone silent.
    pub silence_days: u32,
    /// 送达提醒: an answer that reached the committee more than this many
    /// days after its date is flagged (按期 is still judged on its date).
    pub late_arrival_days: u32,
    /// 考评权重: the points each rate weighs in the yearly 办理工作考评.
    pub evaluation: EvaluationWeights,
}

/// 报告版式: what the 督办报告 carries above its title and at its foot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ReportForm {
    /// 发文机关标志, in red over the 发文字号; empty for no 版头.
    pub mark: String,
    /// 抄送机关, separated by 、 or ，; empty for no 抄送 line.
    pub copy_to: String,
    /// 印发机关; empty for no 版记.
    pub printed_by: String,
    /// 联系人 and 联系电话, in the 附注 under the 成文日期; both empty for none.
    pub contact: String,
    pub phone: String,
}

impl Default for ReportForm {
    fn default() -> Self {
        ReportForm {
            mark: "市政协提案委员会".to_owned(),
            copy_to: String::new(),
            printed_by: "市政协提案委员会办公室".to_owned(),
            contact: String::new(),
            phone: String::new(),
        }
    }
}

impl ReportForm {
    /// 抄送机关 as a list.
    pub fn copy_to_list(&self) -> Vec<String> {
        self.copy_to
            .split(['、', '，', ',', ';', '；', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// 附注: “（联系人：张明；联系电话：0311-86681234）”, or `None`.
    pub fn note(&self) -> Option<String> {
        let parts: Vec<String> = [("联系人", self.contact.trim()), ("联系电话", self.phone.trim())]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}：{v}"))
            .collect();
        (!parts.is_empty()).then(|| format!("（{}）", parts.join("；")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AnswerClassLabel {
    pub class: AnswerClass,
    pub label: String,
    pub enabled: bool,
}

impl Default for Settings {
    fn default() -> Self {
        let label = |class, label: &str, enabled| AnswerClassLabel { class, label: label.to_owned(), enabled };
        Settings {
            user_name: String::new(),
            deadlines: DeadlineRules::default(),
            answer_classes: vec![
                label(AnswerClass::A, "所提问题已经解决或基本解决", true),
                label(AnswerClass::B, "所提问题正在解决或已列入计划逐步解决", true),
                label(AnswerClass::C, "因条件限制或其他原因暂时不能解决、留作参考", true),
                label(AnswerClass::D, "留作参考", false),
            ],
            issuer: "市政协提案委员会".to_owned(),
            report_recipient: "市政协主席会议".to_owned(),
            clock_skew_hours: 24,
            backup_space_mb: 2048,
            deemed_satisfied: false,
            categories: default_categories(),
            report_form: ReportForm::default(),
            silence_days: 21,
            late_arrival_days: 15,
            evaluation: EvaluationWeights::default(),
        }
    }
}

impl Settings {
    pub fn class_enabled(&self, class: AnswerClass) -> bool {
        self.answer_classes.iter().any(|c| c.class == class && c.enabled)
    }
}

impl Tian {
    pub fn settings(&self) -> Result<Settings> {
        let stored = self.store.read().meta(KEY)?;
        Ok(stored.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default())
    }

    pub fn save_settings(&mut self, settings: &Settings) -> Result<()> {
        // A unit keeps its own 经办人, backup space and 交换提醒; the rest is
        // the committee's rules and report.
        let held = self.settings()?;
        let own = Settings {
            user_name: held.user_name.clone(),
            backup_space_mb: held.backup_space_mb,
            silence_days: held.silence_days,
            ..settings.clone()
        };
        if own != held {
            self.committee_only("修改办理规则和报告设置")?;
        }
        if !(1..=365).contains(&settings.silence_days) {
            return Err(crate::CoreError::Invalid("交换提醒的天数应在 1 到 365 天之间。".into()));
        }
        if !(1..=365).contains(&settings.late_arrival_days) {
            return Err(crate::CoreError::Invalid("送达提醒的天数应在 1 到 365 天之间。".into()));
        }
        if let Some(problem) = settings.evaluation.problem() {
            return Err(crate::CoreError::Invalid(problem));
        }
        self.store_settings(settings)
    }

    /// Keeps `settings` as they are: the clerk's, once allowed, or the
    /// committee's rules a unit takes from its 初始化文件.
    pub(crate) fn store_settings(&mut self, settings: &Settings) -> Result<()> {
        // Categories as the clerk typed them, less blanks and repeats.
        let mut settings = settings.clone();
        let mut categories: Vec<String> = Vec::new();
        for c in settings.categories.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
            if !categories.iter().any(|known| known == c) {
                categories.push(c.to_owned());
            }
        }
        settings.categories = categories;
        let json = serde_json::to_string(&settings).expect("settings serialise");
        let rules_changed = self.settings()?.deadlines != settings.deadlines;
        self.store.set_meta(KEY, &json)?;
        // The 办理数字 rows were decided by the old deadlines.
        if rules_changed {
            self.store.stale_all_facts()?;
        }
        if !settings.user_name.trim().is_empty() {
            self.actor = settings.user_name.trim().to_owned();
        }
        Ok(())
    }
}

/// The categories a city starts with, after the headings its five-year
/// summaries report under.
pub(crate) fn default_categories() -> Vec<String> {
    ["经济建设", "科技创新", "社会民生", "教育文化", "卫生健康", "生态环境", "城乡建设", "民主法治", "其他"]
        .map(String::from)
        .to_vec()
}
