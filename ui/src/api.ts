// Typed calls to the Rust commands in src-tauri/src/commands.rs. The types
// come from Rust through ts-rs (src/bindings), so a renamed field breaks
// `vue-tsc`, not the clerk's screen. A rejected call carries the Chinese
// message from Rust as its reason.
import { invoke } from "@tauri-apps/api/core";
import { say } from "./notify";
import type { FaceUse } from "./bindings/FaceUse";
import type { Activity } from "./bindings/Activity";
import type { Assignment } from "./bindings/Assignment";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { Closure } from "./bindings/Closure";
import type { Contact } from "./bindings/Contact";
import type { Dashboard } from "./bindings/Dashboard";
import type { Dossier } from "./bindings/Dossier";
import type { FeedbackInput } from "./bindings/FeedbackInput";
import type { ImportReport } from "./bindings/ImportReport";
import type { LeaderSummary } from "./bindings/LeaderSummary";
import type { ListPage } from "./bindings/ListPage";
import type { Neighbours } from "./bindings/Neighbours";
import type { PageQuery } from "./bindings/PageQuery";
import type { ProposalFilters } from "./bindings/ProposalFilters";
import type { ReplyInput } from "./bindings/ReplyInput";
import type { Review } from "./bindings/Review";
import type { SearchHit } from "./bindings/SearchHit";
import type { SearchQuery } from "./bindings/SearchQuery";
import type { SessionSummary } from "./bindings/SessionSummary";
import type { StartView } from "./bindings/StartView";
import type { Settings } from "./bindings/Settings";
import type { SuggestionProgress } from "./bindings/SuggestionProgress";
import type { TimelineEntry } from "./bindings/TimelineEntry";
import type { UnitSummary } from "./bindings/UnitSummary";
import type { DirectoryUnit } from "./bindings/DirectoryUnit";
import type { PageImage } from "./bindings/PageImage";
import type { HistoryHit } from "./bindings/HistoryHit";
import type { HistoryImport } from "./bindings/HistoryImport";
import type { LedgerPreview } from "./bindings/LedgerPreview";
import type { OfficialDocument } from "./bindings/OfficialDocument";
import type { ReportedFigures } from "./bindings/ReportedFigures";
import type { ReportFile } from "./bindings/ReportFile";
import type { ReportFormat } from "./bindings/ReportFormat";
import type { ReportParagraph } from "./bindings/ReportParagraph";
import type { ReportScope } from "./bindings/ReportScope";
import type { DocumentRequest } from "./bindings/DocumentRequest";
import type { Statistics } from "./bindings/Statistics";
import type { Conflict } from "./bindings/Conflict";
import type { ExportMode } from "./bindings/ExportMode";
import type { ExportSummary } from "./bindings/ExportSummary";
import type { FieldRef } from "./bindings/FieldRef";
import type { Identity } from "./bindings/Identity";
import type { KeyPreview } from "./bindings/KeyPreview";
import type { FeedbackDecision } from "./bindings/FeedbackDecision";
import type { ExtensionRequest } from "./bindings/ExtensionRequest";
import type { ExtensionDecision } from "./bindings/ExtensionDecision";
import type { Withdrawal } from "./bindings/Withdrawal";
import type { ReplyLetter } from "./bindings/ReplyLetter";
import type { HandBackRequest } from "./bindings/HandBackRequest";
import type { PackageImport } from "./bindings/PackageImport";
import type { Role } from "./bindings/Role";
import type { SyncStatus } from "./bindings/SyncStatus";
import type { PlanLinkState } from "./bindings/PlanLinkState";
import type { PlanSuggestion } from "./bindings/PlanSuggestion";
import type { UndoableStep } from "./bindings/UndoableStep";
import type { RecordCorrection } from "./bindings/RecordCorrection";

/** Which proposal an action is about. */
export interface ProposalRef {
  number: string;
  session: string | null;
}

