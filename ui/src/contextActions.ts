// 右键菜单的页面操作: what a page offers on the thing right-clicked (a row
// of the list: 打开, 复制提案号, 复制案由), shown above the menu's own
// 复制/全选 by the one right-click menu every page shares.

export interface ContextAction {
  label: string;
  testid: string;
  /** What choosing it does; or, for a copy, the text it puts on the clipboard. */
  run?: () => void;
  copies?: string;
}

/** Names the actions a page offers for the element right-clicked, or none. */
type Provider = (target: Element) => ContextAction[];

const providers = new Set<Provider>();

/** Offers `provider`'s actions while the page is shown; returns how to stop. */
export function provideContextActions(provider: Provider): () => void {
  providers.add(provider);
  return () => providers.delete(provider);
}

export function contextActionsFor(target: EventTarget | null): ContextAction[] {
  return target instanceof Element ? [...providers].flatMap((provide) => provide(target)) : [];
}
