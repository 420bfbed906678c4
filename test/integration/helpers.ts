import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunSummary } from '../../src/core/run';
import { projectRoot } from '../helpers/paths';

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

/** A run started by medseg.trainModel / medseg.resumeRun. */
export interface StartedRun { runDir: string; pid: number }

/** The run's summary.json, or undefined while it does not exist (or is mid-rename). */
export function summaryOf(runDir: string): RunSummary | undefined {
  try { return JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as RunSummary; } catch { return undefined; }
}

/**
 * A tiny training config (inputSize 32, base 4, depth 2, WASM) on a copy of the bundled
 * figshare demo cases in `<ws>/<dataDir>`; returns the config path.
 */
export function writeTinyConfig(ws: string, name: string, dataDir: string, epochs: number): string {
  const data = path.join(ws, dataDir);
  if (!fs.existsSync(data)) fs.cpSync(path.join(projectRoot(), 'media/demo/figshare'), data, { recursive: true });
  const file = path.join(ws, `${name}.medseg.json`);
  fs.writeFileSync(file, JSON.stringify({
    name, seed: 7,
    data: { kind: 'figshare', root: dataDir, inputSize: 32, maxCases: 16, validation: { strategy: 'fraction', fraction: 0.25 } },
    model: { baseFilters: 4, depth: 2 },
    training: { epochs, iterationsPerEpoch: 2, batchSize: 4, overlayCases: 2, overlaySize: 32 },
    augmentation: { preset: 'none' },
    run: { outputDir: 'runs', backend: 'wasm' },
  }, null, 2));
  return file;
}
