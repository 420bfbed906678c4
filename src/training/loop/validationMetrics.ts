/**
 * Validation metrics over a set of cases: Dice/IoU/HD95 per foreground channel, and
 * classification accuracy, per-class accuracy, confusion matrix and macro one-vs-rest AUC.
 * Pure numbers in, numbers out, on top of core/metrics.
 */
import { diceFromCounts, iouFromCounts, overlapCounts } from '../../core/metrics/dice';
import { hd95 } from '../../core/metrics/hd95';
import { macroRocAucOvr } from '../../core/metrics/classification';
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

/** Classification metrics from true labels and class probabilities. */
export function classificationMetrics(labels: readonly number[], probs: readonly Float32Array[], classes: number): {
  accuracy: number | null; perClassAccuracy: (number | null)[]; confusion: number[][]; aucMacro: number | null;
} {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0, n = 0;
  labels.forEach((l, i) => {
    if (l < 0 || l >= classes) return;
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[i][c] > probs[i][best]) best = c;
    confusion[l][best]++;
    if (best === l) correct++;
    n++;
  });
  const perClassAccuracy = confusion.map((row, c) => {
    const t = row.reduce((s, v) => s + v, 0);
    return t ? row[c] / t : null;
  });
  const valid = labels.map((l, i) => (l >= 0 && l < classes ? i : -1)).filter((i) => i >= 0);
  const scores = new Float32Array(valid.length * classes);
  valid.forEach((i, r) => scores.set(probs[i].subarray(0, classes), r * classes));
  // AUC needs every class present among the validation cases; otherwise it is reported null.
  const present = new Set(valid.map((i) => labels[i]));
  const auc = present.size === classes ? macroRocAucOvr(scores, valid.map((i) => labels[i]), classes).macro : NaN;
  return {
    accuracy: n ? correct / n : null, perClassAccuracy, confusion,
    aucMacro: Number.isNaN(auc) ? null : auc,
  };
}
