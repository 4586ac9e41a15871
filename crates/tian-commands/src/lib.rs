//! 窗口命令: every command the window can send, declared once.
//!
//! Each command is written here with its page, its name, its arguments and
//! what it answers. From this one list the window's shell (`src-tauri`)
//! builds its handler list and checks that each command's function takes
//! and gives exactly these types, and [`typescript`] writes
//! `ui/src/bindings/commands.ts`, the typed calls the UI makes. A name, an
//! argument or a type changed on one side alone no longer compiles, on
//! either side, instead of failing when the clerk clicks.
//!
//! The events the shell sends the window ([`JOB`], [`OPEN_FILE`],
//! [`BACKUPS_CHANGED`]) and the list's page size ([`LIST_PAGE_SIZE`]) are
//! declared here too, for the same reason.
//!
//! This crate knows nothing of Tauri: `sync` commands run on the window's
//! main thread, `async` ones on a worker, as the shell declares them.

use std::collections::BTreeSet;
use std::marker::PhantomData;

use ts_rs::{Config, TypeVisitor, TS};

/// The types the declarations name, for the macro's callers to bring into scope.
pub mod types {
    pub use super::AnyValue;
    pub use chrono::NaiveDate;
    pub use std::collections::BTreeMap;
    pub use std::path::PathBuf;
    pub use tian_core::domain::{
        Activity, Assignment, Closure, Contact, DirectoryUnit, ExtensionDecision, LeaderSummary, PlanLinkState, Review,
        SessionSummary, SuggestionProgress, UnitSummary, Withdrawal,
    };
    pub use tian_core::{
        ArchiveCheck, ArchiveSummary, BackupInfo, BatchImport, ColumnMapping, Conflict, Dashboard, DocumentRequest,
        Dossier, Evaluation, ExportMode, ExportSummary, ExtensionRequest, FaceUse, FeedbackDecision, FeedbackInput,
        FieldRef, HandBackRequest, HistoryHit, HistoryImport, Identity, ImportReport, Job, KeptDraft, KeyPreview,
        LedgerPreview, LetterDraft, ListPage, Neighbours, OfficialDocument, PackageImport, PageImage, PageQuery,
        PlanSuggestion, ProposalFilters, ProposalRevision, Publication, ReceiptLedger, RecordCorrection, RecordKind,
        ReplyInput, ReplyLetter, ReportFile, ReportFormat, ReportParagraph, ReportScope, ReportedFigures, Role,
        SafetyPoint, SearchHit, SearchQuery, Settings, SetupPreview, SimilarProposal, Statistics, SyncStatus,
        TimelineEntry, UndoableStep, UnitDesk,
    };
}

