/**
 * Window/level: which intensity range maps onto the colormap. Limits are kept as
 * `[low, high]` (what "auto 0.5–99.5 %" produces); centre/width is only how users drag it.
 */
import type { VolumeData } from '../volume/Volume';

/** Intensities at or below `low` get the colormap's first colour, at or above `high` its last. */
export interface WindowLimits {
  low: number;
  high: number;
}

/** A named window preset, as percentiles of the volume's intensities or absolute values. */
export interface WindowPreset {
  id: string;
  label: string;
  /** Percentiles (0–100) of the volume's intensities. */
  percentiles?: [number, number];
  /** Absolute limits (e.g. CT windows). */
  limits?: [number, number];
}

/** Presets offered by the viewer. `auto` is the default (0.5–99.5 percentiles). */
export const WINDOW_PRESETS: readonly WindowPreset[] = [
  { id: 'auto', label: 'Auto (0.5–99.5 %)', percentiles: [0.5, 99.5] },
  { id: 'p1-99', label: '1–99 %', percentiles: [1, 99] },
  { id: 'p2-98', label: '2–98 %', percentiles: [2, 98] },
  { id: 'full', label: 'Full range', percentiles: [0, 100] },
  { id: 'ct-brain', label: 'CT brain (40/80)', limits: [0, 80] },
  { id: 'ct-bone', label: 'CT bone (400/1800)', limits: [-500, 1300] },
];

/** Centre/width view of limits (what right-drag edits). */
export function toCenterWidth(w: WindowLimits): { center: number; width: number } {
  return { center: (w.low + w.high) / 2, width: w.high - w.low };
}

/** Limits from centre/width; width is kept positive. */
export function fromCenterWidth(center: number, width: number): WindowLimits {
  const w = Math.max(Math.abs(width), 1e-6);
  return { low: center - w / 2, high: center + w / 2 };
}

/**
 * New limits after a right-drag of (dx, dy) pixels, as most viewers do: horizontal
 * changes the width, vertical the level (up = brighter), scaled to the data range.
 */
export function dragWindow(w: WindowLimits, dx: number, dy: number, dataRange: number): WindowLimits {
  const { center, width } = toCenterWidth(w);
  const k = Math.max(dataRange, 1e-6) / 512;
  return fromCenterWidth(center + dy * k, Math.max(width + dx * k * 2, k));
}

/**
 * Percentiles of `data` (NaN ignored), with NumPy's default linear interpolation:
 * p → sorted[(n-1)·p/100] interpolated between neighbours. Exact for every data type:
 * integer data uses a counting histogram; float data a histogram to find the bins, then
 * a sort of only the values in those bins. Only the first `count` values are used
 * (the first frame of a 4-D volume).
 */
export function percentiles(data: VolumeData, ps: readonly number[], count = data.length): number[] {
  const small = smallIntHistogram(data, count);
  if (small) return percentilesOfHistogram(small.hist, small.offset, count, ps);
  let min = Infinity, max = -Infinity, n = 0;
  for (let i = 0; i < count; i++) {
    const v = data[i];
    if (v !== v) continue; // NaN
    if (v < min) min = v;
    if (v > max) max = v;
    n++;
  }
  if (n === 0) return ps.map(() => 0);
  if (min === max) return ps.map(() => min);
  const isInt = !(data instanceof Float32Array || data instanceof Float64Array);
  const intRange = max - min + 1;
  const bins = isInt && intRange <= 1 << 20 ? intRange : 65536;
  const scale = isInt && bins === intRange ? 1 : (bins - 1) / (max - min);
  const hist = new Uint32Array(bins);
  for (let i = 0; i < count; i++) {
    const v = data[i];
    if (v !== v) continue;
    hist[Math.floor((v - min) * scale)]++;
  }
  const cum = new Float64Array(bins);
  let acc = 0;
  for (let b = 0; b < bins; b++) { acc += hist[b]; cum[b] = acc; }
  const binOf = (rank: number): number => {
    // First bin whose cumulative count exceeds `rank` (0-based rank).
    let lo = 0, hi = bins - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] > rank) hi = mid; else lo = mid + 1; }
    return lo;
  };
  const valueAt = (rank: number): number => {
    const b = binOf(rank);
    if (scale === 1 && isInt) return min + b;
    // Float data: sort the values of this bin and pick the one with this rank.
    const before = b > 0 ? cum[b - 1] : 0;
    const vals: number[] = [];
    for (let i = 0; i < count; i++) {
      const v = data[i];
      if (v === v && Math.floor((v - min) * scale) === b) vals.push(v);
    }
    vals.sort((x, y) => x - y);
    return vals[rank - before];
  };
  return ps.map((p) => {
    const pos = (n - 1) * Math.min(100, Math.max(0, p)) / 100;
    const r0 = Math.floor(pos), r1 = Math.ceil(pos);
    const v0 = valueAt(r0);
    if (r1 === r0) return v0;
    const v1 = valueAt(r1);
    return v0 + (v1 - v0) * (pos - r0);
  });
}

/** Limits of a preset for `data`; degenerate ranges are widened so the window never has zero width. */
export function presetLimits(preset: WindowPreset, data: VolumeData, count = data.length): WindowLimits {
  let low: number, high: number;
  if (preset.limits) [low, high] = preset.limits;
  else [low, high] = percentiles(data, preset.percentiles ?? [0.5, 99.5], count);
  if (!(high > low)) high = low + 1;
  return { low, high };
}

/**
 * 8- and 16-bit integers (BraTS is int16): a counting histogram over the dtype's whole range
 * in one pass, with no min/max pass first (one pass instead of two on 8.9 M voxels).
 */
function smallIntHistogram(data: VolumeData, count: number): { hist: Uint32Array; offset: number } | undefined {
  const offset = data instanceof Int16Array ? 32768 : data instanceof Int8Array ? 128
    : data instanceof Uint16Array || data instanceof Uint8Array ? 0 : -1;
  if (offset < 0) return undefined;
  const hist = new Uint32Array(data.BYTES_PER_ELEMENT === 1 ? 256 : 65536);
  for (let i = 0; i < count; i++) hist[data[i] + offset]++;
  return { hist, offset };
}

/** NumPy-interpolated percentiles of `n` integers counted in `hist` (bin b holds the value b − offset). */
function percentilesOfHistogram(hist: Uint32Array, offset: number, n: number, ps: readonly number[]): number[] {
  if (n === 0) return ps.map(() => 0);
  const cum = new Float64Array(hist.length);
  let acc = 0;
  for (let b = 0; b < hist.length; b++) { acc += hist[b]; cum[b] = acc; }
  const valueAt = (rank: number): number => {
    let lo = 0, hi = hist.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] > rank) hi = mid; else lo = mid + 1; }
    return lo - offset;
  };
  return ps.map((p) => {
    const pos = (n - 1) * Math.min(100, Math.max(0, p)) / 100;
    const r0 = Math.floor(pos), r1 = Math.ceil(pos);
    const v0 = valueAt(r0);
    return r1 === r0 ? v0 : v0 + (valueAt(r1) - v0) * (pos - r0);
  });
}
