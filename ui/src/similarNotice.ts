// 相似提案 at import: after an announcement or a ledger is imported, the
// clerk is told which of its proposals are like others (of this 届次 or
// earlier ones), near-duplicates first, before 立案 is decided.
import { ElMessageBox } from "element-plus";
import type { SimilarAtImport } from "./bindings/SimilarAtImport";

/** The most shown in the notice; the rest are counted. */
const SHOWN = 20;

export function similarLines(found: SimilarAtImport[]): string[] {
  return found.slice(0, SHOWN).map((f) => {
    const s = f.similar;
    const other = s.year !== null ? `往年提案（${s.year}年）${s.title}` : `${s.session}第${s.number}号${s.title}`;
    const tag = s.near_duplicate ? "【疑似重复，可考虑并案】" : "";
    return `${tag}${f.session}第${f.number}号${f.title} —— ${other}（相似度${s.score}）`;
  });
}

/** Says which imported proposals are like others; nothing when none is. */
export async function showSimilar(found: SimilarAtImport[]): Promise<void> {
  if (!found.length) return;
  const more = found.length > SHOWN ? `\n……另有${found.length - SHOWN}件，见各提案的“相似提案”。` : "";
  const duplicates = found.filter((f) => f.similar.near_duplicate).length;
  const same = found.filter((f) => f.similar.score >= 95).length;
  const head = [
    duplicates ? `其中${duplicates}件与本届提案疑似重复。` : "",
    same ? `${same}件与已有提案几乎相同（相似度95以上）：请确认所导入的文件和届次无误。` : "",
  ].join("");
  await ElMessageBox.alert(`${head}\n${similarLines(found).join("\n")}${more}`, `${found.length}件提案与已有提案相近`, {
    confirmButtonText: "知道了",
    customClass: "similar-notice",
    customStyle: { whiteSpace: "pre-line", maxWidth: "760px" },
  });
}
