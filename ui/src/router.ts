// One route per screen; the detail route names a proposal by its number.
import { createRouter, createWebHashHistory } from "vue-router";
import BackupsView from "./views/BackupsView.vue";
import DashboardView from "./views/DashboardView.vue";
import ProposalDetail from "./views/ProposalDetail.vue";
import ProposalList from "./views/ProposalList.vue";
import SettingsView from "./views/SettingsView.vue";

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: "/", name: "list", component: ProposalList },
    { path: "/dashboard", name: "dashboard", component: DashboardView },
    { path: "/settings", name: "settings", component: SettingsView },
    { path: "/backups", name: "backups", component: BackupsView },
    { path: "/proposal/:number", name: "proposal", component: ProposalDetail, props: true },
  ],
});