/// A field's value as the window sends it back (the value a clerk picks
/// to settle a conflict): any JSON, checked by the field list in the store.
#[derive(Debug, Clone, serde::Deserialize, TS)]
#[ts(export)]
pub struct AnyValue(#[ts(type = "unknown")] pub serde_json::Value);

/// Rows in a page of the list; the window hands the first page over with
/// the first screen, and the list asks for the rest in pages of this size.
pub const LIST_PAGE_SIZE: u32 = 100;

/// Hands every window command, page by page, to `$callback`, a macro that
/// makes of the list what its crate needs: the shell's handlers, or the
/// UI's TypeScript calls. The types are named as [`types`] exports them.
#[macro_export]
macro_rules! window_commands {
    ($callback:ident) => {
        $callback! {
            /// 提案列表
            list {
                async fn list_page(query: PageQuery) -> ListPage;
                async fn search(query: SearchQuery) -> Vec<SearchHit>;
                async fn list_sessions() -> Vec<SessionSummary>;
                async fn list_units() -> Vec<UnitSummary>;
                async fn list_leaders() -> Vec<LeaderSummary>;
                sync fn set_category(number: String, session: Option<String>, category: Option<String>) -> Dossier;
                sync fn set_category_where(filters: ProposalFilters, category: Option<String>) -> usize;
                sync fn set_category_of(proposals: Vec<(String, String)>, category: Option<String>) -> usize;
                async fn last_category_change() -> Option<(String, usize)>;
                sync fn undo_category_change() -> usize;
                async fn import_announcement() -> Option<ImportReport>;
            }
            /// 提案（档案与办理）
            proposal {
                async fn get_neighbours(number: String, session: Option<String>, list: Option<PageQuery>) -> Neighbours;
                async fn get_dossier(number: String, session: Option<String>) -> Dossier;
                async fn close_warnings(number: String, session: Option<String>) -> Vec<String>;
                async fn reply_warnings(number: String, session: Option<String>, unit: String) -> Vec<String>;
                async fn read_reply_letter(path: PathBuf) -> ReplyLetter;
                async fn draft_reply_letter(number: String, session: Option<String>, draft: LetterDraft) -> Option<String>;
                async fn get_kept_draft(number: String, session: Option<String>) -> Option<KeptDraft>;
                async fn get_timeline(number: String, session: Option<String>) -> Vec<TimelineEntry>;
                async fn get_similar(number: String, session: Option<String>) -> Vec<SimilarProposal>;
                sync fn assign(number: String, session: Option<String>, assignment: Assignment) -> Dossier;
                sync fn correct_assignment(number: String, session: Option<String>, assignment: Assignment) -> Dossier;
                sync fn add_contact(number: String, session: Option<String>, contact: Contact) -> Dossier;
                sync fn add_activity(number: String, session: Option<String>, activity: Activity) -> Dossier;
                sync fn add_reply(number: String, session: Option<String>, input: ReplyInput) -> Dossier;
                sync fn set_suggestion(number: String, session: Option<String>, progress: SuggestionProgress) -> Dossier;
                sync fn set_publicity(number: String, session: Option<String>, reply_id: String, is_public: bool, reason: String) -> Dossier;
                sync fn give_feedback(number: String, session: Option<String>, input: FeedbackInput) -> Dossier;
                sync fn close(number: String, session: Option<String>, closure: Closure) -> Dossier;
                sync fn reopen(number: String, session: Option<String>, date: NaiveDate, reason: String) -> Dossier;
                sync fn decide_after_unsatisfied(number: String, session: Option<String>, decision: FeedbackDecision) -> Dossier;
                sync fn request_extension(number: String, session: Option<String>, request: ExtensionRequest) -> Dossier;
                sync fn decide_extension(number: String, session: Option<String>, request_id: String, decision: ExtensionDecision) -> Dossier;
                sync fn hand_back(number: String, session: Option<String>, request: HandBackRequest) -> Dossier;
                sync fn withdraw(number: String, session: Option<String>, withdrawal: Withdrawal) -> Dossier;
                async fn undoable(number: String, session: Option<String>) -> Option<UndoableStep>;
                sync fn undo(number: String, session: Option<String>) -> Dossier;
                sync fn review(number: String, session: Option<String>, review: Review) -> Dossier;
                sync fn revise_proposal(number: String, session: Option<String>, revision: ProposalRevision) -> Dossier;
                async fn pick_reply_files(text: bool) -> Vec<PathBuf>;
                sync fn correct_record(number: String, session: Option<String>, correction: RecordCorrection) -> Dossier;
                sync fn delete_record(number: String, session: Option<String>, kind: RecordKind, id: String) -> Dossier;
                sync fn get_plan_suggestions(number: String, session: Option<String>) -> Vec<PlanSuggestion>;
                sync fn link_plan(number: String, session: Option<String>, item: String, state: PlanLinkState) -> Vec<PlanSuggestion>;
            }
            /// 单位工作台（会办、复文、本单位数字）
            desk {
                async fn get_unit_desk(year: Option<i32>) -> UnitDesk;
            }
            /// 督办总览
            dashboard {
                async fn get_dashboard() -> Dashboard;
            }
            /// 督办报告
            report {
                async fn get_report_faces() -> Vec<FaceUse>;
                async fn preview_document(request: DocumentRequest) -> OfficialDocument;
                async fn report_paragraphs(scope: ReportScope) -> Vec<ReportParagraph>;
                sync fn edit_report(scope: ReportScope, texts: BTreeMap<String, String>) -> Vec<ReportParagraph>;
                async fn export_document(request: DocumentRequest, format: ReportFormat) -> Option<ReportFile>;
            }
            /// 办理工作考评
            evaluation {
                async fn get_evaluation(year: Option<i32>) -> Evaluation;
                async fn export_evaluation_workbook(year: i32) -> Option<ReportFile>;
            }
            /// 统计与台账
            statistics {
                async fn get_statistics(session: Option<String>) -> Statistics;
                async fn get_reported_figures() -> Vec<ReportedFigures>;
                async fn save_chart(name: String, data_url: String) -> Option<String>;
                async fn export_ledger() -> Option<ReportFile>;
                async fn publish_answers(session: String) -> Option<Publication>;
                async fn preview_ledger(path: PathBuf, mapping: ColumnMapping, session: Option<String>) -> LedgerPreview;
                async fn import_ledger(path: PathBuf, mapping: ColumnMapping, session: Option<String>) -> ImportReport;
                async fn import_history(path: PathBuf) -> HistoryImport;
                async fn search_history(text: String) -> Vec<HistoryHit>;
            }
            /// 数据交换
            exchange {
                sync fn get_sync_status() -> SyncStatus;
                sync fn get_receipts(unit: Option<String>) -> ReceiptLedger;
                sync fn get_identity() -> Identity;
                sync fn init_identity(role: Role, name: String) -> Identity;
                async fn export_key() -> Option<String>;
                sync fn preview_key(path: PathBuf) -> KeyPreview;
                sync fn trust_key(path: PathBuf, fingerprint: String) -> KeyPreview;
                sync fn revoke_key(fingerprint: String) -> KeyPreview;
                sync fn replace_key(old: String, path: PathBuf, fingerprint: String) -> KeyPreview;
                async fn export_setup_file(unit: String) -> Option<(String, SetupPreview)>;
                sync fn preview_setup_file(path: PathBuf) -> SetupPreview;
                sync fn init_from_setup_file(path: PathBuf) -> Identity;
                async fn export_package(to: Option<String>, mode: ExportMode) -> Option<ExportSummary>;
                async fn send_to_committee() -> Option<ExportSummary>;
                async fn preview_package(path: PathBuf) -> PackageImport;
                async fn import_package(path: PathBuf) -> PackageImport;
                async fn import_packages(folder: bool) -> Option<BatchImport>;
                sync fn take_back_last_import() -> SafetyPoint;
                async fn get_conflicts() -> Vec<Conflict>;
                sync fn resolve_conflict(key: FieldRef, value: AnyValue) -> Vec<Conflict>;
            }
            /// 备份
            backups {
                async fn copy_backup(name: String) -> Option<String>;
                async fn preview_backup_file() -> Option<(String, BackupInfo)>;
                async fn restore_backup_file(path: PathBuf) -> BackupInfo;
                async fn list_backups() -> Vec<BackupInfo>;
                async fn create_backup() -> BackupInfo;
                async fn restore_backup(name: String) -> BackupInfo;
                async fn export_archive(session: String) -> Option<ArchiveSummary>;
                async fn verify_archive(fingerprint: Option<String>) -> Option<(String, ArchiveCheck)>;
            }
            /// 设置
            settings {
                async fn get_directory() -> Vec<DirectoryUnit>;
                sync fn add_unit(name: String, short_name: String) -> Vec<DirectoryUnit>;
                sync fn rename_unit(old: String, new: String) -> Vec<DirectoryUnit>;
                sync fn set_short_name(name: String, short_name: String) -> Vec<DirectoryUnit>;
                async fn get_settings() -> Settings;
                sync fn save_settings(settings: Settings) -> Settings;
            }
            /// 各页共用（打印、打开文件、选择文件）
            shell {
                sync fn open_saved(path: PathBuf, folder: bool) -> ();
                async fn print_page() -> ();
                async fn print_preview(request: DocumentRequest) -> Vec<PageImage>;
                async fn pick_file(title: String, kind: String, extensions: Vec<String>) -> Option<PathBuf>;
            }
        }
    };
}

/// An event the shell sends the window, with the type of what it carries.
pub struct Event<P> {
    pub name: &'static str,
    payload: PhantomData<fn() -> P>,
}

impl<P> Event<P> {
    const fn named(name: &'static str) -> Event<P> {
        Event { name, payload: PhantomData }
    }
}

/// 进度: long work started, reached a step, or ended.
pub const JOB: Event<types::Job> = Event::named("job");
/// 打开方式: an exchange or key file handed to the window already open.
pub const OPEN_FILE: Event<String> = Event::named("open-file");
/// A backup was made in the background (the 备份 page, if open, reloads).
pub const BACKUPS_CHANGED: Event<()> = Event::named("backups-changed");

/// The TypeScript of one command: a typed call to `invoke`.
#[doc(hidden)]
pub struct Signature {
    pub page: &'static str,
    pub name: &'static str,
    pub args: Vec<(&'static str, String)>,
    pub answer: String,
}

/// Collects the exported types a signature names, for its imports.
#[derive(Default)]
#[doc(hidden)]
pub struct Imports(pub BTreeSet<String>);

impl TypeVisitor for Imports {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_some() {
            self.0.insert(T::ident(&Config::new()));
        }
    }
}

impl Imports {
    #[doc(hidden)]
    pub fn name<T: TS + 'static + ?Sized>(&mut self) -> String {
        self.visit::<T>();
        T::visit_generics(self);
        T::name(&Config::new())
    }
}

