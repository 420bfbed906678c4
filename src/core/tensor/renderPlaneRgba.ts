import { labelColor } from '../viewer/labels';

/**
 * Renders a plane to RGBA pixels: values mapped through `lut` (256×RGBA, `colormapLut`) over
 * [lo, hi], or, when `labels` is set, through the label palette. NaN is drawn transparent.
 */
export function renderPlaneRgba(values: ArrayLike<number>, lo: number, hi: number, lut: Uint8ClampedArray, labels: boolean, out: Uint8ClampedArray): void {
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const o = i * 4;
    if (v !== v) { out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0; continue; }
    if (labels) {
      const c = labelColor(v);
      out[o] = c[0]; out[o + 1] = c[1]; out[o + 2] = c[2];
    } else {
      const k = Math.max(0, Math.min(255, Math.round((v - lo) * scale))) * 4;
      out[o] = lut[k]!; out[o + 1] = lut[k + 1]!; out[o + 2] = lut[k + 2]!;
    }
    out[o + 3] = 255;
  }
}
