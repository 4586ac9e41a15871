// Messages said from the first screen's code. Element Plus's message brings
// its own component, icons and stacking code; the list and the shell load
// it the first time there is something to say, so the window's first
// script stays small. (Its stylesheet comes with main.ts.)
type Kind = "success" | "error" | "info";

export async function say(kind: Kind, message: string, duration?: number): Promise<void> {
  const { ElMessage } = await import("element-plus/es/components/message/index.mjs");
  ElMessage({ type: kind, message, ...(duration ? { duration } : {}) });
}
