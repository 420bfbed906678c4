/**
 * Host-side reading of run folders (layout in core/run/RunFolder.ts). The worker
 * writes them; the host only reads, except marking a run failed when its worker died.
 */
import type * as fs from 'fs';
import * as fsp from 'fs/promises';
import * as path from 'path';
import { EpochRecord, OverlayIndex, RUN_FILES, RunSummary, overlayDir } from '../../core/run';

/** A run folder found on disk. */
export interface RunInfo {
  dir: string;
  summary: RunSummary;
}

/** Epoch records of `metrics.jsonl` text: every complete line (a line being appended is skipped). */
function parseMetrics(text: string): EpochRecord[] {
  const out: EpochRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try { out.push(JSON.parse(line) as EpochRecord); } catch { /* partial last line */ }
  }
  return out;
}

/** All complete records of a run's `metrics.jsonl`, read without blocking the host ([] when missing). */
export async function loadMetrics(runDir: string): Promise<EpochRecord[]> {
  try { return parseMetrics(await fsp.readFile(path.join(runDir, RUN_FILES.metrics), 'utf8')); } catch { return []; }
}

/** The overlay index of an epoch, or undefined. */
export async function loadOverlayIndex(runDir: string, epoch: number): Promise<OverlayIndex | undefined> {
  try {
    return JSON.parse(await fsp.readFile(path.join(runDir, overlayDir(epoch), 'index.json'), 'utf8')) as OverlayIndex;
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
