//! 修改提案信息 from every side: the committee corrects a proposal's text
//! and the unit receives it by the next package; a unit cannot correct it
//! itself; a suggestion whose 落实情况 was recorded keeps its number; a
//! character that shows as nothing is refused with nothing saved.

mod exchange_support;

use exchange_support::{committee_and_unit, day, EDU};
use tian_core::domain::{Assignment, ProposalId, SuggestionProgress, SuggestionState, UnitAssignment, UnitRole};
use tian_core::{ExportMode, ProposalRevision, Tian};

fn as_held(tian: &Tian, id: &ProposalId) -> ProposalRevision {
    let p = tian.dossier(id).unwrap().proposal;
    ProposalRevision { title: p.title, proposer: p.proposer, summary: p.summary, suggestions: p.suggestions }
}

fn to_education(tian: &mut Tian, id: &ProposalId) {
    let lead = UnitAssignment { unit: EDU.into(), role: UnitRole::Lead, contact: String::new(), phone: String::new() };
    tian.assign(id, Assignment { date: day(), units: vec![lead], mode: Default::default() }).unwrap();
}

/// The unit's 落实情况 of suggestion `index`: 正在落实.
fn record_progress(tian: &mut Tian, id: &ProposalId, index: u32) {
    let progress = SuggestionProgress {
        index,
        status: SuggestionState::InProgress,
        evidence: "已列入计划".into(),
        date: Some(day()),
    };
    tian.set_suggestion(id, progress).unwrap();
}

#[test]
fn a_corrected_title_reaches_the_unit_and_a_unit_cannot_correct_one_itself() {
    let dir = tempfile::tempdir().unwrap();
    let (mut committee, mut unit) = committee_and_unit(dir.path());
    committee.set_today(day());
    unit.set_today(day());
    let id = committee.resolve("0069", None).unwrap();
    to_education(&mut committee, &id);
    let mut fixed = as_held(&committee, &id);
    fixed.title = "关于大力发展智慧教育、推进基础教育现代化的建议".into();
    fixed.proposer = "民盟市委会".into();
    let revised = committee.revise_proposal(&id, fixed.clone()).unwrap();
    assert_eq!((revised.proposal.title.as_str(), revised.proposal.proposer.as_str()), (&*fixed.title, "民盟市委会"));
    assert_eq!(revised.proposal.stage, tian_core::domain::Stage::Assigned, "the handling is not touched");

    let down = dir.path().join("down.tianpkg");
    committee.export_package(Some(EDU), ExportMode::Unacknowledged, &down).unwrap();
    unit.import_package(&down).unwrap();
    assert_eq!(unit.dossier(&id).unwrap().proposal.title, fixed.title, "the unit reads the corrected 案由");

    let mut own = fixed.clone();
    own.title = "市教育局改写的案由".into();
    let refused = unit.revise_proposal(&id, own).unwrap_err().to_string();
    assert!(refused.contains("不能修改提案信息"), "{refused}");
    assert_eq!(unit.dossier(&id).unwrap().proposal.title, fixed.title);
}

