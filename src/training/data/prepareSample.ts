/**
 * Brings one raw slice to the network's input geometry and intensity scale:
 * crop to the non-zero bounding box (optional) → normalise → resize so the longer side
 * equals the input size (aspect kept) → centre-pad to a square. `PrepareInfo` records
 * the geometry so predictions can be mapped back onto the original pixel grid.
 */
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import { padOrCropSample, resizeImage, resizeMask, type PadCropInfo } from '../../core/preprocessing/resize';
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

/** Bounding box of pixels where any channel is above 0 (the whole image when none is). */
export function nonzeroBox(s: Sample2D): [number, number, number, number] {
  let x0 = s.width, y0 = s.height, x1 = -1, y1 = -1;
  const C = s.channels;
  for (let y = 0; y < s.height; y++) {
    for (let x = 0; x < s.width; x++) {
      const i = (y * s.width + x) * C;
      let on = false;
      for (let c = 0; c < C && !on; c++) on = s.image[i + c] > 0;
      if (on) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return [0, 0, s.width, s.height];
  return [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}

function cropSample(s: Sample2D, x0: number, y0: number, w: number, h: number): Sample2D {
  const C = s.channels;
  const image = new Float32Array(w * h * C);
  const mask = s.mask ? new Uint8Array(w * h) : undefined;
  for (let y = 0; y < h; y++) {
    const src = ((y + y0) * s.width + x0) * C;
    image.set(s.image.subarray(src, src + w * C), y * w * C);
    if (mask && s.mask) mask.set(s.mask.subarray((y + y0) * s.width + x0, (y + y0) * s.width + x0 + w), y * w);
  }
  const out: Sample2D = { ...s, image, width: w, height: h };
  if (mask) out.mask = mask;
  return out;
}

function minMax(image: Float32Array): void {
  let lo = Infinity, hi = -Infinity;
  for (const v of image) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const span = hi > lo ? hi - lo : 1;
  for (let i = 0; i < image.length; i++) image[i] = (image[i] - lo) / span;
}

/** Prepares one sample (returns a new sample; the input is not modified). */
export function prepareSample(raw: Sample2D, opts: PrepareOptions): { sample: Sample2D; info: PrepareInfo } {
  const [cx, cy, cw, ch] = opts.cropNonzero ? nonzeroBox(raw) : [0, 0, raw.width, raw.height];
  let s = cx === 0 && cy === 0 && cw === raw.width && ch === raw.height ? { ...raw, image: raw.image.slice() } : cropSample(raw, cx, cy, cw, ch);
  if (opts.normalization === 'zscore') zScoreNormalizeImage(s.image, s.channels, { nonZeroOnly: true });
  else if (opts.normalization === 'minmax') minMax(s.image);
  const n = opts.inputSize;
  const scale = n / Math.max(s.width, s.height);
  const rw = Math.max(1, Math.min(n, Math.round(s.width * scale)));
  const rh = Math.max(1, Math.min(n, Math.round(s.height * scale)));
  const resized: Sample2D = { ...s, width: rw, height: rh, image: resizeImage(s.image, s.width, s.height, s.channels, rw, rh) };
  if (s.mask) resized.mask = resizeMask(s.mask, s.width, s.height, rw, rh);
  const sp = raw.spacing ?? [1, 1];
  resized.spacing = [(sp[0] * s.width) / rw, (sp[1] * s.height) / rh];
  const { sample, info } = padOrCropSample(resized, n, n, 0);
  s = sample;
  return { sample: s, info: { cropX: cx, cropY: cy, cropW: cw, cropH: ch, resizedW: rw, resizedH: rh, pad: info, width: raw.width, height: raw.height } };
}

/** Maps a network-sized label map back onto the original image grid (nearest neighbour). */
export function unprepareMask(mask: Uint8Array, info: PrepareInfo, inputSize: number): Uint8Array {
  const out = new Uint8Array(info.width * info.height);
  const { offsetX, offsetY } = info.pad;
  for (let y = 0; y < info.cropH; y++) {
    const ry = Math.min(info.resizedH - 1, Math.floor(((y + 0.5) * info.resizedH) / info.cropH));
    const py = ry + offsetY;
    if (py < 0 || py >= inputSize) continue;
    for (let x = 0; x < info.cropW; x++) {
      const rx = Math.min(info.resizedW - 1, Math.floor(((x + 0.5) * info.resizedW) / info.cropW));
      const px = rx + offsetX;
      if (px < 0 || px >= inputSize) continue;
      out[(y + info.cropY) * info.width + x + info.cropX] = mask[py * inputSize + px];
    }
  }
  return out;
}
