/**
 * Selects, splits and prepares (through the preprocessed cache) a run's training and
 * validation samples from the dataset doctor's manifest. Splits are case/patient-grouped: author folds when
 * `data.validation.strategy` is `fold`, else a seeded group-wise fraction. Volumes become
 * axial slices after the split, so no patient appears on both sides.
 */
import type { TrainConfig } from '../../core/config/trainConfig';
import { classIndexOf, type DatasetCase, type DatasetManifest } from '../../core/dataset/DatasetManifest';
import { MedSegError } from '../../core/util/MedSegError';
import { assignFolds, balancedSubset, splitByFold, splitByFraction } from '../../training/data/splitCases';
import { buildCache, CachedSamples } from '../io/PreprocessedCache';

/** A manifest case with what splitting needs (the label as a class index). */
export interface TrainCase {
  id: string;
  fold?: number;
  group?: string;
  label?: number;
  source: DatasetCase;
}

/** A dataset as a run sees it: the doctor's manifest, the folder it describes, and its fingerprint (keys the caches). */
export interface RunDataset {
  root: string;
  manifest: DatasetManifest;
  fingerprint: string;
}

/** Prepared data of a run: samples read lazily from the preprocessed cache. */
export interface TrainingData {
  train: CachedSamples;
  val: CachedSamples;
  trainCases: TrainCase[];
  valCases: TrainCase[];
  /** The cache folder, and how many cases this run prepared / found there. */
  cache: { dir: string; built: number; reused: number };
}

/** Cases of the dataset that can train (they have a mask), after the `maxCases` subset. */
export function selectCases(cfg: TrainConfig, ds: Pick<RunDataset, 'root' | 'manifest'>): TrainCase[] {
  const cases = ds.manifest.cases
    .filter((c) => c.mask !== undefined)
    .map((c): TrainCase => ({ id: c.id, fold: c.fold, group: c.group, label: classIndexOf(ds.manifest, c), source: c }));
  if (cases.length === 0) throw new MedSegError('no-data', 'no case has a mask to train on', ds.root);
  return balancedSubset(cases, cfg.data.maxCases, cfg.seed);
}

/** Splits cases per the config (or per an explicit fold map, for cross-validation). */
export function splitCases<T extends TrainCase>(cfg: TrainConfig, cases: T[], folds?: Map<string, number>): { train: T[]; val: T[] } {
  const v = cfg.data.validation;
  const split = v.strategy === 'fold'
    ? splitByFold(cases, folds ?? assignFolds(cases, v.folds, cfg.seed), v.fold)
    : splitByFraction(cases, v.fraction, cfg.seed);
  if (split.train.length === 0) throw new MedSegError('bad-config', `data.validation: no training cases left (fold ${v.fold} holds all ${cases.length})`);
  if (split.val.length === 0) throw new MedSegError('bad-config', `data.validation: no validation cases (no case has fold ${v.fold})`);
  return split;
}

/**
 * Whether image-level labels come from the masks: a two-class config (`no tumour`,
 * `tumour`) on a dataset without case labels (BraTS) learns tumour presence per slice.
 */
export function labelsFromMasks(cfg: TrainConfig, m: DatasetManifest): boolean {
  return cfg.data.classes.length === 2 && Object.keys(m.labelMap).length === 0;
}

/** Options of {@link loadTrainingData}. */
export interface LoadOptions {
  /** Cases ready (built or found in the cache), and the case count. */
  onCase?: (i: number, n: number) => void;
  /** Checked between cases: a true stops loading (what was cached stays). */
  shouldStop?: () => boolean;
  /** An explicit fold map (cross-validation). */
  folds?: Map<string, number>;
}

/**
 * Everything a training run needs, from the config and the doctor's manifest: the selected
 * cases are brought into the preprocessed cache (read and prepared only when missing) and
 * served from it lazily. Undefined when `shouldStop` stopped it.
 */
export async function loadTrainingData(cfg: TrainConfig, ds: RunDataset, opts: LoadOptions = {}): Promise<TrainingData | undefined> {
  const { train: trainCases, val: valCases } = splitCases(cfg, selectCases(cfg, ds), opts.folds);
  const built = await buildCache(cfg, ds, [...trainCases, ...valCases].map((c) => c.source), { onCase: opts.onCase, shouldStop: opts.shouldStop });
  if (built.stopped) return undefined;
  const o = { labelsFromMasks: labelsFromMasks(cfg, ds.manifest) };
  const train = new CachedSamples(built.entries.slice(0, trainCases.length), o);
  const val = new CachedSamples(built.entries.slice(trainCases.length), o);
  return { train, val, trainCases, valCases, cache: { dir: built.dir, built: built.built, reused: built.reused } };
}
