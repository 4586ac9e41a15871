//! 报告的评价与建议: the paragraphs of a 督办报告 that judge rather than
//! count, drafted from the same figures: how the units worked (on time and
//! late), typical cases with their results, the causes the figures point
//! to, and what the committee recommends to the 主席会议. The clerk may
//! rewrite any of them before export (see `edits`).

use tian_domain::{percent, DeadlineRules, SuggestionState, Urgency};

use crate::figures::Figures;
use crate::handling::forms::owing;
use crate::proposals::dossier::{Dossier, Naming};

/// 总体评价: one sentence on the handling as a whole, worded by the
/// figures a secretary reads first.
pub(super) fn judgement(figures: &Figures) -> Option<String> {
    if figures.assigned == 0 {
        return None;
    }
    // Judged on the answers already due: one not yet due is neither on time nor late.
    let late = figures.late_replies + figures.overdue;
    let due = figures.on_time.count + late;
    let pace = match (due, late) {
        (0, _) => "各承办单位正在办理，尚未到答复期限".to_owned(),
        (_, 0) => "已到期限的答复均按期办复，办理总体及时".to_owned(),
        _ => match percent(figures.on_time.count, due) {
            r if r >= 60.0 => format!("多数承办单位能够按期办复，但仍有{late}件逾期"),
            _ => format!("到期的答复中{late}件逾期，办理进度明显滞后"),
        },
    };
    let quality = if figures.with_feedback == 0 {
        "办理质量有待提案者评价".to_owned()
    } else if figures.satisfied.rate >= 90.0 {
        format!("提案者满意和基本满意率{}%，办理质量得到提案者认可", figures.satisfied.rate)
    } else {
        let unsatisfied = figures.with_feedback - figures.satisfied.count;
        format!("满意和基本满意率{}%，仍有{unsatisfied}份答复提案者不满意", figures.satisfied.rate)
    };
    Some(format!("总体看，{pace}；{quality}。"))
}

/// Whether lead unit `unit`'s answer owed now on `d`, the first or a 再办理
/// answer, is past its due date: the 逾期未答复 of the figures, as the
/// 催办函 names it.
fn overdue_now(d: &Dossier, unit: &str, rules: &DeadlineRules) -> bool {
    owing(d, unit, rules, d.as_of).is_some_and(|o| o.deadline.urgency == Urgency::Overdue)
}

/// 承办单位办理情况: the lead units that answered on time, and those late
/// or still owing past their date (a 再办理 answer included), each named once.
pub(super) fn units_on_time_and_late(dossiers: &[Dossier], rules: &DeadlineRules) -> Option<String> {
    let (mut on_time, mut late): (Vec<&str>, Vec<String>) = (Vec::new(), Vec::new());
    let naming = Naming::of(dossiers);
    // A withdrawn proposal owes nothing: its unit is neither on time nor late.
    for d in dossiers {
        for unit in &d.handling.lead_units {
            let Some(in_time) = d.answered_on_time(unit) else { continue };
            if in_time && !overdue_now(d, unit, rules) {
                if !on_time.contains(&unit.as_str()) {
                    on_time.push(unit);
                }
            } else {
                let entry = format!("{unit}（{}）", naming.number(d));
                if !late.contains(&entry) {
                    late.push(entry);
                }
            }
        }
    }
    // A unit late on one proposal is not listed as on time for the others.
    on_time.retain(|u| !late.iter().any(|l| l.starts_with(&format!("{u}（"))));
    if on_time.is_empty() && late.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !on_time.is_empty() {
        parts.push(format!("{}等{}个单位按期答复", on_time.join("、"), on_time.len()));
    }
    if !late.is_empty() {
        parts.push(format!("{}逾期答复或逾期未答复", late.join("、")))
    }
    Some(format!("从承办单位看，{}。", parts.join("；")))
}

