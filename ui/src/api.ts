// The calls the pages make, in the pages' terms (a proposal by its
// number and session). Each goes through `bindings/commands.ts`, generated
// from the one declaration of every window command in crates/tian-commands,
// with its types from Rust through ts-rs: a renamed command, argument or
// field breaks `vue-tsc`, not the clerk's screen. A rejected call carries
// the Chinese message from Rust as its reason.
import { shownList } from "./listOrder";
import { commands } from "./bindings/commands";
import { say } from "./notify";
import type { Activity } from "./bindings/Activity";
import type { Assignment } from "./bindings/Assignment";
import type { Closure } from "./bindings/Closure";
import type { Contact } from "./bindings/Contact";
import type { FeedbackInput } from "./bindings/FeedbackInput";
import type { PageQuery } from "./bindings/PageQuery";
import type { ProposalFilters } from "./bindings/ProposalFilters";
import type { ReplyInput } from "./bindings/ReplyInput";
import type { RecordKind } from "./bindings/RecordKind";
import type { LetterDraft } from "./bindings/LetterDraft";
import type { Review } from "./bindings/Review";
import type { ProposalRevision } from "./bindings/ProposalRevision";
import type { SearchQuery } from "./bindings/SearchQuery";
import type { StartView } from "./bindings/StartView";
import type { Settings } from "./bindings/Settings";
import type { SuggestionProgress } from "./bindings/SuggestionProgress";
import type { ReportFormat } from "./bindings/ReportFormat";
import type { ReportScope } from "./bindings/ReportScope";
import type { DocumentRequest } from "./bindings/DocumentRequest";
import type { ExportMode } from "./bindings/ExportMode";
import type { FieldRef } from "./bindings/FieldRef";
import type { FeedbackDecision } from "./bindings/FeedbackDecision";
import type { ExtensionRequest } from "./bindings/ExtensionRequest";
import type { ExtensionDecision } from "./bindings/ExtensionDecision";
import type { Withdrawal } from "./bindings/Withdrawal";
import type { HandBackRequest } from "./bindings/HandBackRequest";
import type { Role } from "./bindings/Role";
import type { PlanLinkState } from "./bindings/PlanLinkState";
import type { RecordCorrection } from "./bindings/RecordCorrection";

/** Which proposal an action is about. */
export interface ProposalRef {
  number: string;
  session: string | null;
}

