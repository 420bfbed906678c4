/**
 * Small RGB composites for the dashboard and previews: greyscale image with label maps
 * drawn over it. Pure pixel work (the worker encodes the PNGs).
 */

/** An RGB image, 3 bytes per pixel, row-major, row 0 on top. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Label colours (index 0 unused): red, green, blue, orange, magenta, cyan. */
const COLORS: readonly [number, number, number][] = [[0, 0, 0], [230, 40, 40], [40, 200, 60], [60, 110, 240], [240, 140, 30], [220, 60, 220], [40, 210, 220]];

/**
 * The ground-truth outline colour (yellow, no label colour): stored overlays draw the truth as
 * this outline and the prediction as filled label colours, so the two never look alike.
 * The dashboard legend's `.truth` swatch uses the same colour.
 */
const TRUTH_OUTLINE_RGB: readonly [number, number, number] = [255, 230, 0];

/** One panel: a grey image, label colours blended in (`labels`), and a ground-truth outline on top (`outline`). */
export interface OverlayPanel {
  gray: Uint8Array;
  labels?: Uint8Array;
  outline?: Uint8Array;
}

/** Whether pixel i of a w×h label map is foreground with a 4-neighbour (or the image edge) of another label. */
function onBoundary(m: Uint8Array, i: number, w: number, h: number): boolean {
  const l = m[i];
  if (l === 0) return false;
  const x = i % w, y = (i - x) / w;
  return x === 0 || y === 0 || x === w - 1 || y === h - 1 || m[i - 1] !== l || m[i + 1] !== l || m[i - w] !== l || m[i + w] !== l;
}

/** Rescales a float plane to 0..255 between its 1st and 99th percentile (robust to outliers). */
export function toGray8(plane: ArrayLike<number>): Uint8Array {
  const n = plane.length;
  const sorted = Float32Array.from(plane).sort();
  const lo = sorted[Math.floor(0.01 * (n - 1))];
  const hi = sorted[Math.floor(0.99 * (n - 1))];
  const span = hi > lo ? hi - lo : 1;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.max(0, Math.min(255, Math.round(((plane[i] - lo) / span) * 255)));
  return out;
}

/** Nearest-neighbour resample of a uint8 plane to `size`×`size`. */
export function resamplePlane(p: Uint8Array, w: number, h: number, size: number): Uint8Array {
  const out = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    const sy = Math.min(h - 1, Math.floor(((y + 0.5) * h) / size));
    for (let x = 0; x < size; x++) out[y * size + x] = p[sy * w + Math.min(w - 1, Math.floor(((x + 0.5) * w) / size))];
  }
  return out;
}

/**
 * Draws `panels` side by side: each a grey image with an optional label map blended at 45 %
 * and an optional ground-truth outline drawn opaque in {@link TRUTH_OUTLINE_RGB} on top.
 */
export function composePanels(panels: readonly OverlayPanel[], w: number, h: number): RgbImage {
  const W = w * panels.length;
  const data = new Uint8Array(W * h * 3);
  panels.forEach((p, k) => {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        const o = (y * W + k * w + x) * 3;
        const g = p.gray[i];
        const l = p.labels ? p.labels[i] : 0;
        if (l > 0) {
          const c = COLORS[((l - 1) % (COLORS.length - 1)) + 1];
          for (let j = 0; j < 3; j++) data[o + j] = Math.round(0.55 * g + 0.45 * c[j]);
        } else {
          data[o] = g; data[o + 1] = g; data[o + 2] = g;
        }
        if (p.outline && onBoundary(p.outline, i, w, h)) for (let j = 0; j < 3; j++) data[o + j] = TRUTH_OUTLINE_RGB[j];
      }
    }
  });
  return { width: W, height: h, data };
}

/** Stacks RGB images of equal width vertically. */
export function stackRows(rows: readonly RgbImage[]): RgbImage {
  const width = rows[0].width;
  const height = rows.reduce((n, r) => n + r.height, 0);
  const data = new Uint8Array(width * height * 3);
  let off = 0;
  for (const r of rows) {
    data.set(r.data, off);
    off += r.data.length;
  }
  return { width, height, data };
}
