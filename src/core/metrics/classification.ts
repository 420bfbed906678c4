/**
 * Image-level classification metrics for the multitask head: accuracy, confusion matrix,
 * per-class accuracy (recall) and macro one-vs-rest ROC AUC with sklearn's conventions.
 */

/** Index of the largest value in each row of an N×C row-major score matrix. */
export function argmaxRows(scores: ArrayLike<number>, numClasses: number): Int32Array {
  const n = scores.length / numClasses;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (scores[i * numClasses + c] > scores[i * numClasses + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Fraction of predictions equal to the target; NaN for no samples. */
export function accuracy(pred: ArrayLike<number>, target: ArrayLike<number>): number {
  if (pred.length !== target.length) throw new RangeError(`accuracy: ${pred.length} predictions for ${target.length} targets`);
  if (pred.length === 0) return NaN;
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === target[i]) ok++;
  return ok / pred.length;
}

/**
 * Confusion matrix `m[true][pred]` (sklearn's layout: rows are the truth). Labels outside
 * 0..numClasses-1 throw, since they mean the class count is wrong.
 */
export function confusionMatrix(pred: ArrayLike<number>, target: ArrayLike<number>, numClasses: number): number[][] {
  if (pred.length !== target.length) throw new RangeError(`confusion matrix: ${pred.length} predictions for ${target.length} targets`);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < pred.length; i++) {
    const t = target[i];
    const p = pred[i];
    if (!(t >= 0 && t < numClasses && p >= 0 && p < numClasses && Number.isInteger(t) && Number.isInteger(p))) {
      throw new RangeError(`confusion matrix: label ${t}/${p} at ${i} outside 0..${numClasses - 1}`);
    }
    m[t][p]++;
  }
  return m;
}

/**
 * Per-class accuracy = recall = m[c][c] / Σ_p m[c][p] (the diagonal of the row-normalised
 * confusion matrix); NaN for classes absent from the targets. Their mean is balanced accuracy.
 */
export function perClassAccuracy(matrix: readonly (readonly number[])[]): number[] {
  return matrix.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? NaN : row[c] / total;
  });
}

/**
 * Binary ROC AUC by the rank (Mann–Whitney U) formula with average ranks for ties, which is
 * exactly sklearn's trapezoidal `roc_auc_score` (a tie between a positive and a negative
 * counts ½). NaN when there are no positives or no negatives (sklearn raises instead).
 */
export function binaryRocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean | number>): number {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let nPos = 0;
  let rankSumPos = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avgRank = (i + j) / 2 + 1; // 1-based average rank of the tie group
    for (let k = i; k <= j; k++) if (positive[idx[k]]) { nPos++; rankSumPos += avgRank; }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * Macro one-vs-rest ROC AUC of N×C row-major scores (probabilities) against integer targets:
 * the unweighted mean over classes of the binary AUC of "class c vs the rest" using score c,
 * as sklearn's `roc_auc_score(y, p, multi_class='ovr', average='macro')`. Classes with no
 * positive or no negative sample are left out of the mean (reported NaN in `perClass`); the
 * macro value is NaN if none remains.
 */
export function macroRocAucOvr(scores: ArrayLike<number>, target: ArrayLike<number>, numClasses: number): { macro: number; perClass: number[] } {
  const n = target.length;
  if (scores.length !== n * numClasses) throw new RangeError(`AUC: ${scores.length} scores for ${n} samples × ${numClasses} classes`);
  const perClass: number[] = [];
  const col = new Float64Array(n);
  const pos = new Uint8Array(n);
  for (let c = 0; c < numClasses; c++) {
    for (let i = 0; i < n; i++) { col[i] = scores[i * numClasses + c]; pos[i] = target[i] === c ? 1 : 0; }
    perClass.push(binaryRocAuc(col, pos));
  }
  const valid = perClass.filter((v) => !Number.isNaN(v));
  return { macro: valid.length ? valid.reduce((a, b) => a + b, 0) / valid.length : NaN, perClass };
}