export const api = {
  listPage: (query: PageQuery) => commands.listPage(query),
  /** 上一件 / 下一件 in the list as the clerk left it. */
  getNeighbours: (p: ProposalRef) => commands.getNeighbours(p.number, p.session, shownList()),
  getDossier: (p: ProposalRef) => commands.getDossier(p.number, p.session),
  getTimeline: (p: ProposalRef) => commands.getTimeline(p.number, p.session),
  /** 相似提案 of every 届次 and the past proposals, most similar first. */
  getSimilar: (p: ProposalRef) => commands.getSimilar(p.number, p.session),
  /** The letter this unit drafted for `p` and has not recorded yet. */
  getKeptDraft: (p: ProposalRef) => commands.getKeptDraft(p.number, p.session),
  getDashboard: () => commands.getDashboard(),
  /** 单位工作台: 会办, 复文 and the unit's own figures for `year` (this year for null). */
  getUnitDesk: (year: number | null) => commands.getUnitDesk(year),
  search: (query: SearchQuery) => commands.search(query),
  listSessions: () => commands.listSessions(),
  listUnits: () => commands.listUnits(),
  directory: () => commands.getDirectory(),
  addUnit: (name: string, shortName: string) => commands.addUnit(name, shortName),
  renameUnit: (old: string, name: string) => commands.renameUnit(old, name),
  setShortName: (name: string, shortName: string) => commands.setShortName(name, shortName),
  listLeaders: () => commands.listLeaders(),
  getSettings: () => commands.getSettings(),
  saveSettings: (settings: Settings) => commands.saveSettings(settings),

  assign: (p: ProposalRef, assignment: Assignment) => commands.assign(p.number, p.session, assignment),
  correctAssignment: (p: ProposalRef, assignment: Assignment) =>
    commands.correctAssignment(p.number, p.session, assignment),
  addContact: (p: ProposalRef, contact: Contact) => commands.addContact(p.number, p.session, contact),
  addActivity: (p: ProposalRef, activity: Activity) => commands.addActivity(p.number, p.session, activity),
  addReply: (p: ProposalRef, input: ReplyInput) => commands.addReply(p.number, p.session, input),
  setSuggestion: (p: ProposalRef, progress: SuggestionProgress) =>
    commands.setSuggestion(p.number, p.session, progress),
  giveFeedback: (p: ProposalRef, input: FeedbackInput) => commands.giveFeedback(p.number, p.session, input),
  /** 答复公开: whether answer `replyId` may be published, with the reason when not. */
  setPublicity: (p: ProposalRef, replyId: string, isPublic: boolean, reason: string) =>
    commands.setPublicity(p.number, p.session, replyId, isPublic, reason),
  /** 发布公开答复 of `session` into a folder the clerk picks; null when cancelled. */
  publishAnswers: (session: string) => commands.publishAnswers(session),
  close: (p: ProposalRef, closure: Closure) => commands.close(p.number, p.session, closure),
  reopen: (p: ProposalRef, date: string, reason: string) => commands.reopen(p.number, p.session, date, reason),
  review: (p: ProposalRef, review: Review) => commands.review(p.number, p.session, review),
  /** 修改提案信息: the committee corrects a proposal's 案由, 提案者, 摘要 or 建议. */
  reviseProposal: (p: ProposalRef, revision: ProposalRevision) => commands.reviseProposal(p.number, p.session, revision),
  decideAfterUnsatisfied: (p: ProposalRef, decision: FeedbackDecision) =>
    commands.decideAfterUnsatisfied(p.number, p.session, decision),
  requestExtension: (p: ProposalRef, request: ExtensionRequest) =>
    commands.requestExtension(p.number, p.session, request),
  decideExtension: (p: ProposalRef, requestId: string, decision: ExtensionDecision) =>
    commands.decideExtension(p.number, p.session, requestId, decision),
  withdraw: (p: ProposalRef, withdrawal: Withdrawal) => commands.withdraw(p.number, p.session, withdrawal),
  setCategory: (p: ProposalRef, category: string | null) => commands.setCategory(p.number, p.session, category),
  setCategoryWhere: (filters: ProposalFilters, category: string | null) =>
    commands.setCategoryWhere(filters, category),
  /** The selected rows, each [提案号, 届次]. */
  setCategoryOf: (proposals: [string, string][], category: string | null) =>
    commands.setCategoryOf(proposals, category),
  lastCategoryChange: () => commands.lastCategoryChange(),
  undoCategoryChange: () => commands.undoCategoryChange(),
  copyBackup: (name: string) => commands.copyBackup(name),
  undoable: (p: ProposalRef) => commands.undoable(p.number, p.session),
  undo: (p: ProposalRef) => commands.undo(p.number, p.session),
  handBack: (p: ProposalRef, request: HandBackRequest) => commands.handBack(p.number, p.session, request),
  replyWarnings: (p: ProposalRef, unit: string) => commands.replyWarnings(p.number, p.session, unit),
  closeWarnings: (p: ProposalRef) => commands.closeWarnings(p.number, p.session),
  readReplyLetter: (path: string) => commands.readReplyLetter(path),
  /** 起草复文…: the letter as the answer form stands, saved where the clerk chooses; its path, or null. */
  draftReplyLetter: (p: ProposalRef, draft: LetterDraft) => commands.draftReplyLetter(p.number, p.session, draft),

  listBackups: () => commands.listBackups(),
  createBackup: () => commands.createBackup(),
  /** 档案移交: the session's signed archive, where the clerk chooses; null when cancelled. */
  exportArchive: (session: string) => commands.exportArchive(session),
  /** 核验档案: the archive the clerk picks, checked; null when cancelled. */
  verifyArchive: (fingerprint: string | null) => commands.verifyArchive(fingerprint),
  /** Returns the backup made of the state before restoring. */
  restoreBackup: (name: string) => commands.restoreBackup(name),
  /** A backup file from the native open dialog, with what it holds; null when the clerk cancels. */
  previewBackupFile: () => commands.previewBackupFile(),
  restoreBackupFile: (path: string) => commands.restoreBackupFile(path),

  /** Opens the native file dialog; null when the clerk cancels. */
  importAnnouncement: () => commands.importAnnouncement(),
  /** The reply's text file (text = true) or its attachments, from the native dialog. */
  pickReplyFiles: (text: boolean) => commands.pickReplyFiles(text),
  /** One file from the native open dialog; null when the clerk cancels. */
  pickFile: (title: string, kind: string, extensions: string[]) =>
    commands.pickFile(title, kind, extensions),

  getStatistics: (session: string | null) => commands.getStatistics(session),
  getReportedFigures: () => commands.getReportedFigures(),
  /** 打印预览: the document's pages as its PDF lays them out. */
  printPreview: (request: DocumentRequest) => commands.printPreview(request),
  /** The 督办报告, 催办函 or 征询意见表 as it will print. */
  previewDocument: (request: DocumentRequest) => commands.previewDocument(request),
  reportParagraphs: (scope: ReportScope) => commands.reportParagraphs(scope),
  editReport: (scope: ReportScope, texts: Record<string, string>) =>
    commands.editReport(scope, texts),
  getReportFaces: () => commands.getReportFaces(),
  /** Asks where to save (native dialog) and writes the document; null when cancelled. */
  exportDocument: (request: DocumentRequest, format: ReportFormat) =>
    commands.exportDocument(request, format),
  /** Saves a chart's PNG data URL where the clerk chooses; the path, or null when cancelled. */
  saveChart: (name: string, dataUrl: string) => commands.saveChart(name, dataUrl),
  exportLedger: () => commands.exportLedger(),
  /** 办理工作考评 of `year` (the latest year with 交办 for null). */
  getEvaluation: (year: number | null) => commands.getEvaluation(year),
  /** Asks where, then writes the 考评表 of `year`; null when the clerk cancels. */
  exportEvaluationWorkbook: (year: number) => commands.exportEvaluationWorkbook(year),
  previewLedger: (path: string, mapping: [string, string][], session: string | null) =>
    commands.previewLedger(path, mapping, session),
  importLedger: (path: string, mapping: [string, string][], session: string | null) =>
    commands.importLedger(path, mapping, session),
  importHistory: (path: string) => commands.importHistory(path),

  getSyncStatus: () => commands.getSyncStatus(),
  /** 回执台账 with `unit`; null on a unit's installation (its committee). */
  getReceipts: (unit: string | null) => commands.getReceipts(unit),
  getIdentity: () => commands.getIdentity(),
  initIdentity: (role: Role, name: string) => commands.initIdentity(role, name),
  /** Asks where to save this installation's key file; the path, or null when cancelled. */
  exportKey: () => commands.exportKey(),
  previewKey: (path: string) => commands.previewKey(path),
  trustKey: (path: string, fingerprint: string) => commands.trustKey(path, fingerprint),
  revokeKey: (fingerprint: string) => commands.revokeKey(fingerprint),
  replaceKey: (old: string, path: string, fingerprint: string) =>
    commands.replaceKey(old, path, fingerprint),
  /** Asks where to save a unit's 初始化文件 (native dialog) and writes it; null when cancelled. */
  exportSetupFile: (unit: string) => commands.exportSetupFile(unit),
  previewSetupFile: (path: string) => commands.previewSetupFile(path),
  initFromSetupFile: (path: string) => commands.initFromSetupFile(path),
  /** Asks where to save the package (native dialog) and writes it; null when cancelled. */
  exportPackage: (to: string | null, mode: ExportMode) =>
    commands.exportPackage(to, mode),
  /** 发送给提案委员会: a unit's unacknowledged changes to the folder last used; null when cancelled. */
  sendToCommittee: () => commands.sendToCommittee(),
  previewPackage: (path: string) => commands.previewPackage(path),
  importPackage: (path: string) => commands.importPackage(path),
  /** 批量导入: a week's packages, picked as files or as the folder that holds them. */
  importPackages: (folder: boolean) => commands.importPackages(folder),
  /** 撤销最近一次导入, while nothing was written after it. */
  takeBackLastImport: () => commands.takeBackLastImport(),
  getConflicts: () => commands.getConflicts(),
  resolveConflict: (key: FieldRef, value: unknown) => commands.resolveConflict(key, value),
  deleteRecord: (p: ProposalRef, kind: RecordKind, id: string) => commands.deleteRecord(p.number, p.session, kind, id),
  correctRecord: (p: ProposalRef, correction: RecordCorrection) =>
    commands.correctRecord(p.number, p.session, correction),

  getPlanSuggestions: (p: ProposalRef) => commands.getPlanSuggestions(p.number, p.session),
  linkPlan: (p: ProposalRef, item: string, state: PlanLinkState) =>
    commands.linkPlan(p.number, p.session, item, state),
  searchHistory: (text: string) => commands.searchHistory(text),
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

/** Whether any filter narrows the list (a cleared select leaves "" or undefined behind, which filters nothing). */
export const anyFilter = (filters: ProposalFilters) =>
  Object.values(filters).some((v) => v !== null && v !== undefined && v !== false && v !== "");

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
    await commands.printPage();
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
