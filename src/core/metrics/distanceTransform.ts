/**
 * Exact Euclidean distance transform (Felzenszwalb & Huttenlocher 2012) for 2-D and 3-D grids
 * with anisotropic spacing: the separable lower-envelope-of-parabolas algorithm, O(N) per
 * axis, so exact (not chamfer) distances in mm at the cost of one pass per axis.
 */

/**
 * Squared 1-D distance transform of `f` (length n, stride `stride` from `offset` in `buf`),
 * weighted by spacing² `s2`, written back in place. Infinite entries are "no feature".
 */
function edt1d(buf: Float64Array, offset: number, stride: number, n: number, s2: number,
  f: Float64Array, v: Int32Array, z: Float64Array): void {
  for (let q = 0; q < n; q++) f[q] = buf[offset + q * stride];
  let k = -1;
  for (let q = 0; q < n; q++) {
    const fq = f[q];
    if (fq === Infinity) continue;
    if (k < 0) {
      k = 0; v[0] = q; z[0] = -Infinity; z[1] = Infinity;
      continue;
    }
    let s = (fq + s2 * q * q - (f[v[k]] + s2 * v[k] * v[k])) / (2 * s2 * (q - v[k]));
    while (s <= z[k]) {
      k--;
      s = (fq + s2 * q * q - (f[v[k]] + s2 * v[k] * v[k])) / (2 * s2 * (q - v[k]));
    }
    k++;
    v[k] = q; z[k] = s; z[k + 1] = Infinity;
  }
  if (k < 0) return; // no feature on this line: stays infinite
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    const d = q - v[k];
    buf[offset + q * stride] = s2 * d * d + f[v[k]];
  }
}

/**
 * Squared Euclidean distance (in spacing units, mm²) from every voxel to the nearest voxel
 * where `feature` is non-zero (0 at features, Infinity if there are none).
 * `dims` is fastest-first ([w, h] or [w, h, d]); `spacing` has the same length (default 1s).
 */
export function squaredDistanceTransform(feature: ArrayLike<number>, dims: readonly number[], spacing?: readonly number[]): Float64Array {
  const n = dims.reduce((a, b) => a * b, 1);
  if (feature.length !== n) throw new RangeError(`distance transform: ${feature.length} voxels for dims ${dims.join('×')}`);
  const buf = new Float64Array(n);
  for (let i = 0; i < n; i++) buf[i] = feature[i] !== 0 ? 0 : Infinity;
  const maxLen = Math.max(...dims);
  const f = new Float64Array(maxLen);
  const v = new Int32Array(maxLen);
  const z = new Float64Array(maxLen + 1);
  let stride = 1;
  for (let a = 0; a < dims.length; a++) {
    const len = dims[a];
    const s = spacing?.[a] ?? 1;
    const s2 = s * s;
    const outer = n / (len * stride);
    // Each line along axis a: fixed (inner index < stride, outer index).
    for (let o = 0; o < outer; o++) {
      for (let inner = 0; inner < stride; inner++) {
        edt1d(buf, o * len * stride + inner, stride, len, s2, f, v, z);
      }
    }
    stride *= len;
  }
  return buf;
}
