import { Volume } from '../volume/Volume';

/** What the doctor keeps of a volume once read: enough to compare, without the voxels. */
export interface VolumeStats {
  dims: number[];
  spacing: number[];
  affine: number[];
  /** Smallest and largest finite value (NaN when no value is finite). */
  min: number;
  max: number;
  /** Voxels that are NaN or ±Infinity. */
  nonFinite: number;
  /** Voxels not equal to 0 (for masks: the foreground). */
  nonZero: number;
  /** Distinct values in ascending order, or undefined when there are more than the limit. */
  distinct?: number[];
  /** Whether every finite value is an integer. */
  integral: boolean;
}

/** One pass over the voxels; `distinctLimit` bounds the value set kept (masks have few values). */
export function volumeStats(v: Volume, distinctLimit = 64): VolumeStats {
  const d = v.data;
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  let nonZero = 0;
  let integral = true;
  let values: Set<number> | undefined = new Set<number>();
  for (let i = 0; i < d.length; i++) {
    const x = d[i];
    if (!Number.isFinite(x)) { nonFinite++; continue; }
    if (x < min) min = x;
    if (x > max) max = x;
    if (x !== 0) nonZero++;
    if (integral && !Number.isInteger(x)) integral = false;
    if (values && !values.has(x)) {
      values.add(x);
      if (values.size > distinctLimit) values = undefined;
    }
  }
  return {
    dims: [...v.dims], spacing: [...v.spacing], affine: [...v.affine],
    min: min === Infinity ? NaN : min, max: max === -Infinity ? NaN : max,
    nonFinite, nonZero, integral, distinct: values ? [...values].sort((a, b) => a - b) : undefined,
  };
}

/** Spatial extent used to compare shapes: the first three axes (2-D images have `[w, h, 1]`). */
export function spatialDims(s: VolumeStats): number[] {
  return [s.dims[0] ?? 1, s.dims[1] ?? 1, s.dims[2] ?? 1];
}

/** `512×512` for slices, `240×240×155` for volumes. */
export function sizeLabel(s: VolumeStats): string {
  const [x, y, z] = spatialDims(s);
  return z === 1 ? `${x}×${y}` : `${x}×${y}×${z}`;
}

/** Whether two number lists agree within `tol` (relative to magnitude, at least absolute `tol`). */
export function nearlyEqual(a: readonly number[], b: readonly number[], tol: number): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => Math.abs(x - b[i]) <= tol * Math.max(1, Math.abs(x), Math.abs(b[i])));
}
