// The window's entry: the router, the app shell and Chinese throughout.
// Element Plus components come in with the templates that use them
// (vite.config.ts); the messages and dialogs called from scripts bring their
// styles here.
import { createApp } from "vue";
import { provideGlobalConfig } from "element-plus";
import zhCn from "element-plus/es/locale/lang/zh-cn";
import "element-plus/theme-chalk/base.css";
import "element-plus/es/components/message/style/css";
import "element-plus/es/components/message-box/style/css";
import "./styles.css";
import App from "./App.vue";
import { router } from "./router";

const app = createApp(App);
// Chinese for every component, and for the dialogs scripts open outside any template.
provideGlobalConfig({ locale: zhCn }, app, true);
app.use(router).mount("#app");
