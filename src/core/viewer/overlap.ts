/**
 * Overlap of a prediction with a ground truth, per slice or per volume, after both are
 * binarised by a class map (so the same code gives per-label and BraTS-region Dice). The
 * Dice itself is core/metrics' `diceFromCounts`, the one Dice; the viewer asks it for NaN
 * when both masks are empty (a slice without tumour in truth and prediction is no evidence
 * of a good model) and shows that as "—".
 */
import type { OverlapCounts } from '../metrics/dice';
import type { VolumeData } from '../volume/Volume';
import { SliceGeometry, sliceWalk } from './SliceGeometry';

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
  return { tp, fp, fn, tn: count - tp - fp - fn };
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
  return { tp, fp, fn, tn: g.width * g.height - tp - fp - fn };
}

/** Dice as text with 3 decimals, "—" when undefined (NaN: both masks empty). */
export function formatDice(d: number): string {
  return Number.isNaN(d) ? '—' : d.toFixed(3);
}
