import type { Sample2D } from './Sample2D';

/** Inclusive-exclusive pixel box `[x0, x1) × [y0, y1)` in the original image. */
export interface BoundingBox2D {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Bounding box of pixels where any channel is non-zero (nnU-Net's `crop_to_nonzero`: MRI
 * background after skull stripping is exactly 0). `margin` pixels are added on each side,
 * clipped to the image. An all-zero image gives the full image box, so nothing is lost.
 */
export function nonZeroBoundingBox(s: Sample2D, margin = 0): BoundingBox2D {
  const b = nonZeroBox(s);
  if (!b) return { x0: 0, y0: 0, x1: s.width, y1: s.height };
  return { x0: Math.max(0, b.x0 - margin), y0: Math.max(0, b.y0 - margin), x1: Math.min(s.width, b.x1 + margin), y1: Math.min(s.height, b.y1 + margin) };
}

/**
 * The non-zero box of a whole case: the union over its slices (all of one grid), so every
 * slice is cut and scaled alike, as nnU-Net crops a volume once. An all-zero case gives the
 * full image box.
 */
export function caseNonZeroBox(slices: readonly Sample2D[]): BoundingBox2D {
  let u: BoundingBox2D | null = null;
  for (const s of slices) {
    const b = nonZeroBox(s);
    if (b) u = u ? { x0: Math.min(u.x0, b.x0), y0: Math.min(u.y0, b.y0), x1: Math.max(u.x1, b.x1), y1: Math.max(u.y1, b.y1) } : b;
  }
  return u ?? { x0: 0, y0: 0, x1: slices[0]?.width ?? 0, y1: slices[0]?.height ?? 0 };
}

/** The tight non-zero box of one slice, or null when every pixel is 0. */
function nonZeroBox(s: Sample2D): BoundingBox2D | null {
  const { width: w, height: h, channels: C, image } = s;
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const b = (y * w + x) * C;
      let nz = false;
      for (let c = 0; c < C && !nz; c++) nz = image[b + c] !== 0;
      if (nz) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** Cuts a box out of a sample (image and mask); parts of the box outside the image are 0 (a square head box may reach past it). */
export function cropSample(s: Sample2D, box: BoundingBox2D): Sample2D {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const C = s.channels;
  const image = new Float32Array(w * h * C);
  const mask = s.mask ? new Uint8Array(w * h) : undefined;
  const xa = Math.max(0, -box.x0), xb = Math.min(w, s.width - box.x0);
  for (let y = 0; y < h; y++) {
    const sy = y + box.y0;
    if (sy < 0 || sy >= s.height || xb <= xa) continue;
    const srcRow = sy * s.width + box.x0;
    image.set(s.image.subarray((srcRow + xa) * C, (srcRow + xb) * C), (y * w + xa) * C);
    if (mask && s.mask) mask.set(s.mask.subarray(srcRow + xa, srcRow + xb), y * w + xa);
  }
  const out: Sample2D = { ...s, image, width: w, height: h };
  if (mask) out.mask = mask;
  return out;
}
