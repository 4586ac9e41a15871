//! How results look on the terminal: JSON for programs, plain Chinese text
//! for people.

use serde::Serialize;
use tian_core::domain::Proposal;

pub fn one<T: Serialize>(value: &T, json: bool, human: impl Fn(&T) -> String) -> String {
    if json {
        serde_json::to_string_pretty(value).expect("domain values serialise")
    } else {
        human(value)
    }
}

pub fn many<T: Serialize>(values: &[T], json: bool, human: impl Fn(&T) -> String) -> String {
    if json {
        serde_json::to_string_pretty(values).expect("domain values serialise")
    } else if values.is_empty() {
        "（没有符合条件的记录）".to_owned()
    } else {
        values.iter().map(human).collect::<Vec<_>>().join("\n")
    }
}

pub fn proposal_line(p: &Proposal) -> String {
    format!(
        "第{}号  [{}]  {}\n        提案者：{}  主办：{}  督办：{}",
        p.number,
        p.stage,
        p.title,
        p.proposer,
        p.lead_units.join("、"),
        p.leaders().collect::<Vec<_>>().join("、"),
    )
}

pub fn proposal_detail(p: &Proposal) -> String {
    let mut out = format!(
        "{}\n第{}号（{}）  提案者：{}（{}）  阶段：{}\n",
        p.title,
        p.number,
        p.session,
        p.proposer,
        p.proposer_kind.label(),
        p.stage
    );
    out += &format!("\n内容摘要：{}\n\n建议：\n", p.summary);
    for (i, s) in p.suggestions.iter().enumerate() {
        out += &format!("  {}. {}\n", i + 1, s);
    }
    out += &format!(
        "\n市政府领导：{}\n市政协领导：{}\n市政府主办部门：{}\n市政协协办部门：{}",
        p.gov_leaders.join(" "),
        p.cppcc_leaders.join(" "),
        p.lead_units.join(" "),
        p.co_committees.join(" "),
    );
    if let Some(category) = &p.category {
        out += &format!("\n类别：{category}");
    }
    out
}
