/**
 * Validation metrics over a set of cases: Dice/IoU/HD95 per foreground channel, and
 * classification accuracy, per-class accuracy, confusion matrix and macro one-vs-rest AUC.
 * Pure numbers in, numbers out, on top of core/metrics.
 */
import { diceFromCounts, iouFromCounts, overlapCounts } from '../../core/metrics/dice';
import { hd95 } from '../../core/metrics/hd95';
import { accuracy, argmaxRows, confusionMatrix, macroRocAucOvr, perClassAccuracy } from '../../core/metrics/classification';
import type { SegScore } from '../../core/run/EpochRecord';

/** Accumulates per-case segmentation scores of one channel. */
export class SegAccumulator {
  private dice: number[] = [];
  private iou: number[] = [];
  private hd: number[] = [];
  constructor(readonly name: string) {}

  add(pred: Uint8Array, gt: Uint8Array, w: number, h: number, spacing?: [number, number]): number {
    const c = overlapCounts(pred, gt);
    const d = diceFromCounts(c);
    this.dice.push(d);
    this.iou.push(iouFromCounts(c));
    // HD95 is only defined when both masks are non-empty; such cases are left out of the mean.
    if (c.tp + c.fp > 0 && c.tp + c.fn > 0) this.hd.push(hd95(pred, gt, [w, h], { spacing: spacing ?? [1, 1] }));
    return d;
  }

  result(): SegScore {
    const mean = (a: number[]) => (a.length ? a.reduce((s, v) => s + v, 0) / a.length : 0);
    return { name: this.name, dice: mean(this.dice), iou: mean(this.iou), hd95: this.hd.length ? mean(this.hd) : null };
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
