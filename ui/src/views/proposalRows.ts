// The list's rows as the clerk sees them: its columns, each cell's content
// and the heading's count. Described as markup so that the first screen,
// drawn before Vue has loaded (`firstScreen.ts`), and the list drawn by
// Vue (`ProposalList.vue`) are the same rows.
import type { ListRow } from "../bindings/ListRow";
import type { SessionSummary } from "../bindings/SessionSummary";
import type { TableColumn, TableSort } from "../components/tableLayout";
import type { Markup } from "../markup";
import { formatDate } from "../format";
import { deadlineTag, stageTag, tag, tagClass } from "../tag";

/** Rows in a page read from the database; the window hands over the first. Declared once, in crates/tian-commands. */
export { LIST_PAGE_SIZE as PAGE_SIZE } from "../bindings/commands";
export const ROW_HEIGHT = 58;

const COLUMNS: TableColumn[] = [
  { key: "pick", title: "", width: 40 },
  { key: "number", title: "提案号", width: 150, sortable: true },
  { key: "title", title: "案由", width: 300, grow: 3, sortable: true },
  { key: "proposer", title: "提案者", width: 150, sortable: true },
  { key: "lead_unit", title: "主办部门", width: 170, grow: 1, sortable: true },
  { key: "leader", title: "督办领导", width: 190, grow: 1, sortable: true },
  { key: "stage", title: "阶段", width: 100, sortable: true },
  { key: "category", title: "类别", width: 100 },
  { key: "assigned", title: "办理时限", width: 150, sortable: true },
  { key: "progress", title: "建议落实", width: 120 },
];

/** 本单位待办, in a handling unit's list where the committee's 督办领导 stand. */
const OWES: TableColumn = { key: "owes", title: "本单位待办", width: 220, grow: 1 };

/** The list's columns: a handling unit's list says what it owes instead of who supervises. */
export const listColumns = (unit: boolean): TableColumn[] => (unit ? COLUMNS.map((c) => (c.key === "leader" ? OWES : c)) : COLUMNS);


/** What a unit owes on `row`, and the 会办意见 it waits for. */
function owesCell(row: ListRow): Markup {
  const desk = row.desk;
  if (!desk) return { tag: "span", class: "muted", children: ["—"] };
  const awaited = desk.opinions.filter((o) => !o.replied);
  const lines: Markup[] = [
    desk.owes
      ? { tag: "div", class: "clamp owes", children: [desk.owes + (desk.deadline ? `（${formatDate(desk.deadline.due)}前）` : "")] }
      : { tag: "div", class: "clamp muted", children: ["本单位暂无待办"] },
  ];
  if (awaited.length)
    lines.push({
      tag: "div",
      class: ["clamp", awaited.some((o) => o.late) ? "late" : "muted"],
      attrs: { "data-testid": "awaited-opinions" },
      children: [`待收会办意见：${awaited.map((o) => `${o.unit}（${formatDate(o.due)}前）`).join("、")}`],
    });
  else if (desk.opinions.length) lines.push({ tag: "div", class: "clamp muted", children: [`会办意见已到 ${desk.opinions.length} 份`] });
  return { tag: "div", class: "desk-note", children: lines };
}

/** The list's order as it opens. */
export const OPENING_SORT: Readonly<TableSort> = { key: "number", order: "asc" };

/** The row's classes: tests and the overdue mark find a proposal's row by them. */
export const rowClass = (row: ListRow) =>
  `proposal-row proposal-${row.number}` + (row.deadline?.urgency === "已逾期" ? " overdue" : "");

/** A row not read yet: a blank line in each cell until its page arrives. */
export const PENDING_CELL: Markup = { tag: "span", class: "blank" };

const clamp = (text: string, extra?: string): Markup => ({
  tag: "span",
  class: extra ? `${extra} clamp` : "clamp",
  attrs: { title: text },
  children: [text],
});

/** A row's key for the clerk's selection: 届次 and 提案号. */
export const rowKey = (row: ListRow) => `${row.session}/${row.number}`;

/** What the cell of `column` shows for `row`; `sessions` is how many sessions
 * the list holds, `picked` whether the clerk selected the row. */