/// 典型案例: up to three proposals whose suggestions were carried out, the
/// most carried out first, each with what the unit did.
pub(super) fn typical_cases(dossiers: &[Dossier]) -> Option<String> {
    // Not one the proposer turned down or the committee has yet to decide on.
    let mut cases: Vec<&Dossier> = dossiers
        .iter()
        .filter(|d| d.progress.done > 0)
        .filter(|d| d.satisfaction() != Some(tian_domain::Satisfaction::Unsatisfied) && !d.awaits_decision())
        .collect();
    cases.sort_by(|a, b| b.progress.done.cmp(&a.progress.done).then(a.proposal.number.cmp(&b.proposal.number)));
    let naming = Naming::of(dossiers);
    let cited: Vec<String> = cases
        .iter()
        .take(3)
        .map(|d| {
            let units = d.handling.lead_units.join("、");
            let evidence = d
                .suggestion_status
                .iter()
                .find(|s| s.status == SuggestionState::Done && !s.evidence.trim().is_empty())
                .map(|s| format!("，如第{}条建议：{}", s.index, super::without_stop(&s.evidence)))
                .unwrap_or_default();
            format!("{}《{}》，{units}落实建议{}条{evidence}", naming.number(d), d.proposal.title, d.progress.done)
        })
        .collect();
    (!cited.is_empty()).then(|| format!("典型案例：{}。", cited.join("；")))
}

/// 原因分析: the causes the figures point to, in the committees' own words.
pub(super) fn causes(dossiers: &[Dossier], figures: &Figures) -> Option<String> {
    let mut found = Vec::new();
    // Only where units reported how their suggestions went: none reported is not none carried out.
    let (total, done): (u32, u32) = dossiers
        .iter()
        .filter(|d| d.reply_timing.is_some_and(|t| t.replied.is_some()) && d.suggestions_judged())
        .fold((0, 0), |(t, n), d| (t + d.progress.total, n + d.progress.done));
    if figures.replied.count > 0 && total > 0 && percent(done, total) < 30.0 {
        found.push(format!(
            "有的单位重答复、轻落实，已答复提案的{total}条建议中已落实的仅{done}条（{}%）",
            percent(done, total)
        ));
    }
    if let (Some(contacted), Some(met)) = (figures.contacted, figures.met) {
        if contacted.rate < 80.0 || met.rate < 50.0 {
            found.push(format!("答复前与提案者沟通协商不够，沟通率{}%、面商率{}%", contacted.rate, met.rate));
        }
    } else if figures.replied.count > 0 {
        found.push("答复前与提案者的沟通协商没有记录".to_owned());
    }
    if figures.overdue + figures.late_replies > 0 {
        found.push("个别单位对办理时限重视不够，主要负责同志过问不够".to_owned());
    }
    if figures.undecided + figures.rehandling > 0 {
        found.push("部分答复针对性不强，提案者不满意而需再办理".to_owned());
    }
    (!found.is_empty()).then(|| format!("从数据看，问题的原因主要是：{}。", found.join("；")))
}

/// 建议: what the committee asks of the 主席会议 for the late units, and to
/// keep the handling under review.
pub(super) fn recommendations(dossiers: &[Dossier], figures: &Figures, rules: &DeadlineRules) -> String {
    let mut late: Vec<&str> = Vec::new();
    for d in dossiers {
        for unit in &d.handling.lead_units {
            if overdue_now(d, unit, rules) && !late.contains(&unit.as_str()) {
                late.push(unit);
            }
        }
    }
    let notice = if late.is_empty() {
        String::new()
    } else {
        format!("对逾期未答复的{}予以通报，限期答复；", late.join("、"))
    };
    let unsatisfied = figures.undecided + figures.rehandling > 0
        || figures.verdicts.iter().any(|(v, s)| *v == tian_domain::Satisfaction::Unsatisfied && s.count > 0);
    let follow = if unsatisfied { "对提案者不满意的答复跟踪再办理，" } else { "" };
    format!("建议主席会议：{notice}将重点提案办理情况纳入对承办单位的年度督查考核；{follow}推动办理成果落到实处。")
}