export const api = {
  listPage: (query: PageQuery) => invoke<ListPage>("list_page", { query }),
  getNeighbours: (p: ProposalRef) => invoke<Neighbours>("get_neighbours", { ...p }),
  getDossier: (p: ProposalRef) => invoke<Dossier>("get_dossier", { ...p }),
  getTimeline: (p: ProposalRef) => invoke<TimelineEntry[]>("get_timeline", { ...p }),
  getDashboard: () => invoke<Dashboard>("get_dashboard"),
  search: (query: SearchQuery) => invoke<SearchHit[]>("search", { query }),
  listSessions: () => invoke<SessionSummary[]>("list_sessions"),
  listUnits: () => invoke<UnitSummary[]>("list_units"),
  directory: () => invoke<DirectoryUnit[]>("get_directory"),
  addUnit: (name: string, shortName: string) => invoke<DirectoryUnit[]>("add_unit", { name, shortName }),
  renameUnit: (old: string, name: string) => invoke<DirectoryUnit[]>("rename_unit", { old, new: name }),
  setShortName: (name: string, shortName: string) => invoke<DirectoryUnit[]>("set_short_name", { name, shortName }),
  listLeaders: () => invoke<LeaderSummary[]>("list_leaders"),
  getSettings: () => invoke<Settings>("get_settings"),
  saveSettings: (settings: Settings) => invoke<Settings>("save_settings", { settings }),

  assign: (p: ProposalRef, assignment: Assignment) => invoke<Dossier>("assign", { ...p, assignment }),
  correctAssignment: (p: ProposalRef, assignment: Assignment) =>
    invoke<Dossier>("correct_assignment", { ...p, assignment }),
  addContact: (p: ProposalRef, contact: Contact) => invoke<Dossier>("add_contact", { ...p, contact }),
  addActivity: (p: ProposalRef, activity: Activity) => invoke<Dossier>("add_activity", { ...p, activity }),
  addReply: (p: ProposalRef, input: ReplyInput) => invoke<Dossier>("add_reply", { ...p, input }),
  setSuggestion: (p: ProposalRef, progress: SuggestionProgress) =>
    invoke<Dossier>("set_suggestion", { ...p, progress }),
  giveFeedback: (p: ProposalRef, input: FeedbackInput) => invoke<Dossier>("give_feedback", { ...p, input }),
  close: (p: ProposalRef, closure: Closure) => invoke<Dossier>("close", { ...p, closure }),
  reopen: (p: ProposalRef, date: string, reason: string) => invoke<Dossier>("reopen", { ...p, date, reason }),
  review: (p: ProposalRef, review: Review) => invoke<Dossier>("review", { ...p, review }),
  decideAfterUnsatisfied: (p: ProposalRef, decision: FeedbackDecision) =>
    invoke<Dossier>("decide_after_unsatisfied", { ...p, decision }),
  requestExtension: (p: ProposalRef, request: ExtensionRequest) =>
    invoke<Dossier>("request_extension", { ...p, request }),
  decideExtension: (p: ProposalRef, requestId: string, decision: ExtensionDecision) =>
    invoke<Dossier>("decide_extension", { ...p, requestId, decision }),
  withdraw: (p: ProposalRef, withdrawal: Withdrawal) => invoke<Dossier>("withdraw", { ...p, withdrawal }),
  setCategory: (p: ProposalRef, category: string | null) => invoke<Dossier>("set_category", { ...p, category }),
  setCategoryWhere: (filters: ProposalFilters, category: string | null) =>
    invoke<number>("set_category_where", { filters, category }),
  /** The selected rows, each [提案号, 届次]. */
  setCategoryOf: (proposals: [string, string][], category: string | null) =>
    invoke<number>("set_category_of", { proposals, category }),
  lastCategoryChange: () => invoke<[string, number] | null>("last_category_change"),
  undoCategoryChange: () => invoke<number>("undo_category_change"),
  copyBackup: (name: string) => invoke<string | null>("copy_backup", { name }),
  undoable: (p: ProposalRef) => invoke<UndoableStep | null>("undoable", { ...p }),
  undo: (p: ProposalRef) => invoke<Dossier>("undo", { ...p }),
  handBack: (p: ProposalRef, request: HandBackRequest) => invoke<Dossier>("hand_back", { ...p, request }),
  replyWarnings: (p: ProposalRef, unit: string) => invoke<string[]>("reply_warnings", { ...p, unit }),
  closeWarnings: (p: ProposalRef) => invoke<string[]>("close_warnings", { ...p }),
  readReplyLetter: (path: string) => invoke<ReplyLetter>("read_reply_letter", { path }),

  listBackups: () => invoke<BackupInfo[]>("list_backups"),
  createBackup: () => invoke<BackupInfo>("create_backup"),
  /** Returns the backup made of the state before restoring. */
  restoreBackup: (name: string) => invoke<BackupInfo>("restore_backup", { name }),
  /** A backup file from the native open dialog, with what it holds; null when the clerk cancels. */
  previewBackupFile: () => invoke<[string, BackupInfo] | null>("preview_backup_file"),
  restoreBackupFile: (path: string) => invoke<BackupInfo>("restore_backup_file", { path }),

  /** Opens the native file dialog; null when the clerk cancels. */
  importAnnouncement: () => invoke<ImportReport | null>("import_announcement"),
  /** The reply's text file (text = true) or its attachments, from the native dialog. */
  pickReplyFiles: (text: boolean) => invoke<string[]>("pick_reply_files", { text }),
  /** One file from the native open dialog; null when the clerk cancels. */
  pickFile: (title: string, kind: string, extensions: string[]) =>
    invoke<string | null>("pick_file", { title, kind, extensions }),

  getStatistics: (session: string | null) => invoke<Statistics>("get_statistics", { session }),
  getReportedFigures: () => invoke<ReportedFigures[]>("get_reported_figures"),
  /** 打印预览: the document's pages as its PDF lays them out. */
  printPreview: (request: DocumentRequest) => invoke<PageImage[]>("print_preview", { request }),
  /** The 督办报告, 催办函 or 征询意见表 as it will print. */
  previewDocument: (request: DocumentRequest) => invoke<OfficialDocument>("preview_document", { request }),
  reportParagraphs: (scope: ReportScope) => invoke<ReportParagraph[]>("report_paragraphs", { scope }),
  editReport: (scope: ReportScope, texts: Record<string, string>) =>
    invoke<ReportParagraph[]>("edit_report", { scope, texts }),
  getReportFaces: () => invoke<FaceUse[]>("get_report_faces"),
  /** Asks where to save (native dialog) and writes the document; null when cancelled. */
  exportDocument: (request: DocumentRequest, format: ReportFormat) =>
    invoke<ReportFile | null>("export_document", { request, format }),
  /** Saves a chart's PNG data URL where the clerk chooses; the path, or null when cancelled. */
  saveChart: (name: string, dataUrl: string) => invoke<string | null>("save_chart", { name, dataUrl }),
  exportLedger: () => invoke<ReportFile | null>("export_ledger"),
  previewLedger: (path: string, mapping: [string, string][], session: string | null) =>
    invoke<LedgerPreview>("preview_ledger", { path, mapping, session }),
  importLedger: (path: string, mapping: [string, string][], session: string | null) =>
    invoke<ImportReport>("import_ledger", { path, mapping, session }),
  importHistory: (path: string) => invoke<HistoryImport>("import_history", { path }),

  getSyncStatus: () => invoke<SyncStatus>("get_sync_status"),
  getIdentity: () => invoke<Identity>("get_identity"),
  initIdentity: (role: Role, name: string) => invoke<Identity>("init_identity", { role, name }),
  /** Asks where to save this installation's key file; the path, or null when cancelled. */
  exportKey: () => invoke<string | null>("export_key"),
  previewKey: (path: string) => invoke<KeyPreview>("preview_key", { path }),
  trustKey: (path: string, fingerprint: string) => invoke<KeyPreview>("trust_key", { path, fingerprint }),
  revokeKey: (fingerprint: string) => invoke<KeyPreview>("revoke_key", { fingerprint }),
  replaceKey: (old: string, path: string, fingerprint: string) =>
    invoke<KeyPreview>("replace_key", { old, path, fingerprint }),
  /** Asks where to save the package (native dialog) and writes it; null when cancelled. */
  exportPackage: (to: string | null, mode: ExportMode) =>
    invoke<ExportSummary | null>("export_package", { to, mode }),
  previewPackage: (path: string) => invoke<PackageImport>("preview_package", { path }),
  importPackage: (path: string) => invoke<PackageImport>("import_package", { path }),
  getConflicts: () => invoke<Conflict[]>("get_conflicts"),
  resolveConflict: (key: FieldRef, value: unknown) => invoke<Conflict[]>("resolve_conflict", { key, value }),
  deleteRecord: (p: ProposalRef, kind: string, id: string) => invoke<Dossier>("delete_record", { ...p, kind, id }),
  correctRecord: (p: ProposalRef, correction: RecordCorrection) =>
    invoke<Dossier>("correct_record", { ...p, correction }),

  getPlanSuggestions: (p: ProposalRef) => invoke<PlanSuggestion[]>("get_plan_suggestions", { ...p }),
  linkPlan: (p: ProposalRef, item: string, state: PlanLinkState) =>
    invoke<PlanSuggestion[]>("link_plan", { ...p, item, state }),
  searchHistory: (text: string) => invoke<HistoryHit[]>("search_history", { text }),
};

