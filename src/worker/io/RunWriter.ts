/**
 * Writes one run folder (layout in core/run/RunFolder.ts): config, summary, metrics lines,
 * previews and overlays. Every JSON file is written atomically; `metrics.jsonl` is only
 * appended whole lines. Also used to mark a run failed after its worker died.
 */
import * as fs from 'fs';
import * as path from 'path';
import { encode as encodePng } from 'fast-png';
import { EpochRecord, RgbImage, RUN_FILES, RunSummary } from '../../core/run';
import type { TrainConfig } from '../../core/config/trainConfig';
import { appendLine, readJson, writeFileAtomic, writeJsonAtomic } from './atomicWrite';

/** Encodes an RGB image as PNG bytes. */
export function rgbToPng(img: RgbImage): Uint8Array {
  return encodePng({ width: img.width, height: img.height, data: img.data, channels: 3, depth: 8 });
}

/** Handle on a run folder being written. */
export class RunWriter {
  constructor(readonly dir: string) {}

  /** Creates the folder tree (idempotent). */
  init(): void {
    for (const d of ['', RUN_FILES.checkpoints, RUN_FILES.previews, RUN_FILES.overlays, RUN_FILES.predictions]) {
      fs.mkdirSync(path.join(this.dir, d), { recursive: true });
    }
  }

  file(rel: string): string {
    return path.join(this.dir, rel);
  }

  writeConfig(cfg: TrainConfig): void {
    writeJsonAtomic(this.file(RUN_FILES.config), cfg);
  }

  readConfig(): TrainConfig {
    return readJson<TrainConfig>(this.file(RUN_FILES.config));
  }

  writeSummary(s: RunSummary): void {
    writeJsonAtomic(this.file(RUN_FILES.summary), s);
  }

  readSummary(): RunSummary {
    return readJson<RunSummary>(this.file(RUN_FILES.summary));
  }

  appendMetrics(r: EpochRecord): void {
    appendLine(this.file(RUN_FILES.metrics), JSON.stringify(r));
  }

  /** Records of metrics.jsonl (a torn last line, from a kill mid-append, is skipped). */
  readMetrics(): EpochRecord[] {
    return readMetricsFile(this.file(RUN_FILES.metrics));
  }

  /** Keeps only the first `lines` records (resume drops epochs after the checkpoint). */
  truncateMetrics(lines: number): void {
    const keep = this.readMetrics().slice(0, lines);
    writeFileAtomic(this.file(RUN_FILES.metrics), keep.map((r) => JSON.stringify(r) + '\n').join(''));
  }

  /** Writes a PNG at `rel` (atomically). */
  writePng(rel: string, img: RgbImage): void {
    writeFileAtomic(this.file(rel), rgbToPng(img));
  }

  writeJson(rel: string, value: unknown): void {
    writeJsonAtomic(this.file(rel), value);
  }
}

/** Parses a metrics.jsonl file (missing file → []). */
export function readMetricsFile(file: string): EpochRecord[] {
  if (!fs.existsSync(file)) return [];
  const out: EpochRecord[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as EpochRecord);
    } catch {
      break;
    }
  }
  return out;
}

/**
 * Marks a run whose worker died as failed (the host calls this on an unexpected exit):
 * keeps everything else, adds the error and stderr tail. No-op unless it is `running`.
 */
export function markRunFailed(runDir: string, error: string, stderrTail: string[] = []): boolean {
  const file = path.join(runDir, RUN_FILES.summary);
  if (!fs.existsSync(file)) return false;
  const s = readJson<RunSummary>(file);
  if (s.status !== 'running') return false;
  writeJsonAtomic(file, { ...s, status: 'failed', error, stderrTail, updatedAt: new Date().toISOString() } satisfies RunSummary);
  return true;
}
