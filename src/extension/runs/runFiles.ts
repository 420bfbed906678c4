/**
 * Host-side reading of run folders (layout in core/run/RunFolder.ts). The worker
 * writes them; the host only reads, except marking a run failed when its worker died.
 */
import * as fs from 'fs';
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

/** Run folders (those holding summary.json) directly under each of `roots`, newest first. */
export function listRuns(roots: string[]): RunInfo[] {
  const runs: RunInfo[] = [];
  for (const root of roots) {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(root, { withFileTypes: true }); } catch { continue; }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const dir = path.join(root, e.name);
      const summary = readSummary(dir);
      if (summary) runs.push({ dir, summary });
    }
  }
  return runs.sort((a, b) => path.basename(b.dir).localeCompare(path.basename(a.dir)));
}

/**
 * Marks a run whose worker died as failed, keeping everything else (atomic rewrite).
 * No-op unless it is still `running`. Returns whether it changed.
 */
export function markRunFailed(runDir: string, error: string, stderrTail: string[]): boolean {
  const s = readSummary(runDir);
  if (!s || s.status !== 'running') return false;
  const next: RunSummary = { ...s, status: 'failed', error, stderrTail, updatedAt: new Date().toISOString() };
  const file = path.join(runDir, RUN_FILES.summary);
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n');
  fs.renameSync(tmp, file);
  return true;
}
