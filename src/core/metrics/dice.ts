/**
 * Overlap metrics (Dice, IoU) for binary masks, label maps (per class) and multi-label
 * region maps (per channel, e.g. BraTS WT/TC/ET).
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

/** Binary Dice; any non-zero value is foreground. */
export function dice(pred: ArrayLike<number>, gt: ArrayLike<number>, opts: OverlapOptions = {}): number {
  return diceFromCounts(overlapCounts(pred, gt), opts);
}

/** Binary IoU; any non-zero value is foreground. */
export function iou(pred: ArrayLike<number>, gt: ArrayLike<number>, opts: OverlapOptions = {}): number {
  return iouFromCounts(overlapCounts(pred, gt), opts);
}

/**
 * Per-class counts for label maps with labels 0..numClasses-1, in one pass. Entry c compares
 * `pred == c` with `gt == c` (class 0, background, included; callers usually drop it).
 * Labels outside the range count as no class.
 */
export function perClassCounts(pred: ArrayLike<number>, gt: ArrayLike<number>, numClasses: number): OverlapCounts[] {
  if (pred.length !== gt.length) throw new RangeError(`overlap: prediction has ${pred.length} voxels, reference ${gt.length}`);
  const tp = new Float64Array(numClasses);
  const pc = new Float64Array(numClasses);
  const gc = new Float64Array(numClasses);
  for (let i = 0; i < pred.length; i++) {
    const p = pred[i];
    const g = gt[i];
    if (p >= 0 && p < numClasses) pc[p]++;
    if (g >= 0 && g < numClasses) gc[g]++;
    if (p === g && p >= 0 && p < numClasses) tp[p]++;
  }
  const out: OverlapCounts[] = [];
  for (let c = 0; c < numClasses; c++) {
    out.push({ tp: tp[c], fp: pc[c] - tp[c], fn: gc[c] - tp[c], tn: pred.length - pc[c] - gc[c] + tp[c] });
  }
  return out;
}

/** Dice of each class 0..numClasses-1 of two label maps. */
export function dicePerClass(pred: ArrayLike<number>, gt: ArrayLike<number>, numClasses: number, opts: OverlapOptions = {}): number[] {
  return perClassCounts(pred, gt, numClasses).map((c) => diceFromCounts(c, opts));
}

/** IoU of each class 0..numClasses-1 of two label maps. */
export function iouPerClass(pred: ArrayLike<number>, gt: ArrayLike<number>, numClasses: number, opts: OverlapOptions = {}): number[] {
  return perClassCounts(pred, gt, numClasses).map((c) => iouFromCounts(c, opts));
}

/**
 * Dice per region of two label maps, a region being a set of labels (BraTS: WT = {1,2,4}).
 * Returns `{ name: dice }` in the order of `regions`.
 */
export function diceRegions(
  pred: ArrayLike<number>, gt: ArrayLike<number>, regions: Readonly<Record<string, readonly number[]>>, opts: OverlapOptions = {},
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, labels] of Object.entries(regions)) {
    const set = new Set(labels);
    out[name] = diceFromCounts(overlapCounts(pred, gt, (v) => set.has(v)), opts);
  }
  return out;
}

/**
 * Dice per channel of multi-label (sigmoid) maps, channels-last `[..., C]`. Values above
 * `threshold` are foreground, so probabilities can be passed directly (default 0.5).
 */
export function diceMultiLabel(
  pred: ArrayLike<number>, gt: ArrayLike<number>, channels: number, threshold = 0.5, opts: OverlapOptions = {},
): number[] {
  if (pred.length !== gt.length) throw new RangeError(`overlap: prediction has ${pred.length} values, reference ${gt.length}`);
  const res: number[] = [];
  for (let c = 0; c < channels; c++) {
    let tp = 0, fp = 0, fn = 0;
    for (let i = c; i < pred.length; i += channels) {
      const p = pred[i] > threshold;
      const g = gt[i] > threshold;
      if (p && g) tp++; else if (p) fp++; else if (g) fn++;
    }
    res.push(diceFromCounts({ tp, fp, fn, tn: pred.length / channels - tp - fp - fn }, opts));
  }
  return res;
}
