/**
 * Brings one raw slice to the network's input geometry and intensity scale:
 * crop to the non-zero bounding box (optional, core's cropToNonZero) → normalise → resize so the longer side
 * equals the input size (aspect kept) → centre-pad to a square. `PrepareInfo` records
 * the geometry so predictions can be mapped back onto the original pixel grid.
 */
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import { cropSample, nonZeroBoundingBox, uncropMap } from '../../core/preprocessing/cropToNonZero';
import { padOrCropSample, resizeMask, resizeSample, undoPadOrCrop, type PadCropInfo } from '../../core/preprocessing/resize';
import { zScoreNormalizeImage } from '../../core/preprocessing/zScoreNormalize';

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

/** Options of prepareSample. */
export interface PrepareOptions {
  inputSize: number;
  cropNonzero: boolean;
  normalization: 'zscore' | 'minmax' | 'none';
}

function minMax(image: Float32Array): void {
  let lo = Infinity, hi = -Infinity;
  for (const v of image) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const span = hi > lo ? hi - lo : 1;
  for (let i = 0; i < image.length; i++) image[i] = (image[i] - lo) / span;
}

/** Prepares one sample (returns a new sample; the input is not modified). */
export function prepareSample(raw: Sample2D, opts: PrepareOptions): { sample: Sample2D; info: PrepareInfo } {
  const box = opts.cropNonzero ? nonZeroBoundingBox(raw) : { x0: 0, y0: 0, x1: raw.width, y1: raw.height };
  const whole = box.x0 === 0 && box.y0 === 0 && box.x1 === raw.width && box.y1 === raw.height;
  const s = whole ? { ...raw, image: raw.image.slice() } : cropSample(raw, box);
  if (opts.normalization === 'zscore') zScoreNormalizeImage(s.image, s.channels, { nonZeroOnly: true });
  else if (opts.normalization === 'minmax') minMax(s.image);
  const n = opts.inputSize;
  const scale = n / Math.max(s.width, s.height);
  const rw = Math.max(1, Math.min(n, Math.round(s.width * scale)));
  const rh = Math.max(1, Math.min(n, Math.round(s.height * scale)));
  const { sample, info } = padOrCropSample(resizeSample({ ...s, spacing: raw.spacing ?? [1, 1] }, rw, rh), n, n, 0);
  return { sample, info: { cropX: box.x0, cropY: box.y0, cropW: s.width, cropH: s.height, resizedW: rw, resizedH: rh, pad: info, width: raw.width, height: raw.height } };
}

/** Maps a network-sized label map back onto the original image grid: unpad, resize (nearest), uncrop. */
export function unprepareMask(mask: Uint8Array, info: PrepareInfo, inputSize: number): Uint8Array {
  const resized = undoPadOrCrop(mask, inputSize, info.pad);
  const cropped = resizeMask(resized, info.resizedW, info.resizedH, info.cropW, info.cropH);
  const box = { x0: info.cropX, y0: info.cropY, x1: info.cropX + info.cropW, y1: info.cropY + info.cropH };
  return uncropMap(cropped, box, info.width, info.height);
}
