// 首屏: the list's first screen, drawn from the data the window hands over
// with the page (`StartView`), before Vue and the app's script have loaded,
// so the rows are on screen as soon as the page is. The app then replaces it
// with the same rows (same markup, `views/proposalRows.ts`; same geometry,
// `components/tableLayout.ts`; same styles) and takes over. A row clicked
// meanwhile opens its proposal all the same; the buttons wait for the app.
import "element-plus/es/components/button/style/css";
import "./components/VirtualTable.css";
import "./views/ProposalList.css";
import type { ListRow } from "./bindings/ListRow";
import type { StartView } from "./bindings/StartView";
import { ariaSort, columnFlex, rowsToDraw, sortCaret } from "./components/tableLayout";
import { toElement, type Markup } from "./markup";
import { showOffice } from "./office";
import * as list from "./views/proposalRows";


function table(start: StartView): Markup {
  const rows: readonly ListRow[] = start.first_page.rows;
  const count = Math.max(start.first_page.total, rows.length);
  const [first, last] = rowsToDraw(0, window.innerHeight, list.ROW_HEIGHT, count);
  const columns = list.listColumns(start.identity.role === "unit");
  const flex = columns.map((c) => `flex: ${columnFlex(c)};`);
  const head: Markup[] = columns.map((c, n) => {
    const sorted = c.key === list.OPENING_SORT.key;
    const sort = ariaSort(c, list.OPENING_SORT);
    return {
      tag: "div",
      class: ["head-cell", ...(c.sortable ? ["sortable"] : []), ...(sorted ? ["sorted"] : [])],
      attrs: {
        role: "columnheader",
        "data-key": c.key,
        style: flex[n],
        ...(sort ? { "aria-sort": sort } : {}),
        ...(c.sortable ? { tabindex: "-1" } : {}),
      },
      children: [c.title, ...(sorted ? [{ tag: "span", class: "caret", children: [sortCaret(list.OPENING_SORT)] }] : [])],
    };
  });
  const body: Markup[] = [];
  for (let i = first; i < last; i++) {
    const row = rows[i] as ListRow | undefined;
    body.push({
      tag: "div",
      class: ["row", row ? list.rowClass(row) : "pending-row"],
      attrs: { role: "row", "aria-rowindex": String(i + 2), style: `top: ${i * list.ROW_HEIGHT}px; height: ${list.ROW_HEIGHT}px;` },
      children: columns.map((c, n) => ({
        tag: "div",
        class: "cell",
        attrs: { role: "cell", style: flex[n] },
        children: [(row ? list.proposalCell(c.key, row, start.sessions.length) : list.PENDING_CELL) ?? ""],
      })),
    });
  }
  return {
    tag: "div",
    class: "table-box",
    attrs: { "data-testid": "proposal-table" },
    children: [
      {
        tag: "div",
        class: "vtable proposal-table",
        attrs: { role: "table", tabindex: "0", "aria-rowcount": String(count + 1) },
        children: [
          { tag: "div", class: "head", attrs: { role: "row", "aria-rowindex": "1" }, children: head },
          {
            tag: "div",
            class: "body",
            attrs: { role: "rowgroup", style: `height: ${count * list.ROW_HEIGHT}px;` },
            children: body,
          },
        ],
      },
    ],
  };
}

/** Draws the first screen into `#app` when the window handed its data over
 * and opens on the list; returns what it drew. */
export function drawFirstScreen(): HTMLElement | null {
  const start = (window as { __TIAN_START__?: StartView }).__TIAN_START__;
  if (!start) return null;
  showOffice(start.identity);
  const app = document.getElementById("app");
  if (!app || !["", "#/"].includes(location.hash) || start.page_size !== list.PAGE_SIZE) return null;
  const page = toElement({
    tag: "main",
    class: "page",
    children: [
      {
        tag: "section",
        class: "proposal-list",
        children: [
          list.listHeading({
            count: list.listCount(start.sessions, false, start.first_page.total),
            picked: 0,
            total: start.first_page.total,
            importing: false,
            live: false,
            unit: start.identity.role === "unit",
          }),
          { tag: "div", class: "tools-placeholder" },
          table(start),
        ],
      },
    ],
  });
  const rows = start.first_page.rows;
  page.addEventListener("click", (e) => {
    const row = (e.target as Element).closest<HTMLElement>(".proposal-row");
    const data = row && rows[Number(row.getAttribute("aria-rowindex")) - 2];
    if (data) location.hash = `#/proposal/${encodeURIComponent(data.number)}?session=${encodeURIComponent(data.session)}`;
  });
  // Left for another page (a row, the menu) before the app has loaded: the
  // list opens later, after whatever is done there, and reads itself afresh.
  window.addEventListener(
    "hashchange",
    () => {
      delete (start as Partial<StartView>).first_page;
      delete (start as Partial<StartView>).sessions;
    },
    { once: true },
  );
  app.append(page);
  return page;
}
