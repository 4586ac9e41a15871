// 单位名录 as the window's unit fields use it: suggestions as the clerk
// types (by name or 简称), and the names a form holds that the directory
// does not, to ask about before they are added.
import { ref } from "vue";
import { api } from "./api";
import type { DirectoryUnit } from "./bindings/DirectoryUnit";

const units = ref<DirectoryUnit[]>([]);

/** Reads the directory afresh: when a form opens, and after it changed. */
export async function loadDirectory(): Promise<DirectoryUnit[]> {
  units.value = await api.directory();
  return units.value;
}

export type UnitSuggestion = { value: string; short: string };

/** Units still offered (not renamed) whose name or 简称 holds `typed`. */
export function suggestUnits(typed: string): UnitSuggestion[] {
  const text = typed.trim();
  return units.value
    .filter((u) => !u.renamed_to && (!text || u.name.includes(text) || (u.short_name && u.short_name.includes(text))))
    .map((u) => ({ value: u.name, short: u.short_name }));
}

/** Of `names`, those the directory does not hold; a renamed unit is known. */
export function unknownUnits(names: string[]): string[] {
  const known = new Set(units.value.map((u) => u.name));
  return [...new Set(names.map((n) => n.trim()).filter((n) => n && !known.has(n)))];
}

/** The name a renamed unit now goes by, if `name` was renamed. */
export function renamedTo(name: string): string | null {
  return units.value.find((u) => u.name === name.trim())?.renamed_to ?? null;
}

/** `suggestUnits` as an autocomplete asks for it. */
export function fetchUnits(typed: string, show: (items: UnitSuggestion[]) => void): void {
  show(suggestUnits(typed));
}
