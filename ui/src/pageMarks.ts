// 页面耗时: from the click that asks for a page to the frame that shows its
// data, marked in the window's performance timeline as `page:<名称>` for the
// startup bench's `--pages` (a measurement, not a test). A page calls
// `pageShown` once its first data is in.
import { nextTick } from "vue";

let asked = performance.now();

/** A page was asked for: a menu click, a row opened, ← 返回列表. */
export function pageAsked(): void {
  asked = performance.now();
}

/** Page `name` shows its data: measured at the next frame, once drawn. */
export function pageShown(name: string): void {
  const from = asked;
  nextTick(() => requestAnimationFrame(() => performance.measure(`page:${name}`, { start: from, end: performance.now() })));
}
