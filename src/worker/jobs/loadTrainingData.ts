/**
 * Lists, splits, reads and prepares a run's training and validation samples. Splits are
 * case/patient-grouped: author folds when `data.validation.strategy` is `fold`, else a
 * seeded group-wise fraction. BraTS volumes become axial slices after the split, so no
 * patient appears on both sides.
 */
import type { TrainConfig } from '../../core/config/trainConfig';
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import { MedSegError } from '../../core/util/MedSegError';
import { prepareSample } from '../../training/data/prepareSample';
import { assignFolds, balancedSubset, splitByFold, splitByFraction } from '../../training/data/splitCases';
import { CaseRef, listCases, readCaseSlices } from '../io/readCases';

/** Prepared data of a run. */
export interface TrainingData {
  train: Sample2D[];
  val: Sample2D[];
  trainCases: CaseRef[];
  valCases: CaseRef[];
}

/** Cases of the configured dataset after the `maxCases` subset. */
export function selectCases(cfg: TrainConfig): CaseRef[] {
  return balancedSubset(listCases(cfg.data), cfg.data.maxCases, cfg.seed);
}

/** Splits cases per the config (or per an explicit fold map, for cross-validation). */
export function splitCases(cfg: TrainConfig, cases: CaseRef[], folds?: Map<string, number>): { train: CaseRef[]; val: CaseRef[] } {
  const v = cfg.data.validation;
  const split = v.strategy === 'fold'
    ? splitByFold(cases, folds ?? assignFolds(cases, v.folds, cfg.seed), v.fold)
    : splitByFraction(cases, v.fraction, cfg.seed);
  if (split.train.length === 0) throw new MedSegError('bad-config', `data.validation: no training cases left (fold ${v.fold} holds all ${cases.length})`);
  if (split.val.length === 0) throw new MedSegError('bad-config', `data.validation: no validation cases (no case has fold ${v.fold})`);
  return split;
}

/** Reads and prepares the samples of `cases`. */
export async function readPrepared(cfg: TrainConfig, cases: readonly CaseRef[], onCase?: (i: number, n: number) => void): Promise<Sample2D[]> {
  const out: Sample2D[] = [];
  for (let i = 0; i < cases.length; i++) {
    for (const raw of await readCaseSlices(cases[i], cfg.data)) {
      out.push(prepareSample(raw, { inputSize: cfg.data.inputSize, cropNonzero: cfg.data.cropNonzero, normalization: cfg.data.normalization }).sample);
    }
    onCase?.(i + 1, cases.length);
  }
  return out;
}

/** Everything a training run needs, from the config. */
export async function loadTrainingData(cfg: TrainConfig, onCase?: (i: number, n: number) => void, folds?: Map<string, number>): Promise<TrainingData> {
  const { train: trainCases, val: valCases } = splitCases(cfg, selectCases(cfg), folds);
  const n = trainCases.length + valCases.length;
  const train = await readPrepared(cfg, trainCases, (i) => onCase?.(i, n));
  const val = await readPrepared(cfg, valCases, (i) => onCase?.(trainCases.length + i, n));
  return { train, val, trainCases, valCases };
}
