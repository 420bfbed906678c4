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

/**
 * Returns a new Gaussian-smoothed copy of an H×W plane, with `sigma` along x and `sigmaY`
 * (default `sigma`) along y. σ ≤ 0 on both axes returns a copy unchanged.
 */
export function gaussianFilter2d(plane: ArrayLike<number>, w: number, h: number, sigma: number, sigmaY = sigma): Float32Array {
  const out = Float32Array.from(plane);
  if (!(sigma > 0) && !(sigmaY > 0)) return out;
  const kx = sigma > 0 ? gaussianKernel1d(sigma) : Float64Array.of(1);
  const ky = sigmaY > 0 ? gaussianKernel1d(sigmaY) : Float64Array.of(1);
  const rx = (kx.length - 1) / 2;
  const ry = (ky.length - 1) / 2;
  const tmp = new Float32Array(w * h);
  const line = new Float64Array(Math.max(w + 2 * rx, h + 2 * ry));
  // Rows: pad each row by reflection once, then convolve, so the inner loop has no branches.
  for (let y = 0; y < h; y++) {
    for (let i = -rx; i < w + rx; i++) line[i + rx] = out[y * w + reflect(i, w)];
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let j = 0; j < kx.length; j++) acc += kx[j] * line[x + j];
      tmp[y * w + x] = acc;
    }
  }
  for (let x = 0; x < w; x++) {
    for (let i = -ry; i < h + ry; i++) line[i + ry] = tmp[reflect(i, h) * w + x];
    for (let y = 0; y < h; y++) {
      let acc = 0;
      for (let j = 0; j < ky.length; j++) acc += ky[j] * line[y + j];
      out[y * w + x] = acc;
    }
  }
  return out;
}

/** Sample positions 0, step, 2·step, … plus the last index, so interpolation reaches the edge. */
function coarseGrid(n: number, step: number): Int32Array {
  const pts: number[] = [];
  for (let i = 0; i < n; i += step) pts.push(i);
  if (pts[pts.length - 1] !== n - 1) pts.push(n - 1);
  return Int32Array.from(pts);
}

/**
 * {@link gaussianFilter2d} evaluated exactly on a grid of every `step`-th row and column (and
 * the last ones), bilinearly interpolated elsewhere. Only for very smooth results (σ ≫ step),
 * such as elastic displacement fields.
 */
export function gaussianFilterCoarse(
  plane: ArrayLike<number>, w: number, h: number, sigma: number, step: number, sigmaY = sigma, stepY = step,
): Float32Array {
  const kx = gaussianKernel1d(sigma);
  const ky = gaussianKernel1d(sigmaY);
  const rx = (kx.length - 1) / 2;
  const ry = (ky.length - 1) / 2;
  const gx = coarseGrid(w, Math.max(1, step));
  const gy = coarseGrid(h, Math.max(1, stepY));
  const cw = gx.length;
  // Horizontal pass on every row, at the coarse columns only.
  const tmp = new Float64Array(h * cw);
  const line = new Float64Array(Math.max(w + 2 * rx, h + 2 * ry));
  for (let y = 0; y < h; y++) {
    for (let i = -rx; i < w + rx; i++) line[i + rx] = plane[y * w + reflect(i, w)];
    for (let cx = 0; cx < cw; cx++) {
      const x = gx[cx];
      let acc = 0;
      for (let j = 0; j < kx.length; j++) acc += kx[j] * line[x + j];
      tmp[y * cw + cx] = acc;
    }
  }
  // Vertical pass at the coarse rows.
  const coarse = new Float64Array(gy.length * cw);
  for (let cx = 0; cx < cw; cx++) {
    for (let i = -ry; i < h + ry; i++) line[i + ry] = tmp[reflect(i, h) * cw + cx];
    for (let cy = 0; cy < gy.length; cy++) {
      let acc = 0;
      for (let j = 0; j < ky.length; j++) acc += ky[j] * line[gy[cy] + j];
      coarse[cy * cw + cx] = acc;
    }
  }
  // Bilinear interpolation back to full resolution.
  const out = new Float32Array(w * h);
  let cy = 0;
  for (let y = 0; y < h; y++) {
    while (cy < gy.length - 2 && gy[cy + 1] <= y) cy++;
    const ty = gy.length === 1 ? 0 : (y - gy[cy]) / (gy[cy + 1] - gy[cy]);
    let cx = 0;
    for (let x = 0; x < w; x++) {
      while (cx < cw - 2 && gx[cx + 1] <= x) cx++;
      if (cw === 1 || gy.length === 1) { out[y * w + x] = coarse[cy * cw + cx]; continue; }
      const tx = (x - gx[cx]) / (gx[cx + 1] - gx[cx]);
      const a = coarse[cy * cw + cx] + (coarse[cy * cw + cx + 1] - coarse[cy * cw + cx]) * tx;
      const b = coarse[(cy + 1) * cw + cx] + (coarse[(cy + 1) * cw + cx + 1] - coarse[(cy + 1) * cw + cx]) * tx;
      out[y * w + x] = a + (b - a) * ty;
    }
  }
  return out;
}
