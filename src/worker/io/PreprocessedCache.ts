/**
 * The preprocessed cache, as nnU-Net's `nnUNet_preprocessed` folder: every case is read,
 * normalised, cropped and resized once (the same `readDatasetCase` + `prepareSample` that
 * prediction uses) and stored at training resolution, one binary file per case. Training and
 * validation then read slices lazily through a bounded LRU, so memory stays bounded whatever
 * the dataset's size, and a second run (another fold, a resume) starts without reading the
 * dataset.
 *
 * Location: `data.cacheDir`, else $MEDSEG_CACHE_DIR, else `.medseg-cache/` in the runs
 * folder (`run.outputDir`): `preprocessed/<dataset>-<key>/cases/<case>-<case key>.bin`.
 * Folders no run has used for 30 days (MEDSEG_CACHE_KEEP_DAYS) are removed when a cache is built. The
 * folder key is the dataset folder, its label conventions and the preprocessing settings; a
 * case's key is its files' paths, sizes and mtimes (not contents) and its label. Changing
 * the settings starts a new folder; changing a file rebuilds that case. Cases are written
 * atomically as they are built, so a cancelled or killed build resumes where it stopped.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { DataConfig, TrainConfig } from '../../core/config/trainConfig';
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import { hasForeground, type SampleInfo, type SampleSource } from '../../core/preprocessing/SampleSource';
import { caseFiles, type DatasetCase } from '../../core/dataset/DatasetManifest';
import { MedSegError } from '../../core/util/MedSegError';
import { casePreparation, prepareSample } from '../../training/data/prepareSample';
import { writeJsonAtomic } from './atomicWrite';
import { readCaseHeader, readCaseSlice, sliceBytes, writeCaseFile, type CaseEntry } from './caseCacheFile';
import { readDatasetCase } from './readDatasetCase';
import type { RunDataset } from '../jobs/loadTrainingData';

/** Bump when the stored format or the preparation code changes what a case holds. */
const CACHE_VERSION = 1;
/** Default memory for cached slices per source (train, validation), in MB. */
const DEFAULT_MEMORY_MB = 256;

/** The settings that change a prepared case. */
type PrepKey = Pick<DataConfig, 'inputSize' | 'cropNonzero' | 'cropHead' | 'normalization' | 'modalities'>;

function prepKey(d: DataConfig): PrepKey {
  return { inputSize: d.inputSize, cropNonzero: d.cropNonzero, cropHead: d.cropHead, normalization: d.normalization, modalities: d.modalities };
}

const hash = (s: string, n = 16) => createHash('sha256').update(s).digest('hex').slice(0, n);
const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'dataset';

/**
 * The cache root of a config: `data.cacheDir`, $MEDSEG_CACHE_DIR, or `.medseg-cache` in the
 * runs folder (hidden from the Runs view, which lists folders with a summary; ignored with runs/).
 */
export function cacheRootFor(cfg: TrainConfig): string {
  if (cfg.data.cacheDir) return path.resolve(cfg.data.cacheDir);
  if (process.env.MEDSEG_CACHE_DIR) return path.resolve(process.env.MEDSEG_CACHE_DIR);
  return path.join(path.resolve(cfg.run.outputDir), '.medseg-cache');
}

/**
 * The folder of one dataset × preprocessing in a cache root: keyed by the dataset's folder,
 * the manifest's conventions (how labels and channels are read) and the preparation settings.
 */
function preprocessedDir(cacheRoot: string, ds: RunDataset, data: DataConfig): string {
  const m = ds.manifest;
  const key = JSON.stringify({ v: CACHE_VERSION, root: path.resolve(ds.root), kind: m.kind, maskLabels: m.maskLabels, labelMap: m.labelMap, prep: prepKey(data) });
  return path.join(cacheRoot, 'preprocessed', `${safeName(m.name || path.basename(ds.root))}-${hash(key)}`);
}

/**
 * The file of a case: its id and the fingerprint of what it was read from (its files'
 * paths, sizes and mtimes, its label), so a changed file rebuilds that case only.
 */
