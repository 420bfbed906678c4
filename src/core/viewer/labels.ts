/**
 * Label colour tables and region views. A segmentation is drawn by first mapping each
 * label value through a *class map* (label → displayed class, 0 = nothing) and then
 * colouring classes; region views (BraTS WT/TC/ET) are just other class maps.
 */
import { BRATS_REGIONS } from '../preprocessing/bratsRegions';

/** One named label value. */
export interface LabelEntry {
  value: number;
  name: string;
  /** RGB, 0–255. */
  color: [number, number, number];
}

/** A set of labels with names and colours, e.g. BraTS. */
export interface LabelTable {
  id: 'brats' | 'binary' | 'generic';
  labels: LabelEntry[];
}

/** What a segmentation is displayed as: its labels, or one evaluation region. */
export type LabelView = 'labels' | 'WT' | 'TC' | 'ET';

/** How the viewer shows each BraTS evaluation region; the label sets are core's BRATS_REGIONS (one table). */
export const BRATS_REGION_VIEWS: Record<Exclude<LabelView, 'labels'>, { name: string; values: readonly number[]; color: [number, number, number] }> = {
  WT: { name: 'Whole tumour', values: BRATS_REGIONS.WT, color: [255, 215, 0] },
  TC: { name: 'Tumour core', values: BRATS_REGIONS.TC, color: [255, 80, 80] },
  ET: { name: 'Enhancing tumour', values: BRATS_REGIONS.ET, color: [80, 160, 255] },
};

/** BraTS 2018 labels (Menze et al.): 1 necrosis / non-enhancing core, 2 oedema, 4 enhancing. */
export const BRATS_LABELS: LabelTable = {
  id: 'brats',
  labels: [
    { value: 1, name: 'Necrosis / NET', color: [255, 60, 60] },
    { value: 2, name: 'Oedema', color: [60, 220, 60] },
    { value: 4, name: 'Enhancing', color: [255, 220, 40] },
  ],
};

/** A 0/1 mask, e.g. the figshare tumour mask. */
export const TUMOUR_MASK: LabelTable = { id: 'binary', labels: [{ value: 1, name: 'Tumour', color: [255, 60, 60] }] };

/** Distinct colours for labels without a known table (value-indexed, cycled). */
const PALETTE: readonly (readonly [number, number, number])[] = [
  [230, 25, 75], [60, 180, 75], [255, 225, 25], [0, 130, 200], [245, 130, 48], [145, 30, 180], [70, 240, 240],
  [240, 50, 230], [210, 245, 60], [250, 190, 212], [0, 128, 128], [220, 190, 255], [170, 110, 40], [255, 250, 200],
  [128, 0, 0], [170, 255, 195], [128, 128, 0], [255, 215, 180], [0, 0, 128], [128, 128, 128],
];

/** RGB colour of label `value` (stable per value, black for 0): the viewer's generic table and the inspector's label mode. */
export function labelColor(value: number): [number, number, number] {
  if (value === 0) return [0, 0, 0];
  const i = ((Math.trunc(value) - 1) % PALETTE.length + PALETTE.length) % PALETTE.length;
  const [r, g, b] = PALETTE[i]!;
  return [r, g, b];
}

/**
 * The label table for the distinct non-zero values of a segmentation: BraTS when the
 * values are a subset of {1, 2, 4} and at least one of 2/4 occurs, binary for {1}, else generic.
 */
export function labelTableFor(values: readonly number[]): LabelTable {
  const nz = values.filter((v) => v !== 0);
  if (nz.length && nz.every((v) => v === 1)) return TUMOUR_MASK;
  if (nz.length && nz.every((v) => v === 1 || v === 2 || v === 4) && nz.some((v) => v !== 1)) return BRATS_LABELS;
  return {
    id: 'generic',
    labels: nz.map((v) => ({ value: v, name: `Label ${v}`, color: labelColor(v) })),
  };
}

/** Distinct values of an integer label volume (the first `count` voxels), sorted. Values outside 0–255 are ignored. */
export function distinctLabels(data: ArrayLike<number>, count = data.length): number[] {
  const seen = new Uint8Array(256);
  for (let i = 0; i < count; i++) {
    const v = data[i];
    if (v >= 0 && v < 256) seen[v | 0] = 1;
  }
  const out: number[] = [];
  for (let v = 0; v < 256; v++) if (seen[v]) out.push(v);
  return out;
}

/**
 * Class map for a view: 256 entries, label value → class (0 = not drawn). For `labels`
 * each visible label is its own class (its value); for a region, member labels → 1.
 */
export function classMap(view: LabelView, table: LabelTable, hidden: ReadonlySet<number> = new Set()): Uint8Array {
  const map = new Uint8Array(256);
  if (view === 'labels') {
    for (const l of table.labels) if (!hidden.has(l.value) && l.value > 0 && l.value < 256) map[l.value] = l.value;
  } else {
    for (const v of BRATS_REGION_VIEWS[view].values) map[v] = 1;
  }
  return map;
}

/** RGBA per class (256 × 4) for a view: alpha is `opacity` · 255 for drawn classes, 0 otherwise. */
export function classColors(view: LabelView, table: LabelTable, opacity: number): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256 * 4);
  const a = Math.round(Math.min(1, Math.max(0, opacity)) * 255);
  const set = (c: number, rgb: readonly number[]): void => {
    lut[c * 4] = rgb[0]; lut[c * 4 + 1] = rgb[1]; lut[c * 4 + 2] = rgb[2]; lut[c * 4 + 3] = a;
  };
  if (view === 'labels') for (const l of table.labels) { if (l.value > 0 && l.value < 256) set(l.value, l.color); }
  else set(1, BRATS_REGION_VIEWS[view].color);
  return lut;
}

/** Compare-mode colours: true positive, false positive, false negative. */
export const COMPARE_COLORS = {
  tp: [40, 200, 80] as [number, number, number],
  fp: [255, 50, 50] as [number, number, number],
  fn: [40, 140, 255] as [number, number, number],
};
