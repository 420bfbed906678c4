/**
 * Scores predictions against ground truth the way the validation loop does, at the image's
 * own resolution: per segmentation class or region (BraTS WT/TC/ET from the same target
 * mapping training uses) Dice and HD95 in mm, and over cases class accuracy, per-class
 * accuracy and the confusion matrix, with core's metrics.
 */
import { regionScores } from '../../core/metrics/regionScores';
import { accuracy, confusionMatrix, perClassAccuracy } from '../../core/metrics/classification';
import type { CaseEvaluation, PredictEvaluation, RegionScore } from '../../core/protocol/workerProtocol';
import { foregroundLut, type TargetSpec } from '../data/batchToTensors';

/** Dice and HD95 of each foreground class/region. `dims` and `spacing` are the grid's ([W,H] or [W,H,D]). */
export function scoreRegions(pred: Uint8Array, truth: Uint8Array, names: readonly string[], spec: TargetSpec, dims: readonly number[], spacing: readonly number[]): RegionScore[] {
  // Each class/region as the set of training labels the target mapping puts in it.
  const regions = names.map((name, k): [string, number[]] => {
    const lut = foregroundLut(k, spec);
    return [name, [...lut.keys()].filter((m) => lut[m] === 1)];
  });
  return regionScores(pred, truth, regions, dims, spacing);
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Aggregates case scores (without the file paths, which the writer adds). */
export function summarizeEvaluation(cases: CaseEvaluation[], regions: readonly string[], classes: readonly string[]): Omit<PredictEvaluation, 'runDir' | 'checkpoint' | 'json' | 'csv'> {
  const withMask = cases.filter((c) => c.regions.length > 0);
  const meanDice: Record<string, number> = {};
  const meanHd95: Record<string, number | null> = {};
  regions.forEach((r, k) => {
    if (withMask.length === 0) return;
    meanDice[r] = mean(withMask.map((c) => c.regions[k].dice));
    const hd = withMask.map((c) => c.regions[k].hd95).filter((h): h is number => h !== null);
    meanHd95[r] = hd.length ? mean(hd) : null;
  });
  const labelled = cases.filter((c) => c.trueClass !== undefined && c.predClass !== undefined);
  const K = classes.length;
  const confusion = labelled.length && K > 1 ? confusionMatrix(labelled.map((c) => c.predClass!), labelled.map((c) => c.trueClass!), K) : null;
  return {
    regions: [...regions], classes: [...classes], cases, meanDice, meanHd95,
    overallDice: withMask.length ? mean(Object.values(meanDice)) : null,
    accuracy: confusion ? accuracy(labelled.map((c) => c.predClass!), labelled.map((c) => c.trueClass!)) : null,
    confusion,
    perClassAccuracy: confusion ? perClassAccuracy(confusion).map((a) => (Number.isNaN(a) ? null : a)) : null,
  };
}
