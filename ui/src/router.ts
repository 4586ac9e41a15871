// One route per screen; the detail route names a proposal by its number.
// The list is what the window opens on, so it comes with the app's script
// (which loads once the first screen, `firstScreen.ts`, is drawn); the
// other screens load ahead of their first visit (`screens` below).
import { pageAsked } from "./pageMarks";
import { officeRole } from "./office";
import { createRouter, createWebHashHistory } from "vue-router";
import ProposalList from "./views/ProposalList.vue";

// Each screen's script, loaded on first visit or, a moment after the window
// opens, ahead of it (`loadScreensAhead`), so no first visit waits for it.
const screens = {
  dashboard: () => import("./views/DashboardView.vue"),
  report: () => import("./views/ReportView.vue"),
  statistics: () => import("./views/StatisticsView.vue"),
  evaluation: () => import("./views/EvaluationView.vue"),
  settings: () => import("./views/SettingsView.vue"),
  exchange: () => import("./views/ExchangeView.vue"),
  backups: () => import("./views/BackupsView.vue"),
  co: () => import("./views/CoHandlingView.vue"),
  letters: () => import("./views/LettersView.vue"),
  proposal: () => import("./views/ProposalDetail.vue"),
};

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: "/", name: "list", component: ProposalList },
    { path: "/dashboard", name: "dashboard", component: screens.dashboard },
    { path: "/report", name: "report", component: screens.report },
    { path: "/statistics", name: "statistics", component: screens.statistics },
    { path: "/evaluation", name: "evaluation", component: screens.evaluation },
    { path: "/settings", name: "settings", component: screens.settings },
    { path: "/exchange", name: "exchange", component: screens.exchange },
    { path: "/backups", name: "backups", component: screens.backups },
    { path: "/co", name: "co", component: screens.co },
    { path: "/letters", name: "letters", component: screens.letters },
    { path: "/proposal/:number", name: "proposal", component: screens.proposal, props: true },
  ],
});
// Each office has its own pages: an address that names the other's (a
// link kept from before the installation was set up) shows the list.
const COMMITTEE_PAGES = ["dashboard", "report", "statistics", "evaluation"];
const UNIT_PAGES = ["co", "letters"];
router.beforeEach((to) => {
  pageAsked();
  const others = officeRole() === "unit" ? COMMITTEE_PAGES : UNIT_PAGES;
  if (others.includes(String(to.name))) return { name: "list" };
});

/** Loads every screen's script one after another, once the window is idle after opening. */
export function loadScreensAhead() {
  window.setTimeout(async () => {
    for (const load of Object.values(screens)) await load().catch(() => undefined);
  }, 1500);
}
