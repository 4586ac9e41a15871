// Vue's drawing of a `Markup` description (see `markup.ts`).
import { h, type FunctionalComponent, type VNode } from "vue";
import { className, type Markup } from "../markup";

function toVNode(m: Markup): VNode {
  const children = m.children?.map((c) => (typeof c === "string" ? c : toVNode(c)));
  return h(m.tag, { class: className(m.class) || undefined, ...m.attrs }, children);
}

const MarkupView: FunctionalComponent<{ markup: Markup | null }> = (props) => props.markup && toVNode(props.markup);
MarkupView.props = ["markup"];

export default MarkupView;
