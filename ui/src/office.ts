// The title bar's second line: which office this installation is.

/** Names `office` in the title bar (index.html). */
export function showOffice(office: string) {
  const line = document.querySelector("header.bar [data-testid=office]");
  if (line) line.textContent = `${office} · 重点提案办理与督办`;
}