async function caseFile(casesDir: string, ds: RunDataset, c: DatasetCase): Promise<{ file: string; prefix: string }> {
  const parts: unknown[] = [c.label ?? null];
  for (const rel of caseFiles(c)) {
    const st = await fs.promises.stat(path.join(ds.root, rel)).catch(() => undefined);
    parts.push(rel, st?.size ?? -1, st?.mtimeMs ?? -1);
  }
  const prefix = `${safeName(c.id)}-${hash(c.id, 8)}-`;
  return { file: path.join(casesDir, `${prefix}${hash(JSON.stringify(parts), 12)}.bin`), prefix };
}

/** Whether process `pid` is alive (a temp file of a live process is someone's build in progress). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in a temp file's name (`.tmp-<name>-<pid>-<n>`, see atomicWrite), if it is one. */
function tempOwner(name: string): number | undefined {
  const pid = /^\.tmp-.*-(\d+)-\d+$/.exec(name)?.[1];
  return pid === undefined ? undefined : Number(pid);
}

/** Removes temp files that killed builds left behind. */
function removeDeadTemps(casesDir: string, names: readonly string[]): void {
  for (const n of names) {
    const pid = tempOwner(n);
    if (pid !== undefined && !alive(pid)) fs.rmSync(path.join(casesDir, n), { force: true });
  }
}

/** Days a cache folder is kept after its last use (MEDSEG_CACHE_KEEP_DAYS overrides; 0 keeps all). */
const DEFAULT_KEEP_DAYS = 30;

/**
 * Removes the other preprocessed folders in `preprocessedRoot` that no run has used for the
 * keep period (their `key.json`'s mtime, touched at every use), so trying settings does not
 * fill the disk. A folder with a live process's temp file is someone's build and stays.
 */
