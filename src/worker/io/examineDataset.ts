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
import { nodeFileSource } from './nodeFileSource';

/** What a run keeps of the doctor's report. */
export interface ExaminedDataset {
  report: DoctorReport;
  /** Warnings, one line each (`file: message`). */
  warnings: string[];
  /** Hash of every case file's path, size and modification time (keys caches). */
  fingerprint: string;
}

/** Hash of the manifest's layout and files (relative path, size, mtime). */
export async function datasetFingerprint(root: string, m: DatasetManifest): Promise<string> {
  const h = createHash('sha256');
  h.update(JSON.stringify({ kind: m.kind, modalities: m.modalities, maskLabels: m.maskLabels }));
  for (const c of m.cases) {
    for (const rel of caseFiles(c)) {
      const st = await fs.promises.stat(path.join(root, rel)).catch(() => undefined);
      h.update(`${rel}\0${st?.size ?? -1}\0${st?.mtimeMs ?? -1}\n`);
    }
  }
  return h.digest('hex').slice(0, 16);
}

// Reports of this process by root and layout preference: runs after the first (CV folds,
// tests) skip re-reading every file while the files are unchanged.
const memo = new Map<string, ExaminedDataset>();

/** One finding as one line. */
export function findingLine(f: Finding): string {
  return `${f.file || '(dataset)'}: ${f.message}`;
}

/** The doctor's report on `root`, reused while the files are unchanged. */
async function examined(root: string, preferKind: DatasetKind | undefined, onProgress?: (p: CheckProgress) => void): Promise<ExaminedDataset> {
  const key = `${path.resolve(root)}\0${preferKind ?? ''}`;
  const known = memo.get(key);
  if (known) {
    const { manifest } = await recognizeDataset(nodeFileSource, root, { preferKind });
    if (await datasetFingerprint(root, manifest) === known.fingerprint) return known;
  }
  const report = await checkDataset(nodeFileSource, root, { preferKind, onProgress });
  const out = { report, warnings: report.findings.filter((f) => f.severity === 'warning').map(findingLine), fingerprint: await datasetFingerprint(root, report.manifest) };
  memo.set(key, out);
  return out;
}

/** Runs the doctor on `root`; throws `bad-dataset` listing the errors when there are any (unless `stopOnErrors` is false). */
export async function examineDataset(root: string, opts: { preferKind?: DatasetKind; onProgress?: (p: CheckProgress) => void; stopOnErrors?: boolean } = {}): Promise<ExaminedDataset> {
  const out = await examined(root, opts.preferKind, opts.onProgress);
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
