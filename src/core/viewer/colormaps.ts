/**
 * The one colormap table (slice viewer and tensor inspector), as 256-entry RGBA lookup
 * tables: a windowed intensity t ∈ [0, 1] maps to entry `round(t·255)`. Tables are built
 * on demand and cached.
 */

/** All colormaps, in menu order. */
export const COLORMAPS = ['grey', 'inverted', 'hot', 'viridis', 'magma', 'plasma', 'inferno', 'turbo', 'jet', 'coolwarm'] as const;

/** Name of a colormap. */
export type ColormapName = typeof COLORMAPS[number];

/** `name` when it is a colormap (e.g. from a saved webview state, which may predate a rename), else `fallback`. */
export function asColormapName(name: unknown, fallback: ColormapName = 'grey'): ColormapName {
  return (COLORMAPS as readonly unknown[]).includes(name) ? name as ColormapName : fallback;
}

/** Evenly spaced stops [t, r, g, b] from matplotlib samples. */
const even = (rgb: number[][]): number[][] => rgb.map((c, i) => [i / (rgb.length - 1), ...c]);

/** Control points [t, r, g, b] (0–255), linearly interpolated. */
const STOPS: Record<ColormapName, number[][]> = {
  grey: [[0, 0, 0, 0], [1, 255, 255, 255]],
  inverted: [[0, 255, 255, 255], [1, 0, 0, 0]],
  hot: [[0, 0, 0, 0], [0.375, 255, 0, 0], [0.75, 255, 255, 0], [1, 255, 255, 255]],
  // Matplotlib's viridis and inferno sampled at 9 points (ΔE is small enough for display).
  viridis: [[0, 68, 1, 84], [0.125, 71, 44, 122], [0.25, 59, 81, 139], [0.375, 44, 113, 142], [0.5, 33, 144, 141],
    [0.625, 39, 173, 129], [0.75, 92, 200, 99], [0.875, 170, 220, 50], [1, 253, 231, 37]],
  inferno: [[0, 0, 0, 4], [0.125, 31, 12, 72], [0.25, 85, 15, 109], [0.375, 136, 34, 106], [0.5, 186, 54, 85],
    [0.625, 227, 89, 51], [0.75, 249, 140, 10], [0.875, 249, 201, 50], [1, 252, 255, 164]],
  magma: even([[0, 0, 4], [28, 16, 68], [79, 18, 123], [129, 37, 129], [181, 54, 122], [229, 80, 100], [251, 135, 97], [254, 194, 135], [252, 253, 191]]),
  plasma: even([[13, 8, 135], [84, 2, 163], [139, 10, 165], [185, 50, 137], [219, 92, 104], [244, 136, 73], [254, 188, 43], [240, 249, 33], [240, 249, 33]]),
  turbo: even([[48, 18, 59], [70, 107, 227], [40, 187, 236], [50, 241, 152], [164, 252, 60], [239, 207, 58], [251, 128, 34], [208, 47, 5], [122, 4, 3]]),
  coolwarm: even([[59, 76, 192], [98, 130, 234], [141, 176, 254], [184, 208, 249], [221, 221, 221], [245, 196, 173], [244, 154, 123], [222, 96, 77], [180, 4, 38]]),
  jet: [[0, 0, 0, 128], [0.125, 0, 0, 255], [0.375, 0, 255, 255], [0.625, 255, 255, 0], [0.875, 255, 0, 0], [1, 128, 0, 0]],
};

const cache = new Map<ColormapName, Uint8ClampedArray>();

/** The 256×RGBA lookup table of `name` (alpha 255). */
export function colormapLut(name: ColormapName): Uint8ClampedArray {
  const hit = cache.get(name);
  if (hit) return hit;
  const stops = STOPS[name];
  const lut = new Uint8ClampedArray(256 * 4);
  for (let e = 0; e < 256; e++) {
    const t = e / 255;
    let s = 0;
    while (s < stops.length - 2 && t > stops[s + 1][0]) s++;
    const [t0, r0, g0, b0] = stops[s], [t1, r1, g1, b1] = stops[s + 1];
    const f = t1 > t0 ? Math.min(1, Math.max(0, (t - t0) / (t1 - t0))) : 0;
    lut[e * 4] = Math.round(r0 + (r1 - r0) * f);
    lut[e * 4 + 1] = Math.round(g0 + (g1 - g0) * f);
    lut[e * 4 + 2] = Math.round(b0 + (b1 - b0) * f);
    lut[e * 4 + 3] = 255;
  }
  cache.set(name, lut);
  return lut;
}

/** Lookup-table entry for intensity `v` under limits [low, high]: the one rule shared by renderer and tests. */
export function lutIndex(v: number, low: number, high: number): number {
  const t = (v - low) * (255 / (high - low));
  return t <= 0 || t !== t ? 0 : t >= 255 ? 255 : Math.round(t);
}

/** CSS colour of an RGB triple. */
export function cssColor(rgb: readonly number[]): string {
  return `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
}
