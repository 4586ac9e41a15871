// 已保存: after an export, the file can be opened at once, or its folder,
// as office programs offer.
import { h } from "vue";
import { ElButton, ElMessage, ElNotification } from "element-plus";
import { commands } from "./bindings/commands";
import { errorText } from "./api";
// Called from scripts, not templates, so the plugin that brings each
// component's style with its template never sees these: without them the
// notice was drawn unstyled at the foot of the page, out of sight.
import "element-plus/es/components/notification/style/css";
import "element-plus/es/components/button/style/css";

/** Says what was saved where, with 打开文件 and 打开所在文件夹. */
export function savedNotice(message: string, path: string) {
  const open = (folder: boolean) =>
    commands.openSaved(path, folder).catch((e) => ElMessage.error(errorText(e)));
  ElNotification({
    title: "已保存",
    type: "success",
    duration: 10000,
    customClass: "saved-notice",
    // Below the title bar and its menu, which it would otherwise cover.
    offset: 64,
    message: h("div", [
      h("p", { class: "saved-message" }, message),
      h("p", { class: "saved-path", "data-testid": "saved-path" }, path),
      h("div", { class: "saved-actions" }, [
        h(ElButton, { size: "small", "data-testid": "open-saved-file", onClick: () => open(false) }, () => "打开文件"),
        h(ElButton, { size: "small", "data-testid": "open-saved-folder", onClick: () => open(true) }, () => "打开所在文件夹"),
      ]),
    ]),
  });
}
