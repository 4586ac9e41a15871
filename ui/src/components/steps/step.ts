// What every step form shares: the panel that hosts it, the words a step is
// named by, how it asks before it is taken, and how it is taken. Each form
// (…Form.vue beside this file) owns its fields, its checks and its start.
import { inject, provide, reactive, type InjectionKey, type Ref } from "vue";
import { ElMessage, ElMessageBox } from "element-plus";
import { api, errorText, type ProposalRef } from "../../api";
import type { Dossier } from "../../bindings/Dossier";
import type { Offer } from "../../bindings/Offer";

/** Each step's name on its tab and in a refusal's title. */
export const stepLabels: Record<Offer, string> = {
  assign: "交办",
  correctAssign: "更正交办",
  review: "审查结论",
  contact: "记录沟通",
  activity: "督办活动",
  reply: "录入答复",
  feedback: "录入反馈",
  close: "办结",
  decide: "不满意件处理",
  extend: "延期",
  withdraw: "撤案",
  handBack: "退回",
  reopen: "重新打开",
};

/** A form's fields as the clerk left them, and the names of those typed. */
export interface KeptForm {
  form: object;
  typed: () => string[];
}

/** The panel the forms sit in: it keeps each form's fields while the clerk
 * looks at another tab (only the tab in view is drawn, so no hidden form's
 * dropdown lingers on the page), hears of each step taken, and asks the
 * kept forms what they hold unsaved. */
export interface StepHost {
  busy: Ref<boolean>;
  kept: Map<string, KeptForm>;
  taken(next: Dossier): void;
}
const HOST: InjectionKey<StepHost> = Symbol("step-host");

export function provideStepHost(host: StepHost) {
  provide(HOST, host);
}

export const proposalRef = (d: Dossier): ProposalRef => ({ number: d.number, session: d.session });

/**
 * A form's part in the panel: its fields, made by `start` the first time the
 * form is drawn for this proposal and kept until a step is taken; `typed`
 * names its free-text fields for the leave guard; `label` names the step
 * when the core refuses it (by default its tab's name).
 */
export function useStep<T extends object>(
  name: Offer,
  start: () => T,
  typed: (form: T) => [string, string][],
  label: () => string = () => stepLabels[name],
) {
  const host = inject(HOST)!;
  let kept = host.kept.get(name);
  if (!kept) {
    const form = reactive(start()) as T;
    kept = { form, typed: () => typed(form).filter(([text]) => text.trim()).map(([, name]) => name) };
    host.kept.set(name, kept);
  }

  /** Takes the step: the toast says what was done and the stage now; a
   * refusal, the core's or the form's own (a thrown string), is shown in
   * the clerk's words and the form keeps what was typed. */
  async function take(call: () => Promise<Dossier>, did: string) {
    host.busy.value = true;
    let refused: unknown = null;
    try {
      const next = await call();
      ElMessage.success(`${did}：第${next.number}号提案现为“${next.stage}”`);
      host.taken(next);
    } catch (e) {
      refused = e;
    } finally {
      host.busy.value = false;
    }
    // The core's refusal waits to be read; what the form finds missing
    // itself was said before (`lacking`), as a passing warning.
    if (refused !== null) {
      await ElMessageBox.alert(errorText(refused), `未能完成“${label()}”`, { type: "warning", confirmButtonText: "知道了" });
    }
  }
  return { form: kept.form as T, busy: host.busy, take };
}

/** A step that ends or diverts handling says what follows before it is
 * taken; nothing is focused, so Enter does not take it. */
export async function confirmStep(warning: string, title: string, buttons = { ok: "确认", cancel: "取消" }): Promise<boolean> {
  if (!warning) return true;
  try {
    await ElMessageBox.confirm(warning, `确认${title}`, {
      type: "warning",
      autofocus: false,
      confirmButtonText: buttons.ok,
      cancelButtonText: buttons.cancel,
      customStyle: { whiteSpace: "pre-line" },
    });
    return true;
  } catch {
    return false;
  }
}

/** Closing with a co-unit's 会办意见 never sent is allowed, but said first. */
export async function confirmClosing(d: Dossier, said: string, title: string): Promise<boolean> {
  const unsent = await api.closeWarnings(proposalRef(d));
  const warning = [said, ...unsent].filter(Boolean).join("\n\n");
  return confirmStep(warning, title, unsent.length ? { ok: "仍然办结", cancel: "返回" } : undefined);
}

/** A check the form makes before asking anything: the first thing missing. */
export function lacking(checks: [boolean, string][]): boolean {
  const missing = checks.find(([wanting]) => wanting);
  if (missing) ElMessage.warning(missing[1]);
  return !!missing;
}
