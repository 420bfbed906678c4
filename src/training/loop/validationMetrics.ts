/**
 * Validation metrics over a set of cases: Dice/IoU/HD95 per foreground channel, and
 * classification accuracy, per-class accuracy, confusion matrix and macro one-vs-rest AUC.
 * Pure numbers in, numbers out, on top of core/metrics.
 */
import { addCounts, diceFromCounts, iouFromCounts, overlapCounts, type OverlapCounts } from '../../core/metrics/dice';
import { hd95 } from '../../core/metrics/hd95';
import { accuracy, argmaxRows, confusionMatrix, macroRocAucOvr, perClassAccuracy } from '../../core/metrics/classification';
import type { SegScore } from '../../core/run/EpochRecord';

/** Accumulates per-case segmentation scores of one channel. */
export class SegAccumulator {
  /** Overlap counts summed per case: a volume's slices add up to one 3-D Dice, as prediction scores it. */
  private cases = new Map<string, OverlapCounts>();
  private hd: number[] = [];
  private slices = 0;
  constructor(readonly name: string) {}

  /** Adds one slice of case `caseId` (default: the slice is its own case); returns the slice's Dice. */
  add(pred: Uint8Array, gt: Uint8Array, w: number, h: number, spacing?: [number, number], caseId?: string): number {
    const c = overlapCounts(pred, gt);
    const key = caseId ?? `slice ${this.slices}`;
    this.slices++;
    const sum = this.cases.get(key);
    if (sum) addCounts(sum, c);
    else this.cases.set(key, { ...c });
    // HD95 is only defined when both masks are non-empty; such slices are left out of the mean.
    if (c.tp + c.fp > 0 && c.tp + c.fn > 0) this.hd.push(hd95(pred, gt, [w, h], { spacing: spacing ?? [1, 1] }));
    return diceFromCounts(c);
  }

  /**
   * Mean over cases of the Dice of each case's summed counts. Per-slice Dice would count every
   * slice without tumour in truth and prediction as a perfect 1 and hide a missed small region
   * (BraTS enhancing tumour scored 0.72 by slices, 0.08 in 3-D).
   */
  result(): SegScore {
    const mean = (a: number[]) => (a.length ? a.reduce((s, v) => s + v, 0) / a.length : 0);
    const counts = [...this.cases.values()];
    return { name: this.name, dice: mean(counts.map((c) => diceFromCounts(c))), iou: mean(counts.map((c) => iouFromCounts(c))), hd95: this.hd.length ? mean(this.hd) : null };
  }
}

/**
 * Classification metrics from true labels and class probabilities (core's argmax, confusion
 * matrix, per-class accuracy and AUC). Unlabelled cases (label < 0 or out of range) are left out.
 */
export function classificationMetrics(labels: readonly number[], probs: readonly Float32Array[], classes: number): {
  accuracy: number | null; perClassAccuracy: (number | null)[]; confusion: number[][]; aucMacro: number | null;
} {
  const valid = labels.map((l, i) => (l >= 0 && l < classes ? i : -1)).filter((i) => i >= 0);
  const target = valid.map((i) => labels[i]);
  const scores = new Float32Array(valid.length * classes);
  valid.forEach((i, r) => scores.set(probs[i].subarray(0, classes), r * classes));
  const pred = argmaxRows(scores, classes);
  const confusion = confusionMatrix(pred, target, classes);
  // AUC needs every class present among the validation cases; otherwise it is reported null.
  const auc = new Set(target).size === classes ? macroRocAucOvr(scores, target, classes).macro : NaN;
  const nullIfNaN = (x: number): number | null => (Number.isNaN(x) ? null : x);
  return {
    accuracy: nullIfNaN(accuracy(pred, target)), perClassAccuracy: perClassAccuracy(confusion).map(nullIfNaN), confusion,
    aucMacro: nullIfNaN(auc),
  };
}
