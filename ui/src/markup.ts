// A piece of the page described as data, for what the window draws twice:
// once before Vue has loaded (the first screen, `firstScreen.ts`) and then
// by Vue (`components/MarkupView.ts`). Both read the same description, so
// the rows the clerk sees first are the rows the app then draws.

export interface Markup {
  tag: string;
  class?: string | string[];
  /** Attributes as written, `style` and `title` included. */
  attrs?: Record<string, string>;
  /** Text and elements inside, in order. */
  children?: (Markup | string)[];
}

export const className = (c: Markup["class"]) => (Array.isArray(c) ? c.filter(Boolean).join(" ") : (c ?? ""));

/** The element `m` describes. Text goes in as text, never as HTML: a title
 * comes from announcements and exchange packages. */
export function toElement(m: Markup): HTMLElement {
  const el = document.createElement(m.tag);
  if (m.class) el.className = className(m.class);
  for (const [name, value] of Object.entries(m.attrs ?? {})) el.setAttribute(name, value);
  for (const child of m.children ?? []) {
    el.append(typeof child === "string" ? document.createTextNode(child) : toElement(child));
  }
  return el;
}
