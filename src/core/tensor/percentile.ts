/**
 * Exact percentiles with NumPy's default method (`np.percentile(a, q)`, method
 * 'linear'): rank q/100·(n−1), linear between the two neighbouring order statistics.
 * Order statistics by quickselect (O(n), in place), not a histogram: the stats pane
 * must show the numbers a researcher gets from NumPy.
 */

/** Percentiles `qs` (0..100) of `values` (finite numbers; reordered in place). NaN for an empty array. */
export function percentilesOf(values: Float64Array, qs: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return qs.map(() => NaN);
  return qs.map((q) => {
    const rank = (Math.min(100, Math.max(0, q)) / 100) * (n - 1);
    const lo = Math.floor(rank);
    const a = select(values, lo);
    if (lo + 1 >= n || rank === lo) return a;
    const b = minFrom(values, lo + 1); // after select, everything right of lo is ≥ a
    return lerp(a, b, rank - lo);
  });
}

/** NumPy's `_lerp`: symmetric form, exact at both ends. */
function lerp(a: number, b: number, t: number): number {
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

function minFrom(v: Float64Array, from: number): number {
  let m = Infinity;
  for (let i = from; i < v.length; i++) if (v[i]! < m) m = v[i]!;
  return m;
}

/** Puts the k-th smallest at index k (smaller left, larger right) and returns it. */
function select(v: Float64Array, k: number): number {
  let left = 0, right = v.length - 1;
  while (right > left) {
    // Median of three as pivot: sorted and reverse-sorted input stay linear.
    const mid = (left + right) >>> 1;
    const pivot = median3(v[left]!, v[mid]!, v[right]!);
    let i = left, j = right;
    while (i <= j) {
      while (v[i]! < pivot) i++;
      while (v[j]! > pivot) j--;
      if (i <= j) { const t = v[i]!; v[i] = v[j]!; v[j] = t; i++; j--; }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return v[k]!;
}

function median3(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
}
