// One route per screen; the detail route names a proposal by its number.
import { createRouter, createWebHashHistory } from "vue-router";
import BackupsView from "./views/BackupsView.vue";
import DashboardView from "./views/DashboardView.vue";
import ExchangeView from "./views/ExchangeView.vue";
import ProposalDetail from "./views/ProposalDetail.vue";
import ProposalList from "./views/ProposalList.vue";
import ReportView from "./views/ReportView.vue";
import SettingsView from "./views/SettingsView.vue";
import StatisticsView from "./views/StatisticsView.vue";

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: "/", name: "list", component: ProposalList },
    { path: "/dashboard", name: "dashboard", component: DashboardView },
    { path: "/report", name: "report", component: ReportView },
    { path: "/statistics", name: "statistics", component: StatisticsView },
    { path: "/settings", name: "settings", component: SettingsView },
    { path: "/exchange", name: "exchange", component: ExchangeView },
    { path: "/backups", name: "backups", component: BackupsView },
    { path: "/proposal/:number", name: "proposal", component: ProposalDetail, props: true },
  ],
});
