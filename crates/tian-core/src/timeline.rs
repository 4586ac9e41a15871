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
    /// Who made the change, as the installation that made it recorded.
    pub actor: String,
    /// 经由: for a change received in an exchange package, the installation
    /// whose key signed that package, as this one verified it ("市教育局");
    /// `None` for changes made here.
    pub received_from: Option<String>,
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
        "extension" => "延期申请",
        "hand_back" => "退回",
        _ => "",
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
            .map(|(k, v)| {
                format!("{}：{}", if k == "summary" { "情况" } else { tian_store::fields::label(k) }, show(v))
            })
            .collect::<Vec<_>>()
            .join("；"),
    }
}

impl Tian {
    /// Every action on proposal `id` and its records, oldest first.
    pub fn timeline(&self, id: &ProposalId) -> Result<Vec<TimelineEntry>> {
        let mut entries: Vec<TimelineEntry> = Vec::new();
        let mut current: Option<(String, i64)> = None;
        let signers: std::collections::HashMap<String, String> =
            self.store.read().peers()?.into_iter().map(|p| (p.fingerprint, p.name)).collect();
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
                    received_from: op.via.as_ref().map(|fp| signers.get(fp).cloned().unwrap_or_else(|| fp.clone())),
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
                "" => tian_store::fields::label(&op.field).to_owned(),
                entity => format!("{entity}·{}", tian_store::fields::label(&op.field)),
            };
            let entry = entries.last_mut().expect("an entry was just pushed");
            // A few fields hold a code rather than words; say it as the window does.
            let say = |value: &Value| match op.field.as_str() {
                "proposer_kind" => serde_json::from_value::<tian_domain::ProposerKind>(value.clone())
                    .map_or_else(|_| show(value), |kind| kind.label().to_owned()),
                _ => show(value),
            };
            entry.changes.push(TimelineChange {
                field,
                before: op.prev_value.as_ref().map(say),
                after: say(&op.value),
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
