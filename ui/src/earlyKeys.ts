// Office chords (Ctrl+F to search, Ctrl+P to print) pressed while only the
// first screen is up, before the app has loaded: kept here, from the
// window's first script, and handed to the app when it takes over, so a
// clerk's quick Ctrl+F is never lost (nor taken by the web view's own find).
const chords = ["f", "p"];
const early: string[] = [];

function keep(e: KeyboardEvent) {
  const key = e.key.toLowerCase();
  if ((e.ctrlKey || e.metaKey) && !e.altKey && chords.includes(key)) {
    e.preventDefault();
    early.push(key);
  }
}

/** Starts keeping the chords; called once, before the first screen is drawn. */
export function keepEarlyKeys() {
  window.addEventListener("keydown", keep);
}

/** The chords pressed so far, in order; from now on the app hears its own keys. */
export function takeEarlyKeys(): string[] {
  window.removeEventListener("keydown", keep);
  return early.splice(0);
}
