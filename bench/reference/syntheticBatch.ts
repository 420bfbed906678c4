/**
 * Synthetic "MRI" batches for the train benchmark, as in the reference bench: a noisy
 * background plus an optional bright ellipse (class 0 none, 1 small, 2 large); mask = ellipse.
 */

import { mulberry32 } from '../../src/core/util/random';

export { mulberry32 };

/** One batch, NHWC with one channel: images, masks and one-hot classes. */
export interface SyntheticBatch { img: Float32Array; mask: Float32Array; onehot: Float32Array }

/** `b` images of `s`×`s`. */
export function makeBatch(rng: () => number, b: number, s: number): SyntheticBatch {
  const img = new Float32Array(b * s * s), mask = new Float32Array(b * s * s), onehot = new Float32Array(b * 3);
  for (let n = 0; n < b; n++) {
    const cls = Math.floor(rng() * 3);
    onehot[n * 3 + cls] = 1;
    const r = cls === 0 ? 0 : (cls === 1 ? 0.06 + 0.05 * rng() : 0.15 + 0.08 * rng()) * s;
    const cx = s * (0.3 + 0.4 * rng()), cy = s * (0.3 + 0.4 * rng());
    const ax = r * (0.8 + 0.4 * rng()), ay = r * (0.8 + 0.4 * rng());
    const bg = 0.2 + 0.1 * rng();
    for (let y = 0; y < s; y++) {
      for (let x = 0; x < s; x++) {
        const i = n * s * s + y * s + x;
        // Box–Muller noise.
        let v = bg + 0.05 * Math.sqrt(-2 * Math.log(Math.max(rng(), 1e-12))) * Math.cos(2 * Math.PI * rng());
        const dx = (x - cx) / ax, dy = (y - cy) / ay;
        if (r > 0 && dx * dx + dy * dy <= 1) { v += 0.6; mask[i] = 1; }
        img[i] = v;
      }
    }
  }
  return { img, mask, onehot };
}

/** Median of a list (NaN when empty). */
export function median(a: readonly number[]): number {
  const s = [...a].sort((x, y) => x - y);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
