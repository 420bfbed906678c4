/**
 * Overlap metrics (Dice, IoU) from the counts of a binary comparison: the one Dice of the
 * project (validation, evaluation, the viewer's compare mode and `regionScores` all count
 * with `overlapCounts` and divide here).
 *
 * **Empty–empty convention.** When prediction and reference are both empty the metric is
 * undefined (0/0). We return 1 (a perfect "nothing there, nothing predicted"), the BraTS
 * challenge and MONAI `ignore_empty=False` convention; pass `emptyValue: NaN` to get NaN
 * instead (nnU-Net's summary convention, which then skips those cases in means). When only
 * one is empty the value is 0.
 */

/** Pixel counts of a binary comparison. */
export interface OverlapCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Options shared by the overlap functions. */
export interface OverlapOptions {
  /** Value when both prediction and reference are empty (default 1, see module doc). */
  emptyValue?: number;
}

/** Counts for foreground = `isFg(value)` in both maps (default: non-zero). */
export function overlapCounts(
  pred: ArrayLike<number>, gt: ArrayLike<number>, isFg: (v: number) => boolean = (v) => v !== 0,
): OverlapCounts {
  if (pred.length !== gt.length) throw new RangeError(`overlap: prediction has ${pred.length} voxels, reference ${gt.length}`);
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (let i = 0; i < pred.length; i++) {
    const p = isFg(pred[i]);
    const g = isFg(gt[i]);
    if (p && g) tp++; else if (p) fp++; else if (g) fn++; else tn++;
  }
  return { tp, fp, fn, tn };
}

/**
 * Adds `c` into `sum`: the counts of a case's slices (or a region's voxels) add up, and the
 * Dice of the sum is that case's one 3-D Dice.
 */
export function addCounts(sum: OverlapCounts, c: OverlapCounts): void {
  sum.tp += c.tp; sum.fp += c.fp; sum.fn += c.fn; sum.tn += c.tn;
}

/** Dice = 2TP / (2TP + FP + FN). */
export function diceFromCounts(c: OverlapCounts, opts: OverlapOptions = {}): number {
  const den = 2 * c.tp + c.fp + c.fn;
  return den === 0 ? (opts.emptyValue ?? 1) : (2 * c.tp) / den;
}

/** IoU (Jaccard) = TP / (TP + FP + FN). */
export function iouFromCounts(c: OverlapCounts, opts: OverlapOptions = {}): number {
  const den = c.tp + c.fp + c.fn;
  return den === 0 ? (opts.emptyValue ?? 1) : c.tp / den;
}
