// The geometry of `VirtualTable`: which rows it draws and how wide its
// columns are. Shared with the first screen (`firstScreen.ts`), which draws
// the list's table before Vue has loaded, exactly as the table then does.

/** A column: `width` pixels wide where there is room, narrower in proportion
 * where there is not; with `grow`, it takes that share of the room left over. */
export interface TableColumn {
  key: string;
  title: string;
  width: number;
  grow?: number;
  sortable?: boolean;
}
export interface TableSort {
  key: string;
  order: "asc" | "desc";
}

/** Rows drawn beyond each edge of the view: native scrolling runs ahead of
 * the scroll event, and a fast wheel should find rows, not white, there. */
const OVERSCAN = 8;

/** The rows to draw, `[first, last)`, for a view `height` pixels tall scrolled `top` pixels down. */
export function rowsToDraw(top: number, height: number, rowHeight: number, count: number): [number, number] {
  const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
  return [first, Math.min(count, Math.ceil((top + height) / rowHeight) + OVERSCAN)];
}

/** Heading and rows share each column's flex, so they line up at any width. */
export const columnFlex = (c: TableColumn) => `${c.grow ?? 0} 1 ${c.width}px`;

/** The heading's `aria-sort`: how the list is sorted by this column, if at all. */
export function ariaSort(column: TableColumn, sortBy: TableSort) {
  if (column.key !== sortBy.key) return column.sortable ? "none" : undefined;
  return sortBy.order === "asc" ? "ascending" : "descending";
}

export const sortCaret = (sortBy: TableSort) => (sortBy.order === "asc" ? "↑" : "↓");
