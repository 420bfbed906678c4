/**
 * Host-side reading of run folders (layout in core/run/RunFolder.ts). The worker
 * writes them; the host only reads, except marking a run failed when its worker died.
 * The synchronous readers are left for the dashboard until it follows files with a watcher.
 */
import * as fs from 'fs';
import * as fsp from 'fs/promises';
import * as path from 'path';
import { EpochRecord, OverlayIndex, RUN_FILES, RunSummary, overlayDir } from '../../core/run';

/** A run folder found on disk. */
export interface RunInfo {
  dir: string;
  summary: RunSummary;
}

/** Reads `summary.json` of a run, or undefined when it is missing or unreadable. */
export function readSummary(runDir: string): RunSummary | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(runDir, RUN_FILES.summary), 'utf8')) as RunSummary;
  } catch {
    return undefined;
  }
}

/** All complete lines of `metrics.jsonl` (a line being appended is skipped). */
export function readMetrics(runDir: string): EpochRecord[] {
  let text: string;
  try { text = fs.readFileSync(path.join(runDir, RUN_FILES.metrics), 'utf8'); } catch { return []; }
  const out: EpochRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try { out.push(JSON.parse(line) as EpochRecord); } catch { /* partial last line */ }
  }
  return out;
}

/** The overlay index of an epoch, or undefined. */
export function readOverlayIndex(runDir: string, epoch: number): OverlayIndex | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(runDir, overlayDir(epoch), 'index.json'), 'utf8')) as OverlayIndex;
  } catch {
    return undefined;
  }
}

/** The run's config.json as an object (for diffs between runs). */
export function readRunConfig(runDir: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(runDir, RUN_FILES.config), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** `summary.json` of a run read without blocking the host, or undefined when missing or unreadable. */
export async function loadSummary(runDir: string): Promise<RunSummary | undefined> {
  try {
    return JSON.parse(await fsp.readFile(path.join(runDir, RUN_FILES.summary), 'utf8')) as RunSummary;
  } catch {
    return undefined;
  }
}

/** The run's config.json read without blocking the host, or undefined. */
export async function loadRunConfig(runDir: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await fsp.readFile(path.join(runDir, RUN_FILES.config), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Run folders (those holding summary.json) directly under each of `roots`, newest first. */
export async function listRuns(roots: string[]): Promise<RunInfo[]> {
  const found = await Promise.all(roots.map(async (root) => {
    let entries: fs.Dirent[];
    try { entries = await fsp.readdir(root, { withFileTypes: true }); } catch { return []; }
    const runs = await Promise.all(entries.filter((e) => e.isDirectory()).map(async (e) => {
      const dir = path.join(root, e.name);
      const summary = await loadSummary(dir);
      return summary ? { dir, summary } : undefined;
    }));
    return runs.filter((r): r is RunInfo => r !== undefined);
  }));
  return found.flat().sort((a, b) => path.basename(b.dir).localeCompare(path.basename(a.dir)));
}

/**
 * Marks a run whose worker died as failed, keeping everything else (atomic rewrite).
 * No-op unless it is still `running`. Resolves to whether it changed.
 */
export async function markRunFailed(runDir: string, error: string, stderrTail: string[]): Promise<boolean> {
  const s = await loadSummary(runDir);
  if (!s || s.status !== 'running') return false;
  const next: RunSummary = { ...s, status: 'failed', error, stderrTail, updatedAt: new Date().toISOString() };
  const file = path.join(runDir, RUN_FILES.summary);
  const tmp = `${file}.tmp-${process.pid}`;
  await fsp.writeFile(tmp, JSON.stringify(next, null, 2) + '\n');
  await fsp.rename(tmp, file);
  return true;
}

/** Whether `s` is a run Resume can continue: stopped, failed, or `running` with no live worker (interrupted). */
export function isResumable(s: RunSummary, live: boolean): boolean {
  return s.status === 'stopped' || s.status === 'failed' || (s.status === 'running' && !live);
}
