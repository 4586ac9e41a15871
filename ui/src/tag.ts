// el-tag's look without its component, for tags drawn in every row of the
// list (a component per tag there was measurable at the window's start).
// The classes are Element Plus's own, so the tags look exactly as el-tag's.
// The stage and deadline tags are described as markup, which the list's
// first screen draws before Vue has loaded and Vue draws after it.
import "element-plus/es/components/tag/style/css";
import "./tag.css";
import type { Deadline } from "./bindings/Deadline";
import type { Stage } from "./bindings/Stage";
import { formatDate } from "./format";
import type { Markup } from "./markup";

export type TagType = "primary" | "success" | "info" | "warning" | "danger";

/** The classes el-tag puts on its outer element. */
export function tagClass(type: TagType, effect: "light" | "plain" | "dark", size: "default" | "small" = "default") {
  return ["el-tag", `el-tag--${type}`, `el-tag--${effect}`, `el-tag--${size}`];
}

/** An el-tag reading `text`, with `extra` classes before its own. */
export function tag(text: string, classes: string[], extra: string[] = []): Markup {
  return { tag: "span", class: [...extra, ...classes], children: [{ tag: "span", class: "el-tag__content", children: [text] }] };
}

/** 办理阶段 as a coloured tag: done is green, refused grey, unsatisfied red. */
export function stageTag(stage: Stage): Markup {
  const type = ((): TagType => {
    switch (stage) {
      case "办结":
        return "success";
      case "再办理":
      case "待决定":
      case "已退回":
        return "danger";
      case "撤案":
      case "不予立案":
      case "并案":
      case "转意见建议":
        return "info";
      case "立案":
        return "primary";
      default:
        return "warning";
    }
  })();
  return tag(stage, tagClass(type, "light"), ["stage-tag"]);
}

/** 办理时限 as a tag over its due date: red when overdue, orange in its last week. */
export function deadlineTag(d: Deadline | null): Markup {
  if (!d) return { tag: "span", class: "deadline-none", children: ["—"] };
  const text = d.days_left === 0 ? "今天到期" : d.days_left > 0 ? `剩余${d.days_left}天` : `已逾期${-d.days_left}天`;
  const type: TagType = d.urgency === "已逾期" ? "danger" : d.urgency === "即将到期" ? "warning" : "info";
  return {
    tag: "span",
    class: "deadline",
    attrs: { title: `${d.kind}期限：${formatDate(d.due)}` },
    children: [
      tag(text, tagClass(type, d.urgency === "正常" ? "plain" : "dark"), ["deadline-tag"]),
      {
        tag: "span",
        class: "deadline-due",
        attrs: { "data-testid": "deadline-due" },
        children: [`${d.extended ? "已延期至" : ""}${formatDate(d.due)}`],
      },
    ],
  };
}
