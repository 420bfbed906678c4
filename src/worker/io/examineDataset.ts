/**
 * The dataset doctor as the first step of every training and prediction run: the same
 * `checkDataset` the Check Dataset command and `medseg doctor` run, on the Node file system.
 * Errors stop the run before any work, with every error named; warnings travel on into
 * the run summary.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { caseFiles, type DatasetKind, type DatasetManifest } from '../../core/dataset/DatasetManifest';
import { checkDataset, type CheckProgress } from '../../core/dataset/checkDataset';
import { recognizeDataset } from '../../core/dataset/recognizeDataset';
import type { DoctorReport, Finding } from '../../core/dataset/Finding';
import { MedSegError } from '../../core/util/MedSegError';
import { writeJsonAtomic } from './atomicWrite';
import { nodeFileSource } from './nodeFileSource';

/** What a run keeps of the doctor's report. */
export interface ExaminedDataset {
  report: DoctorReport;
  /** Warnings, one line each (`file: message`). */
  warnings: string[];
  /** Hash of the recognised layout, its labels and every case file's path, size and modification time (keys caches). */
  fingerprint: string;
  /** Whether the report came from the cache (no file was re-read). */
  cached: boolean;
}

/** Bump when the doctor's checks change what a report says. */
const DOCTOR_CACHE_VERSION = 1;

/**
 * Hash of the manifest as recognised (layout, labels, folds, groups) and of its files
 * (relative path, size, mtime; not contents, so it costs one stat per file).
 */
export async function datasetFingerprint(root: string, m: DatasetManifest): Promise<string> {
  const h = createHash('sha256');
  h.update(JSON.stringify({ kind: m.kind, modalities: m.modalities, maskLabels: m.maskLabels, labelMap: m.labelMap, classes: m.classes }));
  for (const c of m.cases) {
    h.update(JSON.stringify([c.id, c.label, c.fold, c.group]));
    for (const rel of caseFiles(c)) {
      const st = await fs.promises.stat(path.join(root, rel)).catch(() => undefined);
      h.update(`${rel}\0${st?.size ?? -1}\0${st?.mtimeMs ?? -1}\n`);
    }
  }
  return h.digest('hex').slice(0, 16);
}

// Without a cache folder (prediction on a folder), reports of this process by root and layout
// preference: a second prediction skips re-reading every file while the files are unchanged.
const memo = new Map<string, ExaminedDataset>();

/** One finding as one line. */
export function findingLine(f: Finding): string {
  return `${f.file || '(dataset)'}: ${f.message}`;
}

const shortHash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 12);

/** Where reports on `root` are kept in a cache folder (a name prefix per root and layout preference), and the one for fingerprint `fp`. */
function reportFile(cacheDir: string, root: string, preferKind: DatasetKind | undefined, fp: string): { file: string; prefix: string } {
  const prefix = `${path.basename(path.resolve(root)).replace(/[^A-Za-z0-9._-]+/g, '_')}-${shortHash([path.resolve(root), preferKind ?? ''])}-`;
  return { file: path.join(cacheDir, 'doctor', `${prefix}${shortHash([DOCTOR_CACHE_VERSION, fp])}.json`), prefix };
}

/** Keeps a report as the only one of its root (reports of older fingerprints are stale); best effort: a cache that cannot be written costs time, not the run. */
function storeReport(file: string, prefix: string, report: DoctorReport): void {
  try {
    writeJsonAtomic(file, report);
    for (const n of fs.readdirSync(path.dirname(file))) {
      if (n.startsWith(prefix) && n !== path.basename(file)) fs.rmSync(path.join(path.dirname(file), n), { force: true });
    }
  } catch {
    // Read-only or missing cache location (a run folder copied from elsewhere): the report is simply not kept.
  }
}

/** The doctor's report on `root`, reused while the files are unchanged (in this process, and across runs through `cacheDir`). */
async function examined(root: string, preferKind: DatasetKind | undefined, cacheDir: string | undefined, onProgress?: (p: CheckProgress) => void): Promise<ExaminedDataset> {
  const key = `${path.resolve(root)}\0${preferKind ?? ''}`;
  // The fingerprint of the layout as recognised (cheap: listings and stats), before the doctor completes it from the files.
  const { manifest } = await recognizeDataset(nodeFileSource, root, { preferKind });
  const fingerprint = await datasetFingerprint(root, manifest);
  const known = cacheDir ? undefined : memo.get(key);
  if (known?.fingerprint === fingerprint) return known;
  const where = cacheDir ? reportFile(cacheDir, root, preferKind, fingerprint) : undefined;
  const stored = where ? await fs.promises.readFile(where.file, 'utf8').then((t) => JSON.parse(t) as DoctorReport, () => undefined) : undefined;
  const report = stored ?? await checkDataset(nodeFileSource, root, { preferKind, onProgress });
  // A cancelled check is incomplete: never kept.
  if (where && !stored && !report.summary.cancelled) storeReport(where.file, where.prefix, report);
  const out = { report, warnings: report.findings.filter((f) => f.severity === 'warning').map(findingLine), fingerprint, cached: stored !== undefined };
  if (!cacheDir) memo.set(key, out);
  return out;
}

/** Options of {@link examineDataset}. */
export interface ExamineOptions {
  preferKind?: DatasetKind;
  onProgress?: (p: CheckProgress) => void;
  /** Throw on the doctor's errors (default true). */
  stopOnErrors?: boolean;
  /** A cache folder keeping the report across processes (the preprocessed cache's root). */
  cacheDir?: string;
}

/** Runs the doctor on `root`; throws `bad-dataset` listing the errors when there are any (unless `stopOnErrors` is false). */
export async function examineDataset(root: string, opts: ExamineOptions = {}): Promise<ExaminedDataset> {
  const out = await examined(root, opts.preferKind, opts.cacheDir, opts.onProgress);
  if (opts.stopOnErrors === false) return out;
  const errors = out.report.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    const shown = errors.slice(0, 10).map((f) => `  ${findingLine(f)} (fix: ${f.fix})`);
    if (errors.length > 10) shown.push(`  … and ${errors.length - 10} more (run \`medseg doctor ${root}\`)`);
    throw new MedSegError('bad-dataset', `the dataset doctor found ${errors.length} error(s); nothing was run:\n${shown.join('\n')}`, root);
  }
  if (out.report.manifest.cases.length === 0) throw new MedSegError('no-data', 'the dataset doctor found no cases', root);
  return out;
}
