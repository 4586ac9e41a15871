// Dates the way the committee writes them: 2026年3月1日.

/** "2026-03-01" → "2026年3月1日"; empty for no date. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** Today as "2026-03-01", in local time. */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** An RFC 3339 moment as "2026年11月24日 10:05", in local time. */
export function formatDateTime(rfc3339: string): string {
  const t = new Date(rfc3339);
  if (Number.isNaN(t.getTime())) return rfc3339;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${t.getFullYear()}年${t.getMonth() + 1}月${t.getDate()}日 ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** Package numbers between two installations as "第12–13号、第15号". */
export function numbersText(runs: { from: number; through: number }[]): string {
  return runs.map((r) => (r.from === r.through ? `第${r.from}号` : `第${r.from}–${r.through}号`)).join("、");
}
