// The window's entry. It draws the first screen from the data the window
// handed over (`firstScreen.ts`) and only then loads the app (`main.ts`),
// which replaces it with the same rows and takes over: the first rows wait
// on no framework. Its styles are the first screen's; each screen of the
// app brings its own.
import "element-plus/theme-chalk/base.css";
import "./styles.css";
import "./shell.css";
import { keepEarlyKeys } from "./earlyKeys";
import { drawFirstScreen } from "./firstScreen";

keepEarlyKeys();

// Kept, so the window test can check that the app drew the same screen.
// Should drawing it fail, the app draws the list as it would without it.
(window as { __TIAN_FIRST_SCREEN__?: HTMLElement | null }).__TIAN_FIRST_SCREEN__ = (() => {
  try {
    return drawFirstScreen();
  } catch {
    document.getElementById("app")?.replaceChildren();
    return null;
  }
})();
// The page's own clock of its start (`performance.getEntriesByType("mark")`).
performance.mark("first-screen");

// The app loads once a frame has shown the first screen and the page has
// had a moment to answer what waits on it (a click, the window's own
// messages): loading it holds the page for some 100–200 ms. The longer
// timer covers a window that is not drawn (minimised), which gets no frames.
let loading = false;
const loadApp = () => {
  if (!loading) {
    import("./main").catch(() => {
      document.getElementById("app")!.textContent = "天的界面未能载入，请关闭窗口后重新打开。";
    });
  }
  loading = true;
};
requestAnimationFrame(() => setTimeout(loadApp, 50));
setTimeout(loadApp, 150);
