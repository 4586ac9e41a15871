// 打印: what 打印 and Ctrl+P print. A page that prints a document (the
// 督办报告, a 催办函, a 征询意见表, a proposal's 提案办理情况表) names it
// here; 打印 then opens a 打印预览 of that document page by page as its PDF
// lays it out, and the preview's own 打印 sends those pages to the system's
// print dialog. A page that names none prints as it stands.
import { onBeforeUnmount, reactive } from "vue";
import { api, errorText, printPage } from "./api";
import type { DocumentRequest } from "./bindings/DocumentRequest";
import type { PageImage } from "./bindings/PageImage";
import { say } from "./notify";

type Source = () => DocumentRequest | null;
let source: Source | null = null;

/** The page in view prints `what` while it is mounted. */
export function usePrintSource(what: Source) {
  source = what;
  onBeforeUnmount(() => {
    if (source === what) source = null;
  });
}

/** The 打印预览 dialog's state, which App.vue draws. */
export const preview = reactive({ open: false, loading: false, title: "", pages: [] as PageImage[] });

const titles: Record<string, string> = {
  Report: "督办报告",
  Notice: "催办函",
  FeedbackForm: "征询意见表",
  ProposalSheet: "提案办理情况表",
};

/** 打印 and Ctrl+P: the preview of the page's document, or the page itself. */
export async function print(): Promise<void> {
  const request = source?.();
  if (!request) return printPage();
  preview.title = titles[request.kind] ?? "文档";
  preview.pages = [];
  preview.open = true;
  preview.loading = true;
  try {
    preview.pages = await api.printPreview(request);
  } catch (e) {
    preview.open = false;
    await say("error", errorText(e));
  } finally {
    preview.loading = false;
  }
}

/** The preview's 打印: its pages alone on paper, through the system's dialog. */
export async function printPreviewed(): Promise<void> {
  document.body.classList.add("printing-preview");
  try {
    await printPage();
  } finally {
    document.body.classList.remove("printing-preview");
  }
}
