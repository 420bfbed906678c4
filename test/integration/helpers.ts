import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

/** The MedSeg Lab extension (development or installed), activated. */
export async function medseg(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension('medseg-lab.medseg-lab');
  if (!ext) throw new Error('extension medseg-lab.medseg-lab is not loaded');
  await ext.activate();
  return ext;
}

/**
 * A screenshot of the whole workbench, taken by the test launcher's browser
 * (the extension host cannot reach it). Resolves to the written path.
 */
export async function screenshot(file: string, timeoutMs = 20000): Promise<string> {
  const dir = process.env.MEDSEG_SCREENSHOT_DIR;
  if (!dir) throw new Error('MEDSEG_SCREENSHOT_DIR is not set: not running under test/runner/runCodeServer.mjs');
  const id = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(path.join(dir, `${id}.request`), file);
  const done = path.join(dir, `${id}.done`);
  const end = Date.now() + timeoutMs;
  while (!fs.existsSync(done)) {
    if (Date.now() > end) throw new Error('screenshot timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
  const result = fs.readFileSync(done, 'utf8');
  if (result.startsWith('error:')) throw new Error(result);
  return result;
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 30000, what = 'condition'): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
