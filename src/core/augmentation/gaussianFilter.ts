/**
 * Separable Gaussian smoothing of one H×W plane, matching `scipy.ndimage.gaussian_filter`
 * (kernel truncated at 4σ, `mode='reflect'` i.e. half-sample symmetric edges) closely enough
 * for augmentation: blur and the smoothing of elastic displacement fields.
 */

/** Normalised 1-D Gaussian kernel of radius round(4σ) (scipy's `truncate=4`). */
export function gaussianKernel1d(sigma: number): Float64Array {
  const radius = Math.max(1, Math.round(4 * sigma));
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp((-0.5 * i * i) / (sigma * sigma));
    k[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** Reflect index into [0, n) the way scipy's 'reflect' mode does (d c b a | a b c d | d c b a). */
function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n;
  let m = i % period;
  if (m < 0) m += period;
  return m < n ? m : period - 1 - m;
}

/** Returns a new Gaussian-smoothed copy of an H×W plane. σ ≤ 0 returns a copy unchanged. */
export function gaussianFilter2d(plane: ArrayLike<number>, w: number, h: number, sigma: number): Float32Array {
  const out = Float32Array.from(plane);
  if (!(sigma > 0)) return out;
  const k = gaussianKernel1d(sigma);
  const r = (k.length - 1) / 2;
  const tmp = new Float32Array(w * h);
  const line = new Float64Array(Math.max(w, h) + 2 * r);
  // Rows: pad each row by reflection once, then convolve, so the inner loop has no branches.
  for (let y = 0; y < h; y++) {
    for (let i = -r; i < w + r; i++) line[i + r] = out[y * w + reflect(i, w)];
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let j = 0; j < k.length; j++) acc += k[j] * line[x + j];
      tmp[y * w + x] = acc;
    }
  }
  for (let x = 0; x < w; x++) {
    for (let i = -r; i < h + r; i++) line[i + r] = tmp[reflect(i, h) * w + x];
    for (let y = 0; y < h; y++) {
      let acc = 0;
      for (let j = 0; j < k.length; j++) acc += k[j] * line[y + j];
      out[y * w + x] = acc;
    }
  }
  return out;
}