/** No filter set: every proposal. */
export const noFilters = (): ProposalFilters => ({
  session: null,
  stage: null,
  lead_unit: null,
  leader: null,
  proposer: null,
  answer_class: null,
  category: null,
  overdue: false,
});

/** The first screen's data, handed over with the page by the window (see
 * `StartView` in Rust), or null when the page was opened without it. */
const start: StartView | null = (window as { __TIAN_START__?: StartView }).__TIAN_START__ ?? null;
const taken = new Set<keyof StartView>();

/** A part of the start view, once: after that it may be stale, and the caller asks Rust. */
export function takeStart<K extends keyof StartView>(part: K): StartView[K] | null {
  if (!start || taken.has(part)) return null;
  taken.add(part);
  return start[part];
}

/** 打印 (Ctrl+P): the page in view through the system's print dialog; the
 * print stylesheet drops the window's chrome. A failure is said, not thrown. */
export async function printPage(): Promise<void> {
  try {
    await invoke<void>("print_page");
  } catch (e) {
    await say("error", errorText(e));
  }
}

/** Whether a dialog, a message box or the right-click menu is open: the
 * page's own keys (Esc, ←, →, Ctrl+F) then belong to it. */
export function overlayOpen(): boolean {
  const open = (el: Element) => getComputedStyle(el).display !== "none";
  return [...document.querySelectorAll(".el-overlay, [data-testid=context-menu]")].some(open);
}

/** The message of a failed call, as Rust worded it. */
export function errorText(e: unknown): string {
  return typeof e === "string" ? e : e instanceof Error ? e.message : String(e);
}
