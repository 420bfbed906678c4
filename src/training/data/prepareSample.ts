/**
 * Brings one raw slice to the network's input geometry and intensity scale:
 * crop to the non-zero bounding box (optional, core's nonZeroBoundingBox + cropSample) → normalise → resize so the longer side
 * equals the input size (aspect kept) → centre-pad to a square. `PrepareInfo` records
 * the geometry so predictions can be mapped back onto the original pixel grid.
 * With `cropNonzero: 'case'` and `normalization: 'zscore-case'` the box and the intensity
 * statistics come from the whole case (`casePreparation`), as nnU-Net crops and normalises a
 * volume once: each slice is then cut, scaled and normalised like its neighbours.
 */
import type { DataConfig } from '../../core/config/trainConfig';
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import { caseNonZeroBox, cropSample, nonZeroBoundingBox, type BoundingBox2D } from '../../core/preprocessing/cropToNonZero';
import { headBox } from '../../core/preprocessing/headCrop';
import { padOrCropSample, resizeSample, type PadCropInfo } from '../../core/preprocessing/resize';
import { applyZScore, channelStats, zScoreNormalizeImage, type ChannelStats } from '../../core/preprocessing/zScoreNormalize';

/** What prepareSample did, to undo it. */
export interface PrepareInfo {
  /** Crop box in the original image. */
  cropX: number;
  cropY: number;
  cropW: number;
  cropH: number;
  /** Size after resizing (before padding). */
  resizedW: number;
  resizedH: number;
  pad: PadCropInfo;
  /** Original size. */
  width: number;
  height: number;
}

/** Options of prepareSample: the data config's (one definition of the crop and normalisation choices). */
export type PrepareOptions = Pick<DataConfig, 'inputSize' | 'cropNonzero' | 'normalization'> & Partial<Pick<DataConfig, 'cropHead'>>;

/** What a whole case fixes for each of its slices (only what the options ask for). */
export interface CasePreparation {
  /** `cropNonzero: 'case'`: the union of the slices' non-zero boxes. */
  box?: BoundingBox2D;
  /** `normalization: 'zscore-case'`: per-channel statistics over the case's non-zero voxels. */
  stats?: ChannelStats[];
}

/** The case-level crop box and statistics the options ask for, from all slices of one case (one grid). */
export function casePreparation(slices: readonly Sample2D[], opts: PrepareOptions): CasePreparation {
  const out: CasePreparation = {};
  if (opts.cropNonzero === 'case' && !opts.cropHead) out.box = caseNonZeroBox(slices);
  if (opts.normalization === 'zscore-case' && slices.length) out.stats = channelStats(slices.map((s) => s.image), slices[0].channels);
  return out;
}

function minMax(image: Float32Array): void {
  let lo = Infinity, hi = -Infinity;
  for (const v of image) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const span = hi > lo ? hi - lo : 1;
  for (let i = 0; i < image.length; i++) image[i] = (image[i] - lo) / span;
}

/** The crop box prepareSample uses: the square head box (may reach past the image), the non-zero box, or the whole image. */
export function cropBox(raw: Sample2D, opts: PrepareOptions, kase: CasePreparation = {}): BoundingBox2D {
  if (kase.box) return kase.box;
  if (opts.cropHead) {
    const b = headBox(raw.image, raw.width, raw.height, raw.channels);
    return { x0: b.x, y0: b.y, x1: b.x + b.size, y1: b.y + b.size };
  }
  return opts.cropNonzero ? nonZeroBoundingBox(raw) : { x0: 0, y0: 0, x1: raw.width, y1: raw.height };
}

/**
 * Prepares one sample (returns a new sample; the input is not modified). `kase` is its
 * case's {@link casePreparation}; a case-level option without it falls back to the slice's own.
 */
export function prepareSample(raw: Sample2D, opts: PrepareOptions, kase: CasePreparation = {}): { sample: Sample2D; info: PrepareInfo } {
  const box = cropBox(raw, opts, kase);
  const whole = box.x0 === 0 && box.y0 === 0 && box.x1 === raw.width && box.y1 === raw.height;
  const s = whole ? { ...raw, image: raw.image.slice() } : cropSample(raw, box);
  if (kase.stats) applyZScore(s.image, s.channels, kase.stats);
  else if (opts.normalization === 'zscore' || opts.normalization === 'zscore-case') zScoreNormalizeImage(s.image, s.channels, { nonZeroOnly: true });
  else if (opts.normalization === 'minmax') minMax(s.image);
  const n = opts.inputSize;
  const scale = n / Math.max(s.width, s.height);
  const rw = Math.max(1, Math.min(n, Math.round(s.width * scale)));
  const rh = Math.max(1, Math.min(n, Math.round(s.height * scale)));
  const { sample, info } = padOrCropSample(resizeSample({ ...s, spacing: raw.spacing ?? [1, 1] }, rw, rh), n, n, 0);
  return { sample, info: { cropX: box.x0, cropY: box.y0, cropW: s.width, cropH: s.height, resizedW: rw, resizedH: rh, pad: info, width: raw.width, height: raw.height } };
}

/**
 * Maps network-sized probabilities [inputSize²·K] back onto the original grid with bilinear
 * interpolation (smoother borders than resampling the label map; thresholding happens after).
 * Pixels outside the crop box get 0.
 */
export function unprepareProbs(probs: Float32Array, K: number, info: PrepareInfo, inputSize: number): Float32Array {
  const out = new Float32Array(info.width * info.height * K);
  const { offsetX, offsetY } = info.pad;
  // Per column / row: the two network pixels and the weight of the second (computed once, not per pixel).
  const taps = (len: number, resized: number, offset: number) => {
    const a = new Int32Array(len), b = new Int32Array(len), w = new Float32Array(len);
    const clampNet = (v: number) => Math.min(inputSize - 1, Math.max(0, Math.min(resized - 1, Math.max(0, v)) + offset));
    for (let i = 0; i < len; i++) {
      const f = (i + 0.5) * (resized / len) - 0.5;
      const i0 = Math.floor(f);
      a[i] = clampNet(i0);
      b[i] = clampNet(i0 + 1);
      w[i] = f - i0;
    }
    return { a, b, w };
  };
  const tx = taps(info.cropW, info.resizedW, offsetX);
  const ty = taps(info.cropH, info.resizedH, offsetY);
  const x0 = Math.max(0, -info.cropX), x1 = Math.min(info.cropW, info.width - info.cropX);
  for (let y = Math.max(0, -info.cropY); y < Math.min(info.cropH, info.height - info.cropY); y++) {
    const r0 = ty.a[y] * inputSize, r1 = ty.b[y] * inputSize, wy = ty.w[y];
    for (let x = x0; x < x1; x++) {
      const c0 = tx.a[x], c1 = tx.b[x], wx = tx.w[x];
      const o = ((y + info.cropY) * info.width + x + info.cropX) * K;
      for (let k = 0; k < K; k++) {
        const top = (1 - wx) * probs[(r0 + c0) * K + k] + wx * probs[(r0 + c1) * K + k];
        const bottom = (1 - wx) * probs[(r1 + c0) * K + k] + wx * probs[(r1 + c1) * K + k];
        out[o + k] = (1 - wy) * top + wy * bottom;
      }
    }
  }
  return out;
}
