// 未保存提醒: typed but unsaved input is not dropped without a word when the
// clerk moves to another page or another proposal.
import { ElMessageBox } from "element-plus";
import { onBeforeRouteLeave, onBeforeRouteUpdate } from "vue-router";

/** Asks before leaving while `unsaved()` names what would be lost. */
export function useLeaveGuard(unsaved: () => string | null) {
  const ask = async (): Promise<boolean> => {
    const what = unsaved();
    if (!what) return true;
    try {
      await ElMessageBox.confirm(`${what}尚未保存，离开后将丢失。确定离开吗？`, "尚未保存", {
        type: "warning",
        confirmButtonText: "离开",
        cancelButtonText: "留下",
        autofocus: false,
      });
      return true;
    } catch {
      return false;
    }
  };
  onBeforeRouteLeave(ask);
  onBeforeRouteUpdate(ask);
}
