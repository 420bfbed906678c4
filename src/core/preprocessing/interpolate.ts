/**
 * Point samplers on a channels-last, row-major image, shared by resizing and the paired
 * augmentation (which resamples every channel and the mask on one coordinate map).
 *
 * Coordinates are in pixel units with pixel (x, y)'s centre at (x, y). Outside the image
 * the value is `cval` (constant border, as nnU-Net/batchgenerators use for both data and
 * segmentation), so rotated corners become background rather than smeared edges.
 */

/** How image values are interpolated. Masks always use nearest. */
export type Interpolation = 'nearest' | 'bilinear' | 'cubic';

/** Bilinear sample of channel `c`; taps outside the image read `cval`. */
export function sampleBilinear(
  img: ArrayLike<number>, w: number, h: number, channels: number, c: number, x: number, y: number, cval: number,
): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) return cval;
  const fx = x - x0;
  const fy = y - y0;
  const x1 = x0 + 1;
  const y1 = y0 + 1;
  // Inline bounds checks (no closure): this runs per pixel per channel.
  const inX0 = x0 >= 0, inX1 = x1 < w, inY0 = y0 >= 0, inY1 = y1 < h;
  const v00 = inX0 && inY0 ? img[(y0 * w + x0) * channels + c] : cval;
  const v10 = inX1 && inY0 ? img[(y0 * w + x1) * channels + c] : cval;
  const v01 = inX0 && inY1 ? img[(y1 * w + x0) * channels + c] : cval;
  const v11 = inX1 && inY1 ? img[(y1 * w + x1) * channels + c] : cval;
  const top = v00 + (v10 - v00) * fx;
  const bot = v01 + (v11 - v01) * fx;
  return top + (bot - top) * fy;
}

/** Nearest-neighbour sample (round half up); outside reads `cval`. Exact for label maps. */
export function sampleNearest(
  img: ArrayLike<number>, w: number, h: number, channels: number, c: number, x: number, y: number, cval: number,
): number {
  const xi = Math.floor(x + 0.5);
  const yi = Math.floor(y + 0.5);
  if (xi < 0 || yi < 0 || xi >= w || yi >= h) return cval;
  return img[(yi * w + xi) * channels + c];
}

/** Catmull-Rom-like cubic convolution kernel (a = -0.5, Keys 1981). */
function cubicWeight(t: number): number {
  const a = -0.5;
  const at = Math.abs(t);
  if (at <= 1) return (a + 2) * at * at * at - (a + 3) * at * at + 1;
  if (at < 2) return a * at * at * at - 5 * a * at * at + 8 * a * at - 4 * a;
  return 0;
}

/**
 * Bicubic (Keys, a=-0.5) sample. Can overshoot the input range near edges (ringing), which is
 * why callers that need a bounded range should clip afterwards.
 */
export function sampleCubic(
  img: ArrayLike<number>, w: number, h: number, channels: number, c: number, x: number, y: number, cval: number,
): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  if (x0 < -2 || y0 < -2 || x0 >= w + 1 || y0 >= h + 1) return cval;
  let acc = 0;
  for (let j = -1; j <= 2; j++) {
    const yy = y0 + j;
    const wy = cubicWeight(y - yy);
    for (let i = -1; i <= 2; i++) {
      const xx = x0 + i;
      const v = xx < 0 || yy < 0 || xx >= w || yy >= h ? cval : img[(yy * w + xx) * channels + c];
      acc += v * wy * cubicWeight(x - xx);
    }
  }
  return acc;
}

/**
 * Bicubic sample with edge replication (taps outside the image read the nearest edge pixel),
 * for resizing where there is no "outside" and a constant border would ring at the rim.
 */
export function sampleCubicEdge(
  img: ArrayLike<number>, w: number, h: number, channels: number, c: number, x: number, y: number,
): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  let acc = 0;
  for (let j = -1; j <= 2; j++) {
    const yy = Math.min(h - 1, Math.max(0, y0 + j));
    const wy = cubicWeight(y - (y0 + j));
    if (wy === 0) continue;
    for (let i = -1; i <= 2; i++) {
      const xx = Math.min(w - 1, Math.max(0, x0 + i));
      acc += img[(yy * w + xx) * channels + c] * wy * cubicWeight(x - (x0 + i));
    }
  }
  return acc;
}

/** The sampler for an interpolation mode. */
export function samplerFor(mode: Interpolation): typeof sampleBilinear {
  switch (mode) {
    case 'nearest': return sampleNearest;
    case 'bilinear': return sampleBilinear;
    case 'cubic': return sampleCubic;
  }
}

/**
 * Resamples every channel of a channels-last image at the points (xs[i], ys[i]) into a new
 * image of `xs.length` pixels. Interpolation weights are computed once per output pixel and
 * shared by all channels, which is what makes multi-modal (4-channel) resampling cheap.
 */
export function resampleChannels(
  img: ArrayLike<number>, w: number, h: number, channels: number,
  xs: ArrayLike<number>, ys: ArrayLike<number>, mode: Interpolation, cval: number,
): Float32Array {
  const n = xs.length;
  const out = new Float32Array(n * channels);
  if (mode === 'cubic') {
    const wx = new Float64Array(4);
    const wy = new Float64Array(4);
    for (let i = 0; i < n; i++) {
      const x = xs[i], y = ys[i];
      const x0 = Math.floor(x), y0 = Math.floor(y);
      if (x0 < -2 || y0 < -2 || x0 >= w + 1 || y0 >= h + 1) { out.fill(cval, i * channels, (i + 1) * channels); continue; }
      for (let k = 0; k < 4; k++) { wx[k] = cubicWeight(x - (x0 - 1 + k)); wy[k] = cubicWeight(y - (y0 - 1 + k)); }
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let j = 0; j < 4; j++) {
          const yy = y0 - 1 + j;
          let row = 0;
          for (let k = 0; k < 4; k++) {
            const xx = x0 - 1 + k;
            row += wx[k] * (xx < 0 || yy < 0 || xx >= w || yy >= h ? cval : img[(yy * w + xx) * channels + c]);
          }
          acc += wy[j] * row;
        }
        out[i * channels + c] = acc;
      }
    }
    return out;
  }
  if (mode === 'nearest') {
    for (let i = 0; i < n; i++) for (let c = 0; c < channels; c++) out[i * channels + c] = sampleNearest(img, w, h, channels, c, xs[i], ys[i], cval);
    return out;
  }
  for (let i = 0; i < n; i++) {
    const x = xs[i], y = ys[i];
    const x0 = Math.floor(x), y0 = Math.floor(y);
    if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) { out.fill(cval, i * channels, (i + 1) * channels); continue; }
    const fx = x - x0, fy = y - y0;
    const x1 = x0 + 1, y1 = y0 + 1;
    const inX0 = x0 >= 0, inX1 = x1 < w, inY0 = y0 >= 0, inY1 = y1 < h;
    const b00 = (y0 * w + x0) * channels, b10 = (y0 * w + x1) * channels, b01 = (y1 * w + x0) * channels, b11 = (y1 * w + x1) * channels;
    for (let c = 0; c < channels; c++) {
      const v00 = inX0 && inY0 ? img[b00 + c] : cval;
      const v10 = inX1 && inY0 ? img[b10 + c] : cval;
      const v01 = inX0 && inY1 ? img[b01 + c] : cval;
      const v11 = inX1 && inY1 ? img[b11 + c] : cval;
      const top = v00 + (v10 - v00) * fx;
      out[i * channels + c] = top + (v01 + (v11 - v01) * fx - top) * fy;
    }
  }
  return out;
}
