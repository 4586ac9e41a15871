// One route per screen; the detail route names a proposal by its number.
// The list is what the window opens on, so it comes with the app's script
// (which loads once the first screen, `firstScreen.ts`, is drawn); the
// other screens load when first visited.
import { pageAsked } from "./pageMarks";
import { createRouter, createWebHashHistory } from "vue-router";
import ProposalList from "./views/ProposalList.vue";

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: "/", name: "list", component: ProposalList },
    { path: "/dashboard", name: "dashboard", component: () => import("./views/DashboardView.vue") },
    { path: "/report", name: "report", component: () => import("./views/ReportView.vue") },
    { path: "/statistics", name: "statistics", component: () => import("./views/StatisticsView.vue") },
    { path: "/settings", name: "settings", component: () => import("./views/SettingsView.vue") },
    { path: "/exchange", name: "exchange", component: () => import("./views/ExchangeView.vue") },
    { path: "/backups", name: "backups", component: () => import("./views/BackupsView.vue") },
    { path: "/proposal/:number", name: "proposal", component: () => import("./views/ProposalDetail.vue"), props: true },
  ],
});
router.beforeEach(() => pageAsked());
