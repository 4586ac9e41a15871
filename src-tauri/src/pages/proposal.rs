//! 提案: one proposal's dossier and timeline, and every step the clerk takes on it.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::dialogs::{ask, save_with, Dialog, SaveOffer};
use crate::workspace::{on, on_reading, reading, Cx, Reply};
use tian_commands::types::*;

#[tauri::command]
pub async fn get_neighbours(
    cx: Cx,
    number: String,
    session: Option<String>,
    list: Option<PageQuery>,
) -> Reply<Neighbours> {
    let app = cx.app;
    on_reading(app, number, session, move |t, id| t.neighbours(id, list.as_ref())).await
}

#[tauri::command]
pub async fn get_dossier(cx: Cx, number: String, session: Option<String>) -> Reply<Dossier> {
    let app = cx.app;
    on_reading(app, number, session, |t, id| t.dossier(id)).await
}

#[tauri::command]
pub async fn close_warnings(cx: Cx, number: String, session: Option<String>) -> Reply<Vec<String>> {
    let app = cx.app;
    on_reading(app, number, session, |t, id| t.close_warnings(id)).await
}

#[tauri::command]
pub async fn reply_warnings(cx: Cx, number: String, session: Option<String>, unit: String) -> Reply<Vec<String>> {
    let app = cx.app;
    on_reading(app, number, session, move |t, id| t.reply_warnings(id, &unit)).await
}

#[tauri::command]
pub async fn read_reply_letter(cx: Cx, path: PathBuf) -> Reply<ReplyLetter> {
    let app = cx.app;
    reading(app, move |t| t.read_reply_letter(&path)).await
}

#[tauri::command]
pub async fn get_kept_draft(cx: Cx, number: String, session: Option<String>) -> Reply<Option<KeptDraft>> {
    let app = cx.app;
    on_reading(app, number, session, |t, id| t.kept_draft(id)).await
}

#[tauri::command]
pub async fn get_timeline(cx: Cx, number: String, session: Option<String>) -> Reply<Vec<TimelineEntry>> {
    let app = cx.app;
    on_reading(app, number, session, |t, id| t.timeline(id)).await
}

/// 相似提案: the proposals and past proposals most like this one.
#[tauri::command]
pub async fn get_similar(cx: Cx, number: String, session: Option<String>) -> Reply<Vec<SimilarProposal>> {
    let app = cx.app;
    on_reading(app, number, session, |t, id| t.similar(id, 10)).await
}

#[tauri::command]
pub fn assign(cx: Cx, number: String, session: Option<String>, assignment: Assignment) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.assign(id, assignment))
}

#[tauri::command]
pub fn correct_assignment(cx: Cx, number: String, session: Option<String>, assignment: Assignment) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.correct_assignment(id, assignment))
}

#[tauri::command]
pub fn add_contact(cx: Cx, number: String, session: Option<String>, contact: Contact) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.add_contact(id, contact))
}

#[tauri::command]
pub fn add_activity(cx: Cx, number: String, session: Option<String>, activity: Activity) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.add_activity(id, activity))
}

#[tauri::command]
pub fn add_reply(cx: Cx, number: String, session: Option<String>, input: ReplyInput) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.add_reply(id, input))
}

#[tauri::command]
pub fn set_suggestion(cx: Cx, number: String, session: Option<String>, progress: SuggestionProgress) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.set_suggestion(id, progress))
}

/// 设为公开 / 设为不公开 a lead unit's answer, with the reason when not.
#[tauri::command]
pub fn set_publicity(
    cx: Cx,
    number: String,
    session: Option<String>,
    reply_id: String,
    is_public: bool,
    reason: String,
) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.set_publicity(id, &reply_id, is_public, &reason))
}

#[tauri::command]
pub fn give_feedback(cx: Cx, number: String, session: Option<String>, input: FeedbackInput) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.give_feedback(id, input))
}

#[tauri::command]
pub fn close(cx: Cx, number: String, session: Option<String>, closure: Closure) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.close(id, closure))
}

#[tauri::command]
pub fn reopen(cx: Cx, number: String, session: Option<String>, date: NaiveDate, reason: String) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.reopen(id, date, &reason))
}

