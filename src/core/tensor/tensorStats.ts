/**
 * Summary statistics of a tensor, computed in one pass plus one histogram pass:
 * what the inspector's stats pane, colour range and label detection need.
 */
import { NdArray, sizeOf } from '../volume/NdArray';
import { isIntegerDtype, numericData } from './numericData';
import { percentilesOf } from './percentile';

/** A histogram over [min, max] of the finite values. */
export interface Histogram {
  min: number;
  max: number;
  /** Count per equal-width bin. */
  counts: number[];
}

/** Statistics of a tensor (NaN/Inf excluded from min..std). */
export interface TensorStats {
  shape: number[];
  dtype: string;
  size: number;
  /** Number of finite values the moments are over. */
  finiteCount: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation (NumPy's `std()`). */
  std: number;
  nanCount: number;
  posInfCount: number;
  negInfCount: number;
  histogram: Histogram;
  /** 1st and 99th percentiles of the finite values, as NumPy's default `np.percentile` (linear). */
  p1: number;
  p99: number;
  /** Sorted distinct values when the tensor looks like a label mask; undefined otherwise. */
  labels?: number[];
}

/** Options of `computeStats`. */
export interface StatsOptions {
  /** Bins of the displayed histogram (default 64). */
  bins?: number;
  /** Most distinct values for a tensor to count as a label mask (default 64). */
  maxLabels?: number;
}

/** Computes `TensorStats` for `arr`. */
export function computeStats(arr: NdArray, options: StatsOptions = {}): TensorStats {
  const bins = options.bins ?? 64;
  const maxLabels = options.maxLabels ?? 64;
  const data = numericData(arr.data);
  const size = sizeOf(arr.shape);
  let min = Infinity, max = -Infinity, nan = 0, pinf = 0, ninf = 0, n = 0;
  // Welford's update: stable for large float arrays.
  let mean = 0, m2 = 0;
  let allInteger = true;
  for (let i = 0; i < size; i++) {
    const v = data[i]!;
    if (v !== v) { nan++; continue; }
    if (v === Infinity) { pinf++; continue; }
    if (v === -Infinity) { ninf++; continue; }
    if (v < min) min = v;
    if (v > max) max = v;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
    if (allInteger && !Number.isInteger(v)) allInteger = false;
  }
  if (n === 0) { min = NaN; max = NaN; mean = NaN; }
  const std = n > 0 ? Math.sqrt(m2 / n) : NaN;

  const counts = new Array<number>(bins).fill(0);
  const span = max - min;
  let labels: Set<number> | undefined = (allInteger || isIntegerDtype(arr.dtype)) && n > 0 ? new Set<number>() : undefined;
  for (let i = 0; i < size && n > 0; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) continue;
    const t = span > 0 ? (v - min) / span : 0;
    counts[Math.min(bins - 1, Math.floor(t * bins))]!++;
    if (labels) {
      labels.add(v);
      if (labels.size > maxLabels) labels = undefined;
    }
  }
  // Continuous integer images (CT in HU) have many values and are excluded by the cap.
  // A float tensor with integer values counts as a mask only with a background 0 and
  // few classes (one-hot targets, argmax outputs), not e.g. a float arange.
  const labelList = labels ? [...labels].sort((a, b) => a - b) : undefined;
  const looksLikeLabels = labelList !== undefined && labelList[0]! >= -1 &&
    (isIntegerDtype(arr.dtype) || (labelList.includes(0) && labelList.length <= 16));
  return {
    shape: [...arr.shape], dtype: arr.dtype, size, finiteCount: n, min, max, mean, std,
    nanCount: nan, posInfCount: pinf, negInfCount: ninf,
    histogram: { min, max, counts },
    ...percentiles(data, size, n, [1, 99]),
    labels: looksLikeLabels ? labelList : undefined,
  };
}

/** p1/p99 over the finite values (NaN when there are none). */
function percentiles(data: ArrayLike<number>, size: number, finite: number, qs: [number, number]): { p1: number; p99: number } {
  const values = new Float64Array(finite);
  let k = 0;
  for (let i = 0; i < size; i++) { const v = data[i]!; if (Number.isFinite(v)) values[k++] = v; }
  const [p1, p99] = percentilesOf(values, qs);
  return { p1: p1!, p99: p99! };
}
