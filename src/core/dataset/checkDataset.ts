import { readFigshareMat, readVolume } from '../io';
import { asMedSegError } from '../util/MedSegError';
import { DatasetCase, DatasetManifest, caseFiles } from './DatasetManifest';
import { DatasetDir } from './DatasetDir';
import { CancelSignal, FileSource, baseName } from './FileSource';
import { DoctorReport, Finding, finding, severityRank } from './Finding';
import { checkCase, LoadedFile } from './checkCase';
import { datasetFindings } from './datasetFindings';
import { naturalCompare } from './naturalCompare';
import { RecognizeOptions, recognizeDataset } from './recognizeDataset';
import { volumeStats } from './volumeStats';

/** Progress of a check: `done` of `total` files read; `file` is the one being read now. */
export interface CheckProgress {
  done: number;
  total: number;
  file: string;
}

/** Options for {@link checkDataset}. */
export interface CheckOptions extends RecognizeOptions {
  /** Called before each file is read. */
  onProgress?: (p: CheckProgress) => void;
  /** Stops the check between files; the report then covers the files read so far. */
  signal?: CancelSignal;
  /** Refuse volumes larger than this many voxels (passed to the readers). */
  maxVoxels?: number;
}

/**
 * The dataset doctor: recognises the folder, then reads every file once, one at a time,
 * and reports what would hurt training (see Finding codes). A file that fails to parse
 * becomes an `unreadable` finding with the reader's message; the check never throws for
 * bad data, only (MedSegError `not-a-folder`) when `root` cannot be listed.
 * For figshare .mat datasets the labels and patient ids read from the files complete the manifest.
 */
export async function checkDataset(source: FileSource, root: string, opts: CheckOptions = {}): Promise<DoctorReport> {
  const t0 = Date.now();
  const { manifest, findings } = await recognizeDataset(source, root, opts);
  const dir = new DatasetDir(source, root);
  const total = manifest.cases.reduce((n, c) => n + caseFiles(c).length, 0);
  let done = 0;
  let cancelled = false;
  const read = async (c: DatasetCase, rel: string): Promise<LoadedFile | undefined> => {
    opts.onProgress?.({ done, total, file: rel });
    try {
      const bytes = await dir.read(rel);
      const name = baseName(rel);
      if (manifest.kind === 'figshare') {
        const r = await readFigshareMat(name, bytes);
        return { image: volumeStats(r.image, 0), mask: volumeStats(r.mask), label: r.label, pid: r.pid };
      }
      const companion = /\.hdr$/i.test(rel) ? await dir.read(rel.replace(/\.hdr$/i, '.img')).catch(() => undefined) : undefined;
      const vol = await readVolume(name, bytes, { companion, maxVoxels: opts.maxVoxels });
      // Only masks need their value set; images skip it (limit 0) to stay fast on big volumes.
      return { image: volumeStats(vol, rel === c.mask ? 64 : 0) };
    } catch (err) {
      const e = asMedSegError(err, undefined);
      const msg = e.message.startsWith(`${baseName(rel)}: `) ? e.message.slice(baseName(rel).length + 2) : e.message;
      findings.push(finding('error', 'unreadable', rel, `cannot read: ${msg} [${e.code}]`, 'replace the file with a valid copy, or remove the case'));
      return undefined;
    } finally {
      done++;
    }
  };

  const checked: { c: DatasetCase; loaded: Map<string, LoadedFile | undefined> }[] = [];
  // Cases with an unreadable file: already reported, so not reported again as unlabelled.
  const failed = new Set<string>();
  for (const c of manifest.cases) {
    const loaded = new Map<string, LoadedFile | undefined>();
    for (const rel of caseFiles(c)) {
      if (opts.signal?.aborted) { cancelled = true; break; }
      const lf = await read(c, rel);
      if (!lf) failed.add(c.id);
      loaded.set(rel, lf);
    }
    if (cancelled) break;
    findings.push(...checkCase(manifest, c, loaded));
    checked.push({ c, loaded });
  }
  const { findings: global, sizes } = datasetFindings(manifest, checked, failed);
  findings.push(...global);
  if (cancelled) findings.push(finding('info', 'cancelled', '', `check cancelled after ${done} of ${total} files`, 'run it again to check the rest'));
  return { manifest, findings: sortFindings(findings), summary: summarize(manifest, findings, sizes, done, cancelled, Date.now() - t0) };
}

/** Errors first, then warnings, then infos; by file in natural order within each. */
function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || naturalCompare(a.file, b.file));
}

function summarize(m: DatasetManifest, findings: Finding[], sizes: Record<string, number>, filesRead: number, cancelled: boolean, durationMs: number): DoctorReport['summary'] {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  // Classes first in index order (so the table reads like the mapping), then unmapped raw labels.
  const labels: Record<string, number> = Object.fromEntries(m.classes.map((name) => [name, 0]));
  const folds: Record<string, number> = {};
  for (const c of m.cases) {
    if (c.label !== undefined) {
      const idx = m.labelMap[String(c.label)];
      const key = (idx !== undefined ? m.classes[idx] : undefined) ?? String(c.label);
      labels[key] = (labels[key] ?? 0) + 1;
    }
    if (c.fold !== undefined) folds[String(c.fold)] = (folds[String(c.fold)] ?? 0) + 1;
  }
  for (const k of Object.keys(labels)) if (labels[k] === 0) delete labels[k];
  const sortedFolds = Object.fromEntries(Object.entries(folds).sort((a, b) => Number(a[0]) - Number(b[0])));
  return { kind: m.kind, cases: m.cases.length, filesRead, errors: count('error'), warnings: count('warning'), infos: count('info'), sizes, labels, folds: sortedFolds, cancelled, durationMs };
}
