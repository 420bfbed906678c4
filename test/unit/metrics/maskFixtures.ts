import { gaussianFilter2d } from '../../../src/core/augmentation/gaussianFilter';
import { Rng } from '../../../src/core/util/random';
import { hasFigshare, loadFigshareMask } from '../augmentation/fixtures';

/** Real figshare tumour masks (512×512) when available, else synthetic ellipses of that size. */
export function realMasks(ids: number[]): { id: number; mask: Uint8Array; width: number; height: number }[] {
  if (hasFigshare()) return ids.map((id) => ({ id, ...loadFigshareMask(id) }));
  return ids.map((id, n) => {
    const w = 256;
    const mask = new Uint8Array(w * w);
    for (let y = 0; y < w; y++) for (let x = 0; x < w; x++) {
      mask[y * w + x] = ((x - 100 - 10 * n) / (30 + 5 * n)) ** 2 + ((y - 120) / 40) ** 2 < 1 ? 1 : 0;
    }
    return { id, mask, width: w, height: w };
  });
}

/** Shifts a 2-D mask by (dx, dy) pixels, filling with 0. */
export function shift(m: Uint8Array, w: number, h: number, dx: number, dy: number): Uint8Array {
  const out = new Uint8Array(m.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const sx = x - dx, sy = y - dy;
    if (sx >= 0 && sy >= 0 && sx < w && sy < h) out[y * w + x] = m[sy * w + sx];
  }
  return out;
}

/** Grows (level < 0.5) or shrinks (level > 0.5) a mask smoothly: threshold of its blurred version. */
export function morph(m: Uint8Array, w: number, h: number, sigma: number, level: number): Uint8Array {
  const b = gaussianFilter2d(m, w, h, sigma);
  return Uint8Array.from(b, (v) => (v > level ? 1 : 0));
}

/** Sets (value 1) or clears (value 0) `n` random disks of radius up to `r` near `around` (or anywhere). */
export function disks(m: Uint8Array, w: number, h: number, n: number, r: number, value: 0 | 1, seed: number, around?: Uint8Array): Uint8Array {
  const out = m.slice();
  const rng = new Rng(seed);
  const inside: number[] = [];
  if (around) for (let i = 0; i < around.length; i++) if (around[i]) inside.push(i);
  for (let k = 0; k < n; k++) {
    const c = inside.length ? rng.pick(inside) : rng.int(0, w * h);
    const cx = c % w, cy = Math.floor(c / w);
    const rr = rng.uniform(0.5, r);
    for (let y = Math.max(0, Math.floor(cy - rr)); y <= Math.min(h - 1, cy + rr); y++) {
      for (let x = Math.max(0, Math.floor(cx - rr)); x <= Math.min(w - 1, cx + rr); x++) {
        if ((x - cx) ** 2 + (y - cy) ** 2 <= rr * rr) out[y * w + x] = value;
      }
    }
  }
  return out;
}

/** Crops a w×h mask to the `size`² window at (x0, y0). */
export function crop(m: Uint8Array, w: number, x0: number, y0: number, size: number): Uint8Array {
  const out = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) out.set(m.subarray((y + y0) * w + x0, (y + y0) * w + x0 + size), y * size);
  return out;
}

/** Centre of mass (rounded) of a mask. */
export function centroid(m: Uint8Array, w: number): [number, number] {
  let sx = 0, sy = 0, n = 0;
  for (let i = 0; i < m.length; i++) if (m[i]) { sx += i % w; sy += Math.floor(i / w); n++; }
  return [Math.round(sx / Math.max(1, n)), Math.round(sy / Math.max(1, n))];
}