#[tauri::command]
pub fn decide_after_unsatisfied(
    cx: Cx,
    number: String,
    session: Option<String>,
    decision: FeedbackDecision,
) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.decide_after_unsatisfied(id, decision))
}

#[tauri::command]
pub fn request_extension(cx: Cx, number: String, session: Option<String>, request: ExtensionRequest) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.request_extension(id, request))
}

#[tauri::command]
pub fn decide_extension(
    cx: Cx,
    number: String,
    session: Option<String>,
    request_id: String,
    decision: ExtensionDecision,
) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.decide_extension(id, &request_id, decision))
}

#[tauri::command]
pub fn hand_back(cx: Cx, number: String, session: Option<String>, request: HandBackRequest) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.hand_back(id, request))
}

#[tauri::command]
pub fn withdraw(cx: Cx, number: String, session: Option<String>, withdrawal: Withdrawal) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.withdraw(id, withdrawal))
}

/// 撤销: the step the button would take back, if one may be.
#[tauri::command]
pub async fn undoable(cx: Cx, number: String, session: Option<String>) -> Reply<Option<UndoableStep>> {
    let app = cx.app;
    on_reading(app, number, session, |t, id| t.undoable(id)).await
}

#[tauri::command]
pub fn undo(cx: Cx, number: String, session: Option<String>) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.undo(id))
}

#[tauri::command]
pub fn review(cx: Cx, number: String, session: Option<String>, review: Review) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.review(id, review))
}

/// 修改提案信息: the committee corrects a proposal's 案由, 提案者, 摘要 or 建议.
#[tauri::command]
pub fn revise_proposal(cx: Cx, number: String, session: Option<String>, revision: ProposalRevision) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.revise_proposal(id, revision))
}

/// Files for a reply: its text (.docx/.txt) or its attachments, from the
/// native open dialog; empty when the clerk cancels.
#[tauri::command]
pub async fn pick_reply_files(cx: Cx, text: bool) -> Reply<Vec<PathBuf>> {
    let window = cx.window;
    Ok(ask(move || {
        if text {
            Dialog::new(&window, "选择复文（Word 或文本文件）")
                .filter("复文", &["docx", "txt"])
                .pick_file()
                .into_iter()
                .collect()
        } else {
            Dialog::new(&window, "选择附件").pick_files()
        }
    })
    .await)
}

#[tauri::command]
pub fn correct_record(cx: Cx, number: String, session: Option<String>, correction: RecordCorrection) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, p| t.correct_record(p, correction))
}

#[tauri::command]
pub fn delete_record(cx: Cx, number: String, session: Option<String>, kind: RecordKind, id: String) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, p| t.delete_record(p, kind, &id))
}

// 规划部署: commitments suggested for a proposal, and the clerk's verdict.

#[tauri::command]
pub fn get_plan_suggestions(cx: Cx, number: String, session: Option<String>) -> Reply<Vec<PlanSuggestion>> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.plan_suggestions(id))
}

#[tauri::command]
pub fn link_plan(
    cx: Cx,
    number: String,
    session: Option<String>,
    item: String,
    state: PlanLinkState,
) -> Reply<Vec<PlanSuggestion>> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| t.link_plan(id, &item, state))
}

/// 起草复文…: the unit's letter as its answer form now stands, in GB/T 9704
/// form, saved where the clerk chooses (a Word file, to finish there); the
/// path, or `None` when cancelled.
#[tauri::command]
pub async fn draft_reply_letter(
    cx: Cx,
    number: String,
    session: Option<String>,
    draft: LetterDraft,
) -> Reply<Option<String>> {
    let offer =
        SaveOffer {
            title: "起草办理复文", name: format!("第{number}号提案答复.docx"), kind: "Word 文档", ext: "docx"
        };
    let saved = save_with(&cx, offer, |t, path| {
        let id = t.resolve(&number, session.as_deref())?;
        t.export_reply_letter(&id, &draft, ReportFormat::Docx, path)
    })
    .await?;
    Ok(saved.map(|(path, _)| path.display().to_string()))
}
