import type { Volume } from '../volume/Volume';
import { MedSegError } from '../util/MedSegError';
import type { Sample2D } from './Sample2D';

/**
 * Axial slice extraction: one Sample2D per k-index of 3-D volumes (one volume per modality,
 * stacked as channels, plus an optional segmentation).
 *
 * Orientation: the slice keeps voxel order, `image[(j * X + i) * C + c] = vol[i, j, k]`, so
 * x = i and y = j. Nothing is flipped for display: training and inference use the same
 * function, and predictions go back into the volume by {@link insertAxialSlice} without any
 * orientation bookkeeping.
 */
export interface AxialSliceOptions {
  /** Segmentation volume with the same first three dims; becomes `mask`. */
  seg?: Volume;
  /** Identifier prefix; the slice id is `${idPrefix}_z${k}`. */
  idPrefix?: string;
}

function checkSameGrid(vols: readonly Volume[]): void {
  if (vols.length === 0) throw new MedSegError('bad-volume', 'extractAxialSlice: at least one image volume is needed');
  const d = vols[0].dims;
  if (d.length < 3) throw new MedSegError('bad-volume', `extractAxialSlice: volume has ${d.length} dims, expected >= 3`);
  for (const v of vols) {
    if (v.dims[0] !== d[0] || v.dims[1] !== d[1] || v.dims[2] !== d[2]) {
      throw new MedSegError('bad-volume', `volumes disagree in shape: ${d.slice(0, 3).join('×')} vs ${v.dims.slice(0, 3).join('×')}`);
    }
  }
}

/** Slice `k` of `channels` (and optionally of `opts.seg`) as a Sample2D. */
export function extractAxialSlice(channels: readonly Volume[], k: number, opts: AxialSliceOptions = {}): Sample2D {
  const all = opts.seg ? [...channels, opts.seg] : [...channels];
  checkSameGrid(all);
  const [X, Y, Z] = channels[0].dims;
  if (!Number.isInteger(k) || k < 0 || k >= Z) throw new MedSegError('bad-slice', `slice ${k} outside 0..${Z - 1}`);
  const C = channels.length;
  const n = X * Y;
  const base = k * n;
  const image = new Float32Array(n * C);
  for (let c = 0; c < C; c++) {
    const d = channels[c].data;
    for (let i = 0; i < n; i++) image[i * C + c] = d[base + i];
  }
  const s: Sample2D = {
    id: `${opts.idPrefix ?? 'vol'}_z${k}`, image, width: X, height: Y, channels: C,
    spacing: [channels[0].spacing[0] ?? 1, channels[0].spacing[1] ?? 1],
  };
  if (opts.seg) {
    const m = new Uint8Array(n);
    const d = opts.seg.data;
    for (let i = 0; i < n; i++) {
      const v = d[base + i];
      if (v < 0 || v > 255 || !Number.isInteger(v)) throw new MedSegError('bad-label', `segmentation value ${v} at slice ${k} is not a label 0..255`);
      m[i] = v;
    }
    s.mask = m;
  }
  return s;
}

/** Writes an X×Y map into slice k of an X×Y×Z typed array (the inverse of extraction). */
export function insertAxialSlice(target: { [i: number]: number; length: number }, dims: readonly number[], k: number, slice: ArrayLike<number>): void {
  const n = dims[0] * dims[1];
  if (slice.length !== n) throw new MedSegError('bad-slice', `slice has ${slice.length} voxels, expected ${n}`);
  for (let i = 0; i < n; i++) target[k * n + i] = slice[i];
}