function pruneStaleCaches(preprocessedRoot: string, current: string): void {
  const days = Number(process.env.MEDSEG_CACHE_KEEP_DAYS ?? DEFAULT_KEEP_DAYS);
  if (!(days > 0)) return;
  for (const name of fs.readdirSync(preprocessedRoot)) {
    const dir = path.join(preprocessedRoot, name);
    const key = path.join(dir, 'key.json');
    const used = fs.statSync(fs.existsSync(key) ? key : dir, { throwIfNoEntry: false })?.mtimeMs;
    if (dir === current || used === undefined || Date.now() - used < days * 86_400_000 || buildInProgress(path.join(dir, 'cases'))) continue;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether a live process is writing into `casesDir` (a temp file of its is there). */
function buildInProgress(casesDir: string): boolean {
  const names = fs.existsSync(casesDir) ? fs.readdirSync(casesDir) : [];
  return names.some((n) => {
    const pid = tempOwner(n);
    return pid !== undefined && alive(pid);
  });
}

/** Options of {@link buildCache}. */
export interface BuildOptions {
  /** After each case: cases done, cases in all. */
  onCase?: (i: number, n: number) => void;
  /** Checked between cases; a true stops the build (cases written so far are kept). */
  shouldStop?: () => boolean;
}

/** What a build did: the case files in the order asked, and how many were read from the dataset. */
export interface BuiltCases {
  dir: string;
  entries: CaseEntry[];
  /** Cases read from the dataset and prepared by this build (0 on a warm cache). */
  built: number;
  /** Cases found in the cache. */
  reused: number;
  /** Whether the build stopped early (`shouldStop`). */
  stopped: boolean;
}

/** Brings `cases` into the cache (reading and preparing only those missing or changed) and returns their files. */
export async function buildCache(cfg: TrainConfig, ds: RunDataset, cases: readonly DatasetCase[], opts: BuildOptions = {}): Promise<BuiltCases> {
  const dir = preprocessedDir(cacheRootFor(cfg), ds, cfg.data);
  const casesDir = path.join(dir, 'cases');
  try {
    fs.mkdirSync(casesDir, { recursive: true });
  } catch (err) {
    throw new MedSegError('bad-config', `cannot create the preprocessed cache (${(err as NodeJS.ErrnoException).code ?? String(err)}); set data.cacheDir or MEDSEG_CACHE_DIR to a writable folder`, casesDir);
  }
  const keyFile = path.join(dir, 'key.json');
  if (!fs.existsSync(keyFile)) writeJsonAtomic(keyFile, { version: CACHE_VERSION, root: ds.root, maskLabels: ds.manifest.maskLabels, labelMap: ds.manifest.labelMap, prep: prepKey(cfg.data) });
  else fs.utimesSync(keyFile, new Date(), new Date()); // last use, for pruneStaleCaches
  pruneStaleCaches(path.dirname(dir), dir);
  const names = fs.readdirSync(casesDir);
  removeDeadTemps(casesDir, names);
  const out: BuiltCases = { dir, entries: [], built: 0, reused: 0, stopped: false };
  for (const [i, c] of cases.entries()) {
    if (opts.shouldStop?.()) return { ...out, stopped: true };
    const { file, prefix } = await caseFile(casesDir, ds, c);
    let entry = readCaseHeader(file);
    if (entry) out.reused++;
    else {
      const data = await readDatasetCase(ds.root, ds.manifest, c, cfg.data.modalities, { nonEmptyOnly: true });
      const kase = casePreparation(data.slices, cfg.data);
      const prepared = data.slices.map((raw) => prepareSample(raw, cfg.data, kase).sample);
      entry = writeCaseFile(file, c.id, prepared, data.label, data.slices.map((raw) => hasForeground(raw.mask)));
      // Older versions of this case (its files changed since) are stale.
      for (const n of names) if (n.startsWith(prefix) && path.join(casesDir, n) !== file) fs.rmSync(path.join(casesDir, n), { force: true });
      out.built++;
    }
    out.entries.push(entry);
    opts.onCase?.(i + 1, cases.length);
  }
  return out;
}

/** Options of {@link CachedSamples}. */
export interface CachedSamplesOptions {
  /** Image-level label = tumour presence in the slice (BraTS trained for presence). */
  labelsFromMasks?: boolean;
  /** Most slices held in memory; default from $MEDSEG_CACHE_MEMORY_MB (256 MB) over the slice size. */
  capacity?: number;
}

/**
 * The slices of cached cases as a {@link SampleSource}: metadata in memory, pixels read on
 * demand and kept in a least-recently-used set of at most `capacity` slices.
 */
export class CachedSamples implements SampleSource {
  readonly length: number;
  readonly capacity: number;
  private readonly index: { entry: CaseEntry; k: number }[] = [];
  private readonly lru = new Map<number, Sample2D>();
  /** Slices read from disk so far. */
  reads = 0;

  constructor(entries: readonly CaseEntry[], private readonly opts: CachedSamplesOptions = {}) {
    for (const entry of entries) for (let k = 0; k < entry.header.slices.length; k++) this.index.push({ entry, k });
    this.length = this.index.length;
    const bytes = entries.reduce((m, e) => Math.max(m, sliceBytes(e.header)), 1);
    const mb = Number(process.env.MEDSEG_CACHE_MEMORY_MB) || DEFAULT_MEMORY_MB;
    this.capacity = Math.max(1, opts.capacity ?? Math.floor(mb * 2 ** 20 / bytes));
  }

  /** Slices held in memory now (never more than `capacity`). */
  get resident(): number {
    return this.lru.size;
  }

  info(i: number): SampleInfo {
    const { entry, k } = this.index[i];
    const s = entry.header.slices[k];
    return { id: s.id, foreground: s.foreground, label: this.opts.labelsFromMasks ? Number(s.rawForeground) : entry.header.label };
  }

  get(i: number): Sample2D {
    const hit = this.lru.get(i);
    if (hit) {
      this.lru.delete(i);
      this.lru.set(i, hit);
      return hit;
    }
    const { entry, k } = this.index[i];
    const s = readCaseSlice(entry, k);
    this.reads++;
    if (this.opts.labelsFromMasks) s.label = Number(entry.header.slices[k].rawForeground);
    this.lru.set(i, s);
    if (this.lru.size > this.capacity) this.lru.delete(this.lru.keys().next().value as number);
    return s;
  }

  *[Symbol.iterator](): Iterator<Sample2D> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}
