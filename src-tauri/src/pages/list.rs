//! 提案列表: the list, its search and filters, categories set from it, and importing an announcement.

use crate::dialogs::{ask, Dialog};
use crate::workspace::{long, on, reading, with, Cx, Reply};
use tian_commands::types::*;

#[tauri::command]
pub async fn list_page(cx: Cx, query: PageQuery) -> Reply<ListPage> {
    let app = cx.app;
    reading(app, move |t| t.list_page(&query)).await
}

#[tauri::command]
pub async fn search(cx: Cx, query: SearchQuery) -> Reply<Vec<SearchHit>> {
    let app = cx.app;
    reading(app, move |t| t.search(&query)).await
}

#[tauri::command]
pub async fn list_sessions(cx: Cx) -> Reply<Vec<SessionSummary>> {
    let app = cx.app;
    reading(app, move |t| t.sessions()).await
}

#[tauri::command]
pub async fn list_units(cx: Cx) -> Reply<Vec<UnitSummary>> {
    let app = cx.app;
    reading(app, move |t| t.units()).await
}

#[tauri::command]
pub async fn list_leaders(cx: Cx) -> Reply<Vec<LeaderSummary>> {
    let app = cx.app;
    reading(app, move |t| t.leaders()).await
}

/// 设置类别 of one proposal (`None` clears it).
#[tauri::command]
pub fn set_category(cx: Cx, number: String, session: Option<String>, category: Option<String>) -> Reply<Dossier> {
    let workspace = cx.workspace();
    on(&workspace, &number, session, |t, id| {
        t.set_category(std::slice::from_ref(id), category.as_deref())?;
        t.dossier(id)
    })
}

/// 批量设置类别 of every proposal the list's filters pick; how many changed.
#[tauri::command]
pub fn set_category_where(cx: Cx, filters: ProposalFilters, category: Option<String>) -> Reply<usize> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.set_category_where(&filters, category.as_deref()))
}

/// 设置类别 of the rows the clerk selected, each (提案号, 届次); how many changed.
#[tauri::command]
pub fn set_category_of(cx: Cx, proposals: Vec<(String, String)>, category: Option<String>) -> Reply<usize> {
    let workspace = cx.workspace();
    with(&workspace, |t| {
        let ids = proposals
            .iter()
            .map(|(number, session)| t.resolve(number, Some(session)))
            .collect::<tian_core::Result<Vec<_>>>()?;
        t.set_category(&ids, category.as_deref())
    })
}

/// The last category change, to offer taking it back: (类别, 件数).
#[tauri::command]
pub async fn last_category_change(cx: Cx) -> Reply<Option<(String, usize)>> {
    let app = cx.app;
    reading(app, |t| t.last_category_change()).await
}

/// 撤销 the last category change, to one proposal or many; how many went back.
#[tauri::command]
pub fn undo_category_change(cx: Cx) -> Reply<usize> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.undo_category_change())
}

/// Asks for an announcement file in the native open dialog and imports it;
/// `None` when the clerk cancels.
#[tauri::command]
pub async fn import_announcement(cx: Cx) -> Reply<Option<ImportReport>> {
    let app = cx.app;
    let window = cx.window;
    let picked = ask(move || {
        Dialog::new(&window, "选择重点提案公告文件")
            .filter("文本文件", &["txt", "TXT"])
            .filter("所有文件", &["*"])
            .pick_file()
    })
    .await;
    match picked {
        Some(path) => long(app, "导入提案公告", move |t| t.import_announcement_file(&path)).await.map(Some),
        None => Ok(None),
    }
}
