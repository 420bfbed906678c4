/**
 * Dice and HD95 per region of two label maps, a region being a set of labels (a class is a
 * one-label region; BraTS WT = {1, 2, 4}): what evaluation reports per case, with core's one
 * Dice (`diceFromCounts`) and HD95.
 */
import type { RegionScore } from '../protocol/workerProtocol';
import { diceFromCounts, overlapCounts } from './dice';
import { hd95 } from './hd95';

/**
 * Scores each region of `regions` (`[name, labels]`, in report order). Dice is 1 when both
 * masks are empty; HD95 (mm, `spacing` per axis of `dims`) is null unless both are non-empty.
 */
export function regionScores(
  pred: ArrayLike<number>, truth: ArrayLike<number>, regions: readonly (readonly [string, readonly number[]])[],
  dims: readonly number[], spacing: readonly number[],
): RegionScore[] {
  return regions.map(([name, labels]) => {
    const set = new Set(labels);
    const p = Uint8Array.from({ length: pred.length }, (_, i) => (set.has(pred[i]) ? 1 : 0));
    const g = Uint8Array.from({ length: truth.length }, (_, i) => (set.has(truth[i]) ? 1 : 0));
    const c = overlapCounts(p, g);
    const both = c.tp + c.fp > 0 && c.tp + c.fn > 0;
    return { name, dice: diceFromCounts(c), hd95: both ? hd95(p, g, dims, { spacing }) : null, truthVoxels: c.tp + c.fn, predVoxels: c.tp + c.fp };
  });
}
