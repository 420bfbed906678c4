import type { Range } from './AugmentationConfig';
import type { Rng } from '../util/random';
import { gaussianFilter2d } from './gaussianFilter';
import { resizeImage } from '../preprocessing/resize';

/**
 * Intensity augmentations on a channels-last image, in place. They never see the mask:
 * the label of a pixel does not change when its brightness does. Formulas follow
 * batchgenerators (what nnU-Net runs) so nnU-Net's ranges mean the same thing here.
 */

/** Iterates the values of channel `c` (stride `channels`). */
function channelView(img: Float32Array, channels: number, c: number): { n: number; at: (i: number) => number } {
  return { n: img.length / channels, at: (i) => i * channels + c };
}

function meanStd(img: Float32Array, channels: number, c: number): { mean: number; std: number; min: number; max: number } {
  const { n, at } = channelView(img, channels, c);
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = img[at(i)];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) { const d = img[at(i)] - mean; ss += d * d; }
  return { mean, std: Math.sqrt(ss / n), min, max };
}

/**
 * Draws a factor so that shrinking and enlarging are equally likely when `range` spans 1
 * (batchgenerators); a range entirely on one side of 1 is drawn from uniformly (batchgenerators
 * would still draw up to 1 there, which ignores the configured bound).
 */
function drawAround1(range: Range, rng: Rng): number {
  const [lo, hi] = range;
  if (lo >= 1 || hi <= 1) return rng.uniform(lo, hi);
  return rng.bool(0.5) ? rng.uniform(lo, 1) : rng.uniform(1, hi);
}

/** Additive Gaussian noise, variance drawn from `variance` once per sample. */
export function gaussianNoise(img: Float32Array, variance: Range, rng: Rng): void {
  const sd = Math.sqrt(rng.uniform(variance[0], variance[1]));
  if (sd === 0) return;
  // Box–Muller pairs: both outputs used, halving the transcendental calls per pixel.
  for (let i = 0; i < img.length; i += 2) {
    let u = rng.next();
    while (u === 0) u = rng.next();
    const rad = sd * Math.sqrt(-2 * Math.log(u));
    const th = 2 * Math.PI * rng.next();
    img[i] += rad * Math.cos(th);
    if (i + 1 < img.length) img[i + 1] += rad * Math.sin(th);
  }
}

/** Gaussian blur per channel (each channel with probability `pPerChannel`, own sigma). */
export function gaussianBlur(img: Float32Array, w: number, h: number, channels: number, sigma: Range, pPerChannel: number, rng: Rng): void {
  for (let c = 0; c < channels; c++) {
    if (!rng.bool(pPerChannel)) continue;
    const s = rng.uniform(sigma[0], sigma[1]);
    const plane = new Float32Array(w * h);
    for (let i = 0; i < w * h; i++) plane[i] = img[i * channels + c];
    const b = gaussianFilter2d(plane, w, h, s);
    for (let i = 0; i < w * h; i++) img[i * channels + c] = b[i];
  }
}

/** Multiplies by a factor from `range`, per channel or one factor for all. */
export function brightnessMultiplicative(img: Float32Array, channels: number, range: Range, perChannel: boolean, rng: Rng): void {
  const shared = rng.uniform(range[0], range[1]);
  for (let c = 0; c < channels; c++) {
    const f = perChannel ? (c === 0 ? shared : rng.uniform(range[0], range[1])) : shared;
    for (let i = c; i < img.length; i += channels) img[i] *= f;
  }
}

/** Adds N(mu, sigma) to each channel with probability `pPerChannel`. */
export function brightnessAdditive(img: Float32Array, channels: number, mu: number, sigma: number, pPerChannel: number, rng: Rng): void {
  for (let c = 0; c < channels; c++) {
    if (!rng.bool(pPerChannel)) continue;
    const add = rng.normal(mu, sigma);
    for (let i = c; i < img.length; i += channels) img[i] += add;
  }
}

/** Scales deviations from the channel mean; with `preserveRange` clips back into the old [min, max]. */
export function contrast(img: Float32Array, channels: number, range: Range, preserveRange: boolean, rng: Rng): void {
  for (let c = 0; c < channels; c++) {
    const f = drawAround1(range, rng);
    const { mean, min, max } = meanStd(img, channels, c);
    for (let i = c; i < img.length; i += channels) {
      let v = (img[i] - mean) * f + mean;
      if (preserveRange) v = v < min ? min : v > max ? max : v;
      img[i] = v;
    }
  }
}

/**
 * Gamma on the min–max normalised channel, `((x-min)/range)^γ · range + min`; `invert` applies
 * it to the negated image (nnU-Net's inverted gamma). With `retainStats` the channel's mean
 * and std are restored afterwards, so only the shape of the histogram changes.
 */
export function gamma(img: Float32Array, channels: number, range: Range, retainStats: boolean, invert: boolean, rng: Rng): void {
  for (let c = 0; c < channels; c++) {
    const g = drawAround1(range, rng);
    if (invert) for (let i = c; i < img.length; i += channels) img[i] = -img[i];
    const { mean, std, min, max } = meanStd(img, channels, c);
    const rnge = max - min;
    for (let i = c; i < img.length; i += channels) img[i] = Math.pow((img[i] - min) / (rnge + 1e-7), g) * rnge + min;
    if (retainStats) {
      const after = meanStd(img, channels, c);
      const k = std / (after.std + 1e-8);
      for (let i = c; i < img.length; i += channels) img[i] = (img[i] - after.mean) * k + mean;
    }
    if (invert) for (let i = c; i < img.length; i += channels) img[i] = -img[i];
  }
}

/**
 * Simulated low resolution (batchgenerators' SimulateLowResolutionTransform): each channel,
 * with probability `pPerChannel`, is downsampled by a zoom from `zoomRange` with nearest
 * neighbour and upsampled back to w×h with cubic interpolation, mimicking thick-slice or
 * low-field acquisitions.
 */
export function simulateLowResolution(
  img: Float32Array, w: number, h: number, channels: number, zoomRange: Range, pPerChannel: number, rng: Rng,
): void {
  for (let c = 0; c < channels; c++) {
    if (!rng.bool(pPerChannel)) continue;
    const z = rng.uniform(zoomRange[0], zoomRange[1]);
    const lw = Math.max(1, Math.round(w * z));
    const lh = Math.max(1, Math.round(h * z));
    const plane = new Float32Array(w * h);
    for (let i = 0; i < w * h; i++) plane[i] = img[i * channels + c];
    const low = resizeImage(plane, w, h, 1, lw, lh, 'nearest');
    const back = resizeImage(low, lw, lh, 1, w, h, 'cubic');
    for (let i = 0; i < w * h; i++) img[i * channels + c] = back[i];
  }
}
