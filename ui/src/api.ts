// Typed calls to the Rust commands in src-tauri/src/commands.rs. The types
// come from Rust through ts-rs (src/bindings), so a renamed field breaks
// `vue-tsc`, not the clerk's screen. A rejected call carries the Chinese
// message from Rust as its reason.
import { invoke } from "@tauri-apps/api/core";
import type { ImportReport } from "./bindings/ImportReport";
import type { LeaderSummary } from "./bindings/LeaderSummary";
import type { Proposal } from "./bindings/Proposal";
import type { ProposalFilter } from "./bindings/ProposalFilter";
import type { UnitSummary } from "./bindings/UnitSummary";

export const api = {
  listProposals: (filter: ProposalFilter) => invoke<Proposal[]>("list_proposals", { filter }),
  getProposal: (number: string, session: string | null = null) =>
    invoke<Proposal>("get_proposal", { number, session }),
  listUnits: () => invoke<UnitSummary[]>("list_units"),
  listLeaders: () => invoke<LeaderSummary[]>("list_leaders"),
  /** Opens the native file dialog; null when the clerk cancels. */
  importAnnouncement: () => invoke<ImportReport | null>("import_announcement"),
};

/** The message of a failed call, as Rust worded it. */
export function errorText(e: unknown): string {
  return typeof e === "string" ? e : e instanceof Error ? e.message : String(e);
}
