// The title bar's second line and menu: which office this installation is.
// A handling unit's window leaves out the committee's own pages (督办总览,
// 督办报告, 统计与台账): its list is the proposals it handles.
import type { Role } from "./bindings/Role";

let role: Role = "committee";
let name = "";

/** The role this window's installation has, as last shown. */
export function officeRole(): Role {
  return role;
}

/** The unit this window's installation is, or "" on the committee's. */
export function ownUnit(): string {
  return role === "unit" ? name : "";
}

/** Names `office` in the title bar (index.html) and fits the menu to its role. */
export function showOffice(office: { name: string; role: Role }) {
  role = office.role;
  name = office.name;
  const bar = document.querySelector("header.bar");
  const line = bar?.querySelector("[data-testid=office]");
  if (line) line.textContent = `${office.name} · 重点提案办理与督办`;
  bar?.classList.toggle("unit-desk", role === "unit");
  const list = bar?.querySelector("[data-testid=nav-list]");
  if (list) list.textContent = role === "unit" ? "本单位承办" : "重点提案";
}
