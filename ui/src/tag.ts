// el-tag's look without its component, for tags drawn in every row of the
// list (a component per tag there was measurable at the window's start).
// The classes are Element Plus's own, so the tags look exactly as el-tag's.
import "element-plus/es/components/tag/style/css";

export type TagType = "primary" | "success" | "info" | "warning" | "danger";

/** The classes el-tag puts on its outer element. */
export function tagClass(type: TagType, effect: "light" | "plain" | "dark", size: "default" | "small" = "default") {
  return ["el-tag", `el-tag--${type}`, `el-tag--${effect}`, `el-tag--${size}`];
}
