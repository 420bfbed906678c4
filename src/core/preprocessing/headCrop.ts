/**
 * Crop-to-head for 2-D MRI slices: the head fills only part of a figshare 512² slice, so
 * resizing the whole slice wastes most of the network's input on air. The box is found as
 * a PyTorch pipeline would: Otsu threshold → morphological opening (drops noise specks and
 * thin artefacts) → largest connected component → bounding box, made square around its
 * centre and enlarged by a margin. The box may extend past the image (zero-filled when cropped),
 * so the aspect ratio is kept and the inverse mapping is one scale and one offset.
 */
import { connectedComponents } from '../postprocessing/connectedComponents';

/** A square box in image pixels; `x`/`y` may be negative and `x + size` may exceed the width. */
export interface SquareBox {
  x: number;
  y: number;
  size: number;
}

/** Options of {@link headBox}. */
export interface HeadCropOptions {
  /** Margin added on each side, as a fraction of the box side (the baseline's 4 %). */
  margin?: number;
  /** Radius of the square structuring element of the opening. */
  openingRadius?: number;
}

/** Otsu's threshold of `values` over a 256-bin histogram between their min and max. */
export function otsuThreshold(values: ArrayLike<number>): number {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) { const v = values[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
  if (!(hi > lo)) return lo;
  const bins = 256;
  const hist = new Float64Array(bins);
  const scale = (bins - 1) / (hi - lo);
  for (let i = 0; i < values.length; i++) hist[Math.round((values[i] - lo) * scale)]++;
  let total = 0, sumAll = 0;
  for (let b = 0; b < bins; b++) { total += hist[b]; sumAll += b * hist[b]; }
  let w0 = 0, sum0 = 0, best = -1, bestBin = 0;
  for (let b = 0; b < bins - 1; b++) {
    w0 += hist[b];
    sum0 += b * hist[b];
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const m0 = sum0 / w0, m1 = (sumAll - sum0) / w1;
    const between = w0 * w1 * (m0 - m1) ** 2;
    if (between > best) { best = between; bestBin = b; }
  }
  // Pixels strictly above the upper edge of the best bin are foreground.
  return lo + (bestBin + 0.5) / scale;
}

/** Binary min (erode) or max (dilate) filter with a (2r+1)² square, separable; outside counts as 0. */
function squareFilter(m: Uint8Array, w: number, h: number, r: number, erode: boolean): Uint8Array {
  const tmp = new Uint8Array(m.length);
  const out = new Uint8Array(m.length);
  const pass = (src: Uint8Array, dst: Uint8Array, len: number, count: number, at: (line: number, i: number) => number) => {
    for (let line = 0; line < count; line++) {
      for (let i = 0; i < len; i++) {
        let v = erode ? 1 : 0;
        for (let d = -r; d <= r; d++) {
          const j = i + d;
          const s = j < 0 || j >= len ? 0 : src[at(line, j)];
          if (erode ? s === 0 : s !== 0) { v = erode ? 0 : 1; break; }
        }
        dst[at(line, i)] = v;
      }
    }
  };
  pass(m, tmp, w, h, (y, x) => y * w + x);
  pass(tmp, out, h, w, (x, y) => y * w + x);
  return out;
}

/** Morphological opening (erode then dilate) of a 0/1 mask. */
export function binaryOpening(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  if (radius <= 0) return mask.slice();
  return squareFilter(squareFilter(mask, width, height, radius, true), width, height, radius, false);
}

/**
 * Square box around the head in a channels-last image (channel mean is thresholded). Falls
 * back to the whole image (as a square) when nothing survives the threshold and opening.
 */
export function headBox(image: ArrayLike<number>, width: number, height: number, channels: number, opts: HeadCropOptions = {}): SquareBox {
  const margin = opts.margin ?? 0.04;
  const n = width * height;
  const mean = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += image[i * channels + c];
    mean[i] = s / channels;
  }
  const t = otsuThreshold(mean);
  const fg = Uint8Array.from(mean, (v) => (v > t ? 1 : 0));
  const opened = binaryOpening(fg, width, height, opts.openingRadius ?? 2);
  const cc = connectedComponents(opened, [width, height], 8);
  let x0 = 0, y0 = 0, x1 = width - 1, y1 = height - 1;
  if (cc.count > 0) {
    let best = 1;
    for (let k = 2; k < cc.sizes.length; k++) if (cc.sizes[k] > cc.sizes[best]) best = k;
    x0 = width; y0 = height; x1 = -1; y1 = -1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (cc.labels[y * width + x] !== best) continue;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  const side = Math.max(x1 - x0 + 1, y1 - y0 + 1);
  const size = Math.max(1, Math.round(side * (1 + 2 * margin)));
  const cx = (x0 + x1 + 1) / 2, cy = (y0 + y1 + 1) / 2;
  return { x: Math.round(cx - size / 2), y: Math.round(cy - size / 2), size };
}
