/**
 * Small whole-volume facts the viewer needs once per load (where to put the crosshair,
 * how fast right-drag moves the window) and the status-line text under the cursor.
 */
import type { Volume } from '../volume/Volume';
import { voxelIndex, voxelToWorld } from './SliceGeometry';
import type { LabelTable } from './labels';

/** Centre of mass (rounded voxel) of the non-zero voxels of the first frame, or undefined when there are none. */
export function labelCentroid(data: ArrayLike<number>, dims: readonly number[]): [number, number, number] | undefined {
  const [nx, ny, nz] = [dims[0] ?? 1, dims[1] ?? 1, dims[2] ?? 1];
  let n = 0, si = 0, sj = 0, sk = 0;
  for (let k = 0, idx = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        if (data[idx] !== 0) { n++; si += i; sj += j; sk += k; }
      }
    }
  }
  return n ? [Math.round(si / n), Math.round(sj / n), Math.round(sk / n)] : undefined;
}

/** max − min of the values, ignoring NaN (1 for constant data): scales right-drag windowing. */
export function valueRange(data: ArrayLike<number>): number {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < data.length; i++) { const v = data[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
  return hi > lo ? hi - lo : 1;
}

/** A value as the status line shows it: integers exactly, floats with 4 significant digits. */
export function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
}

/** A layer as the status line needs it. */
export interface StatusLayer {
  name: string;
  role: 'image' | 'labels' | 'prediction';
  volume: Pick<Volume, 'data' | 'notes'>;
}

/**
 * The status line for voxel `vox`: voxel indices, world mm (omitted for flat 2-D images),
 * every image's intensity, and the label / prediction value with its name.
 */
export function statusLine(vox: readonly number[], dims: readonly number[], affine: readonly number[] | undefined,
  layers: readonly StatusLayer[], table: LabelTable | undefined): string {
  const idx = voxelIndex(dims, vox);
  const parts = [`voxel (${vox.join(', ')})`];
  if (affine) parts.push(`${voxelToWorld(affine, vox).map((x) => x.toFixed(1)).join(', ')} mm`);
  for (const l of layers) {
    const val = l.volume.data[idx];
    if (l.role === 'image') { parts.push(`${l.name} ${formatValue(val)}`); continue; }
    const named = table?.labels.find((x) => x.value === val)?.name;
    parts.push(`${l.role === 'labels' ? 'label' : 'prediction'} ${formatValue(val)}${named ? ` ${named}` : ''}`);
  }
  const notes = layers.flatMap((l) => l.volume.notes ?? []);
  return parts.join(' · ') + (notes.length ? `  (${notes.join('; ')})` : '');
}