#[test]
fn a_suggestion_with_recorded_progress_keeps_its_number_and_a_hidden_character_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    tian.set_today(day());
    let id = tian.resolve("0069", None).unwrap();
    to_education(&mut tian, &id);
    let held = as_held(&tian, &id);
    assert!(held.suggestions.len() >= 3, "{held:?}");
    let last = held.suggestions.len() as u32;
    record_progress(&mut tian, &id, last);

    // Dropping the last suggestion would leave its record naming none.
    let mut fewer = held.clone();
    fewer.suggestions.pop();
    let refused = tian.revise_proposal(&id, fewer).unwrap_err().to_string();
    assert!(refused.contains(&format!("第{last}条建议已记录落实情况，不能删去")), "{refused}");

    // Nor may an announcement saved again take it away.
    let mut announced = tian.dossier(&id).unwrap().proposal;
    announced.suggestions.truncate(1);
    let refused = tian.save_proposals(&[announced]).unwrap_err().to_string();
    assert!(refused.contains(&format!("第0069号提案：第{last}条建议已记录落实情况")), "{refused}");
    assert_eq!(tian.dossier(&id).unwrap().proposal.suggestions, held.suggestions);

    // One may be added after it, and the words of any corrected.
    let mut added = held.clone();
    added.suggestions.push("增设一条：定期评估。".into());
    tian.revise_proposal(&id, added.clone()).unwrap();
    // Taking one away before it would hand its record to the next: refused,
    // though as many suggestions would be left as it needs.
    let mut shifted = added.clone();
    shifted.suggestions.remove(0);
    let refused = tian.revise_proposal(&id, shifted).unwrap_err().to_string();
    assert!(refused.contains(&format!("第{last}条建议已记录落实情况，这次修改会使它对应到别的文字")), "{refused}");
    // Nor may one go and another come in a list of the same length: the
    // record would sit on the next suggestion's words.
    let mut rotated = added.clone();
    rotated.suggestions.remove(0);
    rotated.suggestions.push("再增设一条。".into());
    let refused = tian.revise_proposal(&id, rotated).unwrap_err().to_string();
    assert!(refused.contains(&format!("第{last}条建议已记录落实情况")), "{refused}");
    // Its words corrected alone are a correction; the others', apart.
    let mut mended = added.clone();
    mended.suggestions[last as usize - 1] = format!("{}（据原件更正）", mended.suggestions[last as usize - 1]);
    tian.revise_proposal(&id, mended.clone()).unwrap();
    mended.suggestions[0] = format!("{}（据原件更正）", mended.suggestions[0]);
    let after = tian.revise_proposal(&id, mended.clone()).unwrap();
    assert_eq!(after.proposal.suggestions, mended.suggestions);
    assert_eq!(after.suggestion_status[0].index, last, "the recorded progress stays with its number");

    // A blank suggestion, a blank title, or a direction mark: nothing is saved.
    let before = tian.dossier(&id).unwrap().proposal;
    let mut blank = mended.clone();
    blank.suggestions.push("\u{3000}".into());
    let said = tian.revise_proposal(&id, blank).unwrap_err().to_string();
    assert!(said.contains(&format!("第{}条建议是空的", mended.suggestions.len() + 1)), "{said}");
    let mut untitled = mended.clone();
    untitled.title = "\u{200B}".into();
    assert!(tian.revise_proposal(&id, untitled).unwrap_err().to_string().contains("案由不能为空"));
    let mut hidden = mended.clone();
    hidden.title = "关于\u{202E}智慧教育的建议".into();
    let said = tian.revise_proposal(&id, hidden).unwrap_err().to_string();
    assert!(said.contains("U+202E"), "{said}");
    assert_eq!(tian.dossier(&id).unwrap().proposal, before, "nothing refused is saved");
}

/// What a revision writes is what every other path reads back: the kind of
/// proposer follows its name; a name with a hidden character, a suggestion
/// of two lines (a ledger would read it back as two) and a title no cell
/// holds are refused, with nothing saved.
#[test]
fn a_revision_keeps_what_other_paths_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    let id = tian.resolve("0045", None).unwrap();
    let held = as_held(&tian, &id);
    let before = tian.dossier(&id).unwrap().proposal;
    let refused = |tian: &mut Tian, change: &dyn Fn(&mut ProposalRevision)| {
        let mut revision = held.clone();
        change(&mut revision);
        tian.revise_proposal(&id, revision).unwrap_err().to_string()
    };
    assert!(refused(&mut tian, &|r| r.proposer = "市民\u{200D}盟".into()).contains("提案者含有看不见的字符"));
    assert!(refused(&mut tian, &|r| r.suggestions[0] = "甲\n乙".into()).contains("第1条建议中有换行"));
    assert!(refused(&mut tian, &|r| r.title = "长".repeat(501)).contains("案由超过500字"));
    assert!(refused(&mut tian, &|r| r.summary = "长".repeat(20_001)).contains("内容摘要超过20000字"));
    assert_eq!(tian.dossier(&id).unwrap().proposal, before, "nothing refused is saved");

    let mut organisation = held.clone();
    organisation.proposer = "市民盟".into();
    let revised = tian.revise_proposal(&id, organisation).unwrap();
    assert_eq!(revised.proposal.proposer_kind, tian_core::domain::ProposerKind::Organization);
}

/// Two recorded suggestions' words may each be corrected, but not swapped:
/// the records would go with the numbers to the other's words.
#[test]
fn recorded_suggestions_are_corrected_in_place_but_never_swapped() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    tian.set_today(day());
    let id = tian.resolve("0069", None).unwrap();
    to_education(&mut tian, &id);
    for index in [1, 2] {
        record_progress(&mut tian, &id, index);
    }
    let held = as_held(&tian, &id);
    let mut swapped = held.clone();
    swapped.suggestions.swap(0, 1);
    let refused = tian.revise_proposal(&id, swapped).unwrap_err().to_string();
    assert!(refused.contains("第1条建议已记录落实情况，这次修改会使它对应到别的文字"), "{refused}");
    let mut rotated = held.clone();
    rotated.suggestions.rotate_right(1);
    assert!(tian.revise_proposal(&id, rotated).is_err(), "a rotation moves every record");
    assert_eq!(as_held(&tian, &id), held, "nothing refused is saved");

    let mut corrected = held.clone();
    for s in &mut corrected.suggestions[..2] {
        s.push_str("（据原件更正）");
    }
    let after = tian.revise_proposal(&id, corrected.clone()).unwrap();
    assert_eq!(after.proposal.suggestions, corrected.suggestions);
}
