/**
 * Selects, splits, reads and prepares a run's training and validation samples from the
 * dataset doctor's manifest. Splits are case/patient-grouped: author folds when
 * `data.validation.strategy` is `fold`, else a seeded group-wise fraction. Volumes become
 * axial slices after the split, so no patient appears on both sides.
 */
import type { TrainConfig } from '../../core/config/trainConfig';
import { classIndexOf, type DatasetCase, type DatasetManifest } from '../../core/dataset/DatasetManifest';
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import { MedSegError } from '../../core/util/MedSegError';
import { prepareSample } from '../../training/data/prepareSample';
import { assignFolds, balancedSubset, splitByFold, splitByFraction } from '../../training/data/splitCases';
import { readDatasetCase } from '../io/readDatasetCase';

/** A manifest case with what splitting needs (the label as a class index). */
export interface TrainCase {
  id: string;
  fold?: number;
  group?: string;
  label?: number;
  source: DatasetCase;
}

/** A dataset as a run sees it: the doctor's manifest and the folder it describes. */
export interface RunDataset {
  root: string;
  manifest: DatasetManifest;
}

/** Prepared data of a run. */
export interface TrainingData {
  train: Sample2D[];
  val: Sample2D[];
  trainCases: TrainCase[];
  valCases: TrainCase[];
}

/** Cases of the dataset that can train (they have a mask), after the `maxCases` subset. */
export function selectCases(cfg: TrainConfig, ds: RunDataset): TrainCase[] {
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

/** 1 when the mask has foreground, else 0. */
function presence(s: Sample2D): number {
  if (s.mask) for (const v of s.mask) if (v !== 0) return 1;
  return 0;
}

/** Reads and prepares the samples of `cases`. */
export async function readPrepared(cfg: TrainConfig, ds: RunDataset, cases: readonly TrainCase[], onCase?: (i: number, n: number) => void): Promise<Sample2D[]> {
  const out: Sample2D[] = [];
  const fromMask = labelsFromMasks(cfg, ds.manifest);
  for (let i = 0; i < cases.length; i++) {
    const data = await readDatasetCase(ds.root, ds.manifest, cases[i].source, cfg.data.modalities, { nonEmptyOnly: true });
    for (const raw of data.slices) {
      if (fromMask) raw.label = presence(raw);
      out.push(prepareSample(raw, cfg.data).sample);
    }
    onCase?.(i + 1, cases.length);
  }
  return out;
}

/** Everything a training run needs, from the config and the doctor's manifest. */
export async function loadTrainingData(cfg: TrainConfig, ds: RunDataset, onCase?: (i: number, n: number) => void, folds?: Map<string, number>): Promise<TrainingData> {
  const { train: trainCases, val: valCases } = splitCases(cfg, selectCases(cfg, ds), folds);
  const n = trainCases.length + valCases.length;
  const train = await readPrepared(cfg, ds, trainCases, (i) => onCase?.(i, n));
  const val = await readPrepared(cfg, ds, valCases, (i) => onCase?.(trainCases.length + i, n));
  return { train, val, trainCases, valCases };
}