export function proposalCell(column: string, row: ListRow, sessions: number, picked = false): Markup | null {
  switch (column) {
    case "pick":
      // A box of its own rather than el-checkbox: a row is drawn again at every step of a scroll.
      return {
        tag: "span",
        class: picked ? "pick picked" : "pick",
        attrs: { role: "checkbox", "aria-checked": picked ? "true" : "false", title: picked ? "取消选择" : "选择本件" },
      };
    case "category":
      return row.category ? { tag: "span", class: "category", children: [row.category] } : { tag: "span", class: "muted", children: ["未分类"] };
    case "number":
      return {
        tag: "div",
        children: [
          { tag: "div", class: "number", children: [`第${row.number}号`] },
          // Numbers repeat from session to session.
          ...(sessions > 1 ? [{ tag: "div", class: "session", children: [row.session] }] : []),
        ],
      };
    case "title":
      return clamp(row.title, "title");
    case "proposer": {
      const group = row.proposer_kind === "organization";
      return {
        tag: "span",
        class: "proposer",
        children: [
          { tag: "span", class: "clamp", children: [row.proposer] },
          tag(group ? "集体" : "委员", tagClass(group ? "warning" : "info", "plain", "small")),
        ],
      };
    }
    case "lead_unit":
      return clamp(row.lead_units.join("、"));
    case "leader":
      return {
        tag: "div",
        class: "leaders",
        children: [
          { tag: "div", class: "clamp", children: [{ tag: "span", class: "body", children: ["政府"] }, row.gov_leaders.join("、")] },
          { tag: "div", class: "clamp", children: [{ tag: "span", class: "body", children: ["政协"] }, row.cppcc_leaders.join("、")] },
        ],
      };
    case "owes":
      return owesCell(row);
    case "stage":
      return stageTag(row.stage);
    case "assigned":
      return deadlineTag(row.deadline);
    case "progress":
      // A plain bar rather than el-progress: a row is drawn again at every step of a scroll.
      return {
        tag: "span",
        class: "progress",
        attrs: { title: `建议落实 ${row.progress}%` },
        children: [
          { tag: "span", class: "track", children: [{ tag: "span", class: "done", attrs: { style: `width: ${row.progress}%;` } }] },
          `${row.progress}%`,
        ],
      };
    default:
      return null;
  }
}

/** The sessions in hand, latest first; a whole term is named by its latest. */
export function sessionNames(sessions: SessionSummary[]): string {
  const names = sessions.map((s) => s.session);
  return names.length > 2 ? `${names[0]}等 ${names.length} 个届次` : names.join("、");
}

/** The line under the heading: the sessions and how many proposals the list holds. */
export const listCount = (sessions: SessionSummary[], filtered: boolean, total: number) =>
  `${sessionNames(sessions) || "暂无届次"} · ${filtered ? "筛选出" : "共"} ${total} 件`;

/** What the list's heading shows: the count line, and the state of its tools. */
export interface ListHeading {
  count: string;
  /** Rows the clerk has ticked. */
  picked: number;
  /** Proposals listed (设置类别 has nothing to set without them). */
  total: number;
  importing: boolean;
  /** The app has taken over: the buttons work. The first screen's wait for it. */
  live: boolean;
  /** A handling unit's list (本单位承办): the committee's tools are not on it. */
  unit: boolean;
}

/** The list's heading: 重点提案, the count, and its tools, drawn alike by the
 * first screen and by the app, which answers the buttons by their test ids. */
export function listHeading(h: ListHeading): Markup {
  // Element Plus's look on plain buttons: el-button brings a colour
  // library with it, which the first screen need not load.
  // A button looks as it will work; on the first screen it waits, unpressable, for the app.
  const button = (testid: string, text: string, classes: string, usable: boolean): Markup => ({
    tag: "button",
    class: ["el-button", classes, usable ? "" : "is-disabled"],
    attrs: { type: "button", "data-testid": testid, ...(usable && h.live ? {} : { disabled: "" }) },
    children: [{ tag: "span", children: [text] }],
  });
  const picked: Markup[] = h.picked
    ? [
        { tag: "span", class: "picked-count", attrs: { "data-testid": "picked-count" }, children: [`已选 ${h.picked} 件`] },
        button("clear-picked", "清除选择", "", true),
      ]
    : [];
  return {
    tag: "div",
    class: "page-heading",
    children: [
      {
        tag: "div",
        children: [
          { tag: "h1", children: [h.unit ? "本单位承办" : "重点提案"] },
          { tag: "p", class: "sub", attrs: { "data-testid": "list-count" }, children: [h.count] },
        ],
      },
      {
        tag: "div",
        class: "tools",
        // 类别 and the announcement are the committee's to set and import.
        children: h.unit
          ? []
          : [
              ...picked,
              button("bulk-category", "设置类别…", "", h.total > 0),
              button("import-button", h.importing ? "导入中…" : "导入公告…", h.importing ? "el-button--primary is-loading" : "el-button--primary", !h.importing),
            ],
      },
    ],
  };
}
