/**
 * Colormaps as 256-entry RGB lookup tables, built from a few control points (matplotlib's
 * perceptual maps sampled at 9 stops, linear in between: visually indistinguishable at
 * display sizes), plus a categorical palette for label masks.
 */

/** Colormaps offered for continuous data. */
export const COLORMAPS = ['gray', 'viridis', 'magma', 'plasma', 'turbo', 'coolwarm'] as const;
/** Name of a continuous colormap. */
export type ColormapName = typeof COLORMAPS[number];

type Rgb = readonly [number, number, number];

const STOPS: Readonly<Record<ColormapName, readonly Rgb[]>> = {
  gray: [[0, 0, 0], [255, 255, 255]],
  viridis: [[68, 1, 84], [71, 45, 123], [59, 82, 139], [44, 114, 142], [33, 145, 140], [40, 174, 128], [94, 201, 98], [173, 220, 48], [253, 231, 37]],
  magma: [[0, 0, 4], [28, 16, 68], [79, 18, 123], [129, 37, 129], [181, 54, 122], [229, 80, 100], [251, 135, 97], [254, 194, 135], [252, 253, 191]],
  plasma: [[13, 8, 135], [84, 2, 163], [139, 10, 165], [185, 50, 137], [219, 92, 104], [244, 136, 73], [254, 188, 43], [240, 249, 33], [240, 249, 33]],
  turbo: [[48, 18, 59], [70, 107, 227], [40, 187, 236], [50, 241, 152], [164, 252, 60], [239, 207, 58], [251, 128, 34], [208, 47, 5], [122, 4, 3]],
  coolwarm: [[59, 76, 192], [98, 130, 234], [141, 176, 254], [184, 208, 249], [221, 221, 221], [245, 196, 173], [244, 154, 123], [222, 96, 77], [180, 4, 38]],
};

const cache = new Map<ColormapName, Uint8Array>();

/** 256×3 RGB lookup table of `name` (cached after the first call). */
export function colormapLut(name: ColormapName): Uint8Array {
  let lut = cache.get(name);
  if (lut) return lut;
  const stops = STOPS[name];
  lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(t));
    const f = t - k;
    for (let ch = 0; ch < 3; ch++) lut[i * 3 + ch] = Math.round(stops[k]![ch]! * (1 - f) + stops[k + 1]![ch]! * f);
  }
  cache.set(name, lut);
  return lut;
}

/** Distinct colours for label values (label 0 / background is drawn black). */
const PALETTE: readonly Rgb[] = [
  [230, 25, 75], [60, 180, 75], [255, 225, 25], [0, 130, 200], [245, 130, 48], [145, 30, 180], [70, 240, 240],
  [240, 50, 230], [210, 245, 60], [250, 190, 212], [0, 128, 128], [220, 190, 255], [170, 110, 40], [255, 250, 200],
  [128, 0, 0], [170, 255, 195], [128, 128, 0], [255, 215, 180], [0, 0, 128], [128, 128, 128],
];

/** RGB colour of label `value` (stable per value, black for 0). */
export function labelColor(value: number): Rgb {
  if (value === 0) return [0, 0, 0];
  const i = ((Math.trunc(value) - 1) % PALETTE.length + PALETTE.length) % PALETTE.length;
  return PALETTE[i]!;
}

/**
 * Renders a plane to RGBA pixels: values mapped through `lut` over [lo, hi], or, when
 * `labels` is set, through the label palette. NaN is drawn transparent.
 */
export function renderPlaneRgba(values: ArrayLike<number>, lo: number, hi: number, lut: Uint8Array, labels: boolean, out: Uint8ClampedArray): void {
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const o = i * 4;
    if (v !== v) { out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0; continue; }
    if (labels) {
      const c = labelColor(v);
      out[o] = c[0]; out[o + 1] = c[1]; out[o + 2] = c[2];
    } else {
      const k = Math.max(0, Math.min(255, Math.round((v - lo) * scale))) * 3;
      out[o] = lut[k]!; out[o + 1] = lut[k + 1]!; out[o + 2] = lut[k + 2]!;
    }
    out[o + 3] = 255;
  }
}
