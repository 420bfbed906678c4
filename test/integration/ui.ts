/**
 * The test side of the UI driver (test/runner/uiDriver.mjs): each call asks the launcher's
 * browser to act on the real workbench as a person would, and resolves with its answer.
 */
import * as fs from 'fs';
import * as path from 'path';

/** What `webview` answers: the document's text and size, and each canvas with its share of non-dark pixels. */
export interface WebviewSnapshot {
  text: string;
  width: number;
  height: number;
  canvases: { width: number; height: number; nonBlank: number | null }[];
}

let seq = 0;

/** Performs one UI action; rejects with the driver's error. */
export async function ui<T = Record<string, unknown>>(action: string, args: Record<string, unknown> = {}, timeoutMs = 120000): Promise<T> {
  const dir = process.env.MEDSEG_SCREENSHOT_DIR;
  if (!dir) throw new Error('MEDSEG_SCREENSHOT_DIR is not set: not running under test/runner/runCodeServer.mjs');
  const id = `${Date.now()}-${String(++seq).padStart(4, '0')}`;
  const tmp = path.join(dir, `${id}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify({ action, ...args }));
  fs.renameSync(tmp, path.join(dir, `${id}.ui.json`));
  const done = path.join(dir, `${id}.ui.done`);
  const end = Date.now() + timeoutMs;
  while (!fs.existsSync(done)) {
    if (Date.now() > end) throw new Error(`UI action ${action} timed out`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const reply = JSON.parse(await fs.promises.readFile(done, 'utf8')) as T & { error?: string };
  await fs.promises.rm(done, { force: true });
  if (reply.error) throw new Error(`UI action ${action} ${JSON.stringify(args)}: ${reply.error}`);
  return reply;
}

/** Runs a command from the palette by typing its title. */
export const palette = (title: string) => ui('palette', { title });
/** Accepts the first item of the open quick pick after typing `filter`, or clicks the item containing `label`. */
export const pick = (o: { filter?: string; label?: string; timeoutMs?: number } = {}) => ui('pick', o, (o.timeoutMs ?? 30000) + 30000);
/** Types `text` into the open input (replacing its value) and presses Enter. */
export const input = (text: string, o: { enter?: boolean; settleMs?: number } = {}) => ui('input', { text, ...o });
/** Title, value and items of the open quick input. */
export const quickInput = (timeoutMs = 30000) => ui<{ title: string; value: string; items: string[] }>('quickInput', { timeoutMs }, timeoutMs + 30000);
/** Right-click on the explorer items `names` (several: ctrl-click), then the context-menu entry `item`. */
export const explorerContext = (names: string[], item: string) => ui('explorerContext', { names, item });
/** A webview's document (title matched as a regex); optionally waits for a selector or text. */
export const webview = (title: string, o: { selector?: string; waitFor?: string; waitText?: string; timeoutMs?: number } = {}) =>
  ui<WebviewSnapshot>('webview', { title, ...o }, (o.timeoutMs ?? 30000) + 60000);
/** Webview console errors and uncaught exceptions since the last `clear`. */
export const consoleErrors = async (clear = false) => (await ui<{ errors: string[] }>('consoleErrors', { clear })).errors;
/** Text of workbench elements (e.g. `.tab .label-name`). */
export const texts = async (selector: string) => (await ui<{ texts: string[] }>('texts', { selector })).texts;
/** `e` with the open editor tabs and the notifications appended: what a failed step left on screen. */
export const withScreenState = async (e: Error) =>
  new Error(`${e.message}; tabs: ${(await texts('.tabs-container .tab .label-name')).join(' | ')}; notifications: ${(await texts('.notification-list-item')).join(' | ')}`);
