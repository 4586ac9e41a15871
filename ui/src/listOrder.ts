// 上一件 / 下一件 step through the list as the clerk left it: its filters
// and its order. The list says what it shows each time that changes; a
// proposal's page asks for its neighbours in it.
import type { PageQuery } from "./bindings/PageQuery";

let shown: PageQuery | null = null;

/** The list now shows `query`'s proposals in its order. */
export function listShows(query: PageQuery) {
  shown = query;
}

/** The list as last shown, or null before it was. */
export function shownList(): PageQuery | null {
  return shown;
}
