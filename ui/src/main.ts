// The app: the router, the shell and Chinese throughout, loaded by
// `boot.ts` once the first screen is drawn. Element Plus components come in
// with the templates that use them (vite.config.ts); the messages and
// dialogs called from scripts bring their styles here.
import { createApp } from "vue";
import { provideGlobalConfig } from "element-plus";
import zhCn from "element-plus/es/locale/lang/zh-cn";
import "element-plus/es/components/message/style/css";
import "element-plus/es/components/message-box/style/css";
import App from "./App.vue";
import { loadScreensAhead, router } from "./router";

const app = createApp(App);
// Chinese for every component, and for the dialogs scripts open outside any template.
provideGlobalConfig({ locale: zhCn }, app, true);
app.use(router);
// Mounted once the opening route is settled, so the list replaces the first
// screen in one pass, with no blank page between them.
router
  .isReady()
  .catch(() => undefined)
  .then(() => {
    app.mount("#app");
    performance.mark("app-mounted");
    loadScreensAhead();
  });
