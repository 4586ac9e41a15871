//! 办理过程: the audit trail of a proposal as a timeline of the clerk's
//! actions, each with who, when, and every field's old and new value.

use chrono::{DateTime, Local};
use serde::Serialize;
use serde_json::Value;
use tian_domain::{dates::format_cn, ProposalId};
use tian_store::{CommonField, Entity, ProposalField, ReplyField, Target};
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

fn entity_label(entity: Entity) -> &'static str {
    match entity {
        Entity::Contact => "沟通",
        Entity::Activity => "督办活动",
        Entity::Reply => "办理复文",
        Entity::Feedback => "反馈",
        Entity::Suggestion => "建议落实",
        Entity::Extension => "延期申请",
        Entity::HandBack => "退回",
        Entity::Proposal | Entity::History | Entity::PlanItem | Entity::PlanLink => "",
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
                format!("{}：{}", if k == "summary" { "情况" } else { tian_domain::words::field_label(k) }, show(v))
            })
            .collect::<Vec<_>>()
            .join("；"),
    }
}

/// 分办: each unit's own course as the clerk reads it: "市财政局第2轮（2026年6月2日决定再办理，期限2026年7月31日）".
fn show_unit_rounds(rounds: &[tian_domain::UnitRound]) -> String {
    if rounds.is_empty() {
        return "（空）".into();
    }
    let one = |r: &tian_domain::UnitRound| {
        let mut said = Vec::new();
        if let Some(since) = r.since {
            said.push(format!("{}决定再办理", format_cn(since)));
        }
        if let Some(due) = r.due {
            said.push(format!("期限{}", format_cn(due)));
        }
        if let Some(explained) = &r.explained {
            said.push(format!("{}说明办结：{}", format_cn(explained.date), explained.text));
        }
        let detail = if said.is_empty() { String::new() } else { format!("（{}）", said.join("，")) };
        format!("{}第{}轮{detail}", r.unit, r.round)
    };
    rounds.iter().map(one).collect::<Vec<_>>().join("；")
}

/// A 交办 as the clerk reads it: each unit with its own contact, then how the
/// lead units answer. (As a plain record it read 联系人 before 单位, so each
/// contact seemed to belong to the unit before it.)
fn show_assignment(assignment: &tian_domain::Assignment) -> String {
    let unit = |u: &tian_domain::UnitAssignment| {
        let reach: Vec<&str> = [u.contact.trim(), u.phone.trim()].into_iter().filter(|s| !s.is_empty()).collect();
        if reach.is_empty() {
            u.unit.clone()
        } else {
            format!("{}（联系人：{}）", u.unit, reach.join(" "))
        }
    };
    let mut parts = vec![format!("交办日期：{}", format_cn(assignment.date))];
    for (role, word) in [(tian_domain::UnitRole::Lead, "主办"), (tian_domain::UnitRole::Co, "会办")] {
        let units: Vec<String> = assignment.units.iter().filter(|u| u.role == role).map(unit).collect();
        if !units.is_empty() {
            parts.push(format!("{word}：{}", units.join("、")));
        }
    }
    if assignment.units.iter().filter(|u| u.role == tian_domain::UnitRole::Lead).count() > 1 {
        parts.push(format!("主办方式：{}", assignment.mode.label()));
    }
    parts.join("；")
}

impl Tian {
    /// Every action on proposal `id` and its records, oldest first.
    pub fn timeline(&self, id: &ProposalId) -> Result<Vec<TimelineEntry>> {
        let mut entries: Vec<TimelineEntry> = Vec::new();
        let mut current: Option<(String, i64)> = None;
        let signers: std::collections::HashMap<String, String> =
            self.store.read().peers()?.into_iter().map(|p| (p.fingerprint, p.name)).collect();
        // What each field held before each change, as this installation's
        // log has it: a received change's own word on it is not kept.
        let mut held: std::collections::HashMap<(Target, String), Value> = Default::default();
        for op in self.store.read().history(id)? {
            let entity = op.target.entity();
            if op.target.is_common(CommonField::ProposalId) {
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
            let before = held.insert((op.target, op.entity_id.clone()), op.value.clone());
            let before = before.or_else(|| op.prev_value.clone().filter(|_| op.via.is_none()));
            let blank =
                matches!(&op.value, Value::String(s) if s.is_empty()) || op.value.as_array().is_some_and(Vec::is_empty);
            if before.is_none() && blank {
                // A new record's empty fields say nothing worth reading.
                continue;
            }
            let entry = entries.last_mut().expect("an entry was just pushed");
            // A record deleted or restored is said as such, not as a field.
            if op.target.is_common(CommonField::Deleted) {
                let gone = tian_store::fields::is_yes(&op.value);
                let what = match entity_label(entity) {
                    "" => "记录",
                    entity => entity,
                };
                entry.changes.push(TimelineChange {
                    field: what.to_owned(),
                    before: None,
                    after: if gone { "已删除" } else { "已恢复" }.to_owned(),
                });
                continue;
            }
            // A letter's number is its 文号, not a proposal's 提案号.
            let label = if op.target.is(ReplyField::Number) {
                "复文文号"
            } else {
                tian_domain::words::field_label(op.target.name())
            };
            let field = match entity_label(entity) {
                "" => label.to_owned(),
                entity => format!("{entity}·{label}"),
            };
            // A few fields hold a code rather than words; say it as the window does.
            let target = op.target;
            let say = |value: &Value| {
                if target.is(ProposalField::ProposerKind) {
                    serde_json::from_value::<tian_domain::ProposerKind>(value.clone())
                        .map_or_else(|_| show(value), |kind| kind.label().to_owned())
                } else if target.is(ProposalField::Assignment) {
                    serde_json::from_value::<tian_domain::Assignment>(value.clone())
                        .map_or_else(|_| show(value), |a| show_assignment(&a))
                } else if target.is(ProposalField::UnitRounds) {
                    serde_json::from_value::<Vec<tian_domain::UnitRound>>(value.clone())
                        .map_or_else(|_| show(value), |rounds| show_unit_rounds(&rounds))
                } else if target.is(ReplyField::Class) {
                    value.as_str().map_or_else(|| show(value), |c| format!("{c}类"))
                } else {
                    show(value)
                }
            };
            entry.changes.push(TimelineChange { field, before: before.as_ref().map(say), after: say(&op.value) });
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

    #[test]
    fn an_assignment_reads_each_unit_with_its_own_contact() {
        let assignment: tian_domain::Assignment = serde_json::from_value(json!({
            "date": "2026-03-01",
            "mode": "分办",
            "units": [
                { "unit": "市财政局", "role": "主办", "contact": "张科长", "phone": "0311-1234" },
                { "unit": "市科技局", "role": "主办", "contact": "李科长", "phone": "" },
                { "unit": "市教育局", "role": "会办", "contact": "", "phone": "" },
            ],
        }))
        .unwrap();
        assert_eq!(
            super::show_assignment(&assignment),
            "交办日期：2026年3月1日；主办：市财政局（联系人：张科长 0311-1234）、市科技局（联系人：李科长）；会办：市教育局；主办方式：分办"
        );
    }
}
