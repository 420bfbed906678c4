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
  const px = (xx: number, yy: number): number =>
    xx < 0 || yy < 0 || xx >= w || yy >= h ? cval : img[(yy * w + xx) * channels + c];
  const top = px(x0, y0) * (1 - fx) + px(x0 + 1, y0) * fx;
  const bot = px(x0, y0 + 1) * (1 - fx) + px(x0 + 1, y0 + 1) * fx;
  return top * (1 - fy) + bot * fy;
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

/** The sampler for an interpolation mode. */
export function samplerFor(mode: Interpolation): typeof sampleBilinear {
  switch (mode) {
    case 'nearest': return sampleNearest;
    case 'bilinear': return sampleBilinear;
    case 'cubic': return sampleCubic;
  }
}