macro_rules! signatures {
    ($(
        $(#[doc = $page_doc:literal])*
        $page:ident {
            $( $kind:ident fn $name:ident ( $($arg:ident : $ty:ty),* ) -> $answer:ty ; )*
        }
    )*) => {
        fn signatures(imports: &mut Imports) -> Vec<Signature> {
            #[allow(unused_imports)]
            use $crate::types::*;
            vec![$($(
                Signature {
                    page: stringify!($page),
                    name: stringify!($name),
                    args: vec![$((stringify!($arg), imports.name::<$ty>())),*],
                    answer: imports.name::<$answer>(),
                },
            )*)*]
        }
    };
}
window_commands!(signatures);

/// `snake_case` as the UI names it: Tauri passes arguments under their camelCase names.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// `ui/src/bindings/commands.ts`: every command as a typed function, the
/// events as typed listeners, and the list's page size.
pub fn typescript() -> String {
    let mut imports = Imports::default();
    let commands = signatures(&mut imports);
    let events = [
        (JOB.name, imports.name::<types::Job>()),
        (OPEN_FILE.name, imports.name::<String>()),
        (BACKUPS_CHANGED.name, imports.name::<()>()),
    ];
    let mut ts = String::from(
        "// Generated by `cargo test -p tian-commands` from crates/tian-commands: edit the declaration there.\n",
    );
    ts += "import { invoke } from \"@tauri-apps/api/core\";\n";
    ts += "import { listen, type UnlistenFn } from \"@tauri-apps/api/event\";\n";
    for name in &imports.0 {
        ts += &format!("import type {{ {name} }} from \"./{name}\";\n");
    }
    ts += &format!("\n/** Rows in a page of the list. */\nexport const LIST_PAGE_SIZE = {LIST_PAGE_SIZE};\n");
    ts += "\n/** Every command of the window, by page. */\nexport const commands = {\n";
    let mut page = "";
    for c in &commands {
        if c.page != page {
            ts += &format!("  // {}\n", c.page);
            page = c.page;
        }
        // A parameter may not be named `new`; the key it is sent under still is.
        let param = |a: &str| if a == "new" { "renamed".to_owned() } else { camel(a) };
        let params: Vec<String> = c.args.iter().map(|(a, t)| format!("{}: {t}", param(a))).collect();
        let keys: Vec<String> = c
            .args
            .iter()
            .map(|(a, _)| if param(a) == camel(a) { camel(a) } else { format!("{}: {}", camel(a), param(a)) })
            .collect();
        let passed = if keys.is_empty() { String::new() } else { format!(", {{ {} }}", keys.join(", ")) };
        ts += &format!(
            "  {}: ({}): Promise<{}> => invoke<{}>(\"{}\"{passed}),\n",
            camel(c.name),
            params.join(", "),
            c.answer,
            c.answer,
            c.name
        );
    }
    ts += "};\n\n/** Every event the shell sends the window. */\nexport const events = {\n";
    for (name, payload) in events {
        ts += &format!(
            "  {}: (heard: (payload: {payload}) => void): Promise<UnlistenFn> => listen<{payload}>(\"{name}\", (e) => heard(e.payload)),\n",
            camel(&name.replace('-', "_"))
        );
    }
    ts += "};\n";
    ts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes the UI's calls as `cargo test` writes its types (ts-rs); the
    /// test script then fails if the committed file differs.
    #[test]
    fn the_ui_calls_every_command_as_declared() {
        let ts = typescript();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings/commands.ts");
        if std::fs::read_to_string(&path).ok().as_deref() != Some(ts.as_str()) {
            std::fs::write(&path, &ts).expect("ui/src/bindings is writable");
        }
        assert!(ts.contains(
            "listPage: (query: PageQuery): Promise<ListPage> => invoke<ListPage>(\"list_page\", { query }),"
        ));
        assert!(ts.contains("addUnit: (name: string, shortName: string)"), "arguments go by their camelCase names");
        assert!(ts.contains("import type { Dossier } from \"./Dossier\";"));
        assert!(!ts.contains("import type { Array"), "containers are not imported");
    }

    #[test]
    fn no_command_is_declared_twice() {
        let commands = signatures(&mut Imports::default());
        let names: BTreeSet<&str> = commands.iter().map(|c| c.name).collect();
        assert_eq!(names.len(), commands.len());
    }
}
