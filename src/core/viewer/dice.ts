/**
 * Overlap of a prediction with a ground truth, per slice or per volume, after both are
 * binarised by a class map (so the same code gives per-label and BraTS-region Dice).
 */
import type { VolumeData } from '../volume/Volume';
import { SliceGeometry, sliceWalk } from './SliceGeometry';

/** Voxel counts of a comparison. */
export interface OverlapCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** Dice = 2·TP / (2·TP + FP + FN); `null` when both masks are empty (undefined, shown as "—"). */
export function dice(c: OverlapCounts): number | null {
  const d = 2 * c.tp + c.fp + c.fn;
  return d === 0 ? null : (2 * c.tp) / d;
}

function inClass(cm: Uint8Array, v: number): boolean {
  return v >= -0.5 && v < 255.5 && cm[(v + 0.5) | 0] > 0;
}

/** Counts over the first `count` voxels (the first frame of 4-D data). */
export function volumeOverlap(truth: VolumeData, prediction: VolumeData, cm: Uint8Array, count = Math.min(truth.length, prediction.length)): OverlapCounts {
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < count; i++) {
    const t = inClass(cm, truth[i]), p = inClass(cm, prediction[i]);
    if (t && p) tp++; else if (p) fp++; else if (t) fn++;
  }
  return { tp, fp, fn };
}

/** Counts over slice `index` of a view. */
export function sliceOverlap(g: SliceGeometry, index: number, truth: VolumeData, prediction: VolumeData, cm: Uint8Array): OverlapCounts {
  const { start, stepU, stepV } = sliceWalk(g, index);
  let tp = 0, fp = 0, fn = 0;
  for (let v = 0; v < g.height; v++) {
    let idx = start + v * stepV;
    for (let u = 0; u < g.width; u++, idx += stepU) {
      const t = inClass(cm, truth[idx]), p = inClass(cm, prediction[idx]);
      if (t && p) tp++; else if (p) fp++; else if (t) fn++;
    }
  }
  return { tp, fp, fn };
}

/** Dice as text with 3 decimals, "—" when undefined. */
export function formatDice(d: number | null): string {
  return d === null ? '—' : d.toFixed(3);
}
