//! 办理过程: the audit trail of a proposal as a timeline of the clerk's
//! actions, each with who, when, and every field's old and new value.

use chrono::{DateTime, Local};
use serde::Serialize;
use serde_json::Value;
use tian_domain::{dates::format_cn, ProposalId};
use ts_rs::TS;

use crate::{Result, Tian};

/// One action in the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TimelineEntry {
    /// "2026年3月1日 14:05", local time of the installation that acted.
    pub at: String,
    pub actor: String,
    /// "交办", "录入答复" …
    pub action: String,
    pub changes: Vec<TimelineChange>,
}

/// One field changed by an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TimelineChange {
    /// "办理阶段", "办理复文·答复类别" …
    pub field: String,
    pub before: Option<String>,
    pub after: String,
}

fn entity_label(entity: &str) -> &str {
    match entity {
        "contact" => "沟通",
        "activity" => "督办活动",
        "reply" => "办理复文",
        "feedback" => "反馈",
        "suggestion" => "建议落实",
        _ => "",
    }
}

fn field_label(field: &str) -> &str {
    match field {
        "number" => "提案号",
        "session" => "届次",
        "title" => "案由",
        "proposer" => "提案者",
        "proposer_kind" => "提案者类别",
        "summary" => "内容摘要",
        "suggestions" => "建议",
        "category" => "类别",
        "gov_leaders" => "市政府领导",
        "cppcc_leaders" => "市政协领导",
        "lead_units" => "主办部门",
        "co_committees" => "协办专委会",
        "stage" => "办理阶段",
        "round" => "办理轮次",
        "assignment" => "交办",
        "rehandling_start" => "再办理起算日",
        "closure" => "办结",
        "review" => "审查结论",
        "date" => "日期",
        "method" => "方式",
        "unit" => "单位",
        "units" => "单位",
        "people" => "参加人员",
        "content" => "内容",
        "kind" => "形式",
        "place" => "地点",
        "leaders" => "领导",
        "follow_ups" => "落实事项",
        "lead" => "主办",
        "class" => "答复类别",
        "signer" => "签发领导",
        "contact" => "联系人",
        "text" => "复文",
        "attachments" => "附件",
        "public" => "公开",
        "result" => "评价",
        "comment" => "意见",
        "index" => "建议序号",
        "status" => "落实情况",
        "evidence" => "佐证",
        "outcome" => "结论",
        "reason" => "理由",
        "merged_into" => "并入",
        "role" => "角色",
        "phone" => "电话",
        "name" => "文件",
        "item" => "事项",
        "owner" => "责任方",
        "due" => "期限",
        other => other,
    }
}

/// A value as a person reads it: dates the Chinese way, lists joined, records as "标签：值".
fn show(value: &Value) -> String {
    match value {
        Value::Null => "（空）".into(),
        Value::Bool(b) => if *b { "是" } else { "否" }.into(),
        Value::String(s) => match s.parse::<chrono::NaiveDate>() {
            Ok(date) if s.len() == 10 => format_cn(date),
            _ => s.clone(),
        },
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(show).collect::<Vec<_>>().join("、"),
        Value::Object(fields) => fields
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "sha256" | "size" | "id"))
            // Inside a record "summary" is 办理成效 or 活动情况, not the proposal's 内容摘要.
            .map(|(k, v)| format!("{}：{}", if k == "summary" { "情况" } else { field_label(k) }, show(v)))
            .collect::<Vec<_>>()
            .join("；"),
    }
}

impl Tian {
    /// Every action on proposal `id` and its records, oldest first.
    pub fn timeline(&self, id: &ProposalId) -> Result<Vec<TimelineEntry>> {
        let mut entries: Vec<TimelineEntry> = Vec::new();
        let mut current: Option<(String, i64)> = None;
        for op in self.store.read().history(id)? {
            if op.field == "proposal_id" {
                continue;
            }
            let key = (op.origin.clone(), op.batch);
            if current.as_ref() != Some(&key) {
                let at = DateTime::from_timestamp_millis(op.hlc.wall_ms).unwrap_or_default().with_timezone(&Local);
                entries.push(TimelineEntry {
                    at: format!("{} {}", format_cn(at.date_naive()), at.format("%H:%M")),
                    actor: op.actor.clone(),
                    action: if op.action.is_empty() { "修改".into() } else { op.action.clone() },
                    changes: Vec::new(),
                });
                current = Some(key);
            }
            let blank =
                matches!(&op.value, Value::String(s) if s.is_empty()) || op.value.as_array().is_some_and(Vec::is_empty);
            if op.prev_value.is_none() && blank {
                // A new record's empty fields say nothing worth reading.
                continue;
            }
            let field = match entity_label(&op.entity) {
                "" => field_label(&op.field).to_owned(),
                entity => format!("{entity}·{}", field_label(&op.field)),
            };
            let entry = entries.last_mut().expect("an entry was just pushed");
            entry.changes.push(TimelineChange {
                field,
                before: op.prev_value.as_ref().map(show),
                after: show(&op.value),
            });
        }
        Ok(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::show;
    use serde_json::json;

    #[test]
    fn values_read_as_a_person_would_say_them() {
        assert_eq!(show(&json!("2026-03-01")), "2026年3月1日");
        assert_eq!(show(&json!(["市财政局", "市科技局"])), "市财政局、市科技局");
        assert_eq!(show(&json!({"date": "2026-05-20", "summary": "已落实"})), "日期：2026年5月20日；情况：已落实");
        assert_eq!(show(&json!(null)), "（空）");
    }
}
