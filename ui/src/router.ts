// One route per screen; the detail route names a proposal by its number.
import { createRouter, createWebHashHistory } from "vue-router";
import ProposalList from "./views/ProposalList.vue";
import ProposalDetail from "./views/ProposalDetail.vue";

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: "/", name: "list", component: ProposalList },
    { path: "/proposal/:number", name: "proposal", component: ProposalDetail, props: true },
  ],
});
