import type { Volume, VolumeData } from '../volume/Volume';
import { orthogonalise } from './niftiAffine';

/** Per voxel axis: the world axis (0 = R, 1 = A, 2 = S) it runs along and its direction (+1/−1). */
export type Orientation = Array<[axis: number, flip: 1 | -1]>;

/**
 * nibabel's `io_orientation`: the closest world axis to each of the first three voxel axes,
 * from the affine's rotation part with zooms and shear removed (polar decomposition).
 */
export function ioOrientation(affine: readonly number[]): Orientation {
  const rzs = [0, 1, 2].map((i) => [0, 1, 2].map((j) => affine[4 * i + j]));
  const zooms = [0, 1, 2].map((j) => Math.hypot(rzs[0][j], rzs[1][j], rzs[2][j]) || 1);
  const r = orthogonalise(rzs.map((row) => row.map((x, j) => x / zooms[j])));
  const ornt: Array<[number, 1 | -1] | undefined> = [undefined, undefined, undefined];
  for (let inAx = 0; inAx < 3; inAx++) {
    const col = [r[0][inAx], r[1][inAx], r[2][inAx]];
    let best = -1;
    for (let o = 0; o < 3; o++) if (Math.abs(col[o]) > 1e-9 && (best < 0 || Math.abs(col[o]) > Math.abs(col[best]))) best = o;
    if (best < 0) continue;
    ornt[inAx] = [best, col[best] < 0 ? -1 : 1];
    for (let j = 0; j < 3; j++) r[best][j] = 0; // each world axis is used once
  }
  // Degenerate (zero) columns get whatever world axes are left, unflipped.
  const free = [0, 1, 2].filter((o) => !ornt.some((x) => x?.[0] === o));
  return ornt.map((x) => x ?? [free.shift() as number, 1]);
}

/** The dims (and spacing) a volume has after {@link toCanonicalRAS}: the first three axes permuted, the rest kept. */
export function canonicalDims(dims: readonly number[], affine: readonly number[], spacing: readonly number[] = dims.map(() => 1)): { dims: number[]; spacing: number[] } {
  const ornt = ioOrientation(affine);
  const newDims = [...dims];
  const newSpacing = [...spacing];
  ornt.forEach(([a], i) => { newDims[a] = dims[i]; newSpacing[a] = spacing[i]; });
  return { dims: newDims, spacing: newSpacing };
}

/**
 * Reorients a volume to the closest RAS+ voxel order, like nibabel's `as_closest_canonical`:
 * axes are permuted/flipped (never resampled) so axis 0 runs left→Right, 1 posterior→Anterior,
 * 2 inferior→Superior; the affine and spacing follow so every voxel keeps its world position.
 * Axes after the third are kept. Returns the input itself when it already is canonical.
 * `reuse`: the caller owns `vol.data` and gives it up: axes that are only flipped (BraTS:
 * LPS → RAS) are reversed in place instead of into a new array.
 */
export function toCanonicalRAS(vol: Volume, opts: { reuse?: boolean } = {}): Volume {
  const ornt = ioOrientation(vol.affine);
  if (ornt.every(([a, f], i) => a === i && f === 1)) return vol;
  const [d0, d1, d2] = vol.dims;
  const rest = vol.dims.slice(3).reduce((a, b) => a * b, 1);
  const { dims: newDims, spacing: newSpacing } = canonicalDims(vol.dims, vol.affine, vol.spacing);
  // Old voxel index along axis i = f>0 ? n[a] : dims[i]-1-n[a]; as a matrix M (old = M·new + c).
  const m = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const c = [0, 0, 0];
  ornt.forEach(([a, f], i) => { m[i][a] = f; if (f < 0) c[i] = vol.dims[i] - 1; });
  const A = vol.affine;
  const affine = new Array<number>(16).fill(0);
  for (let r = 0; r < 4; r++) {
    for (let k = 0; k < 3; k++) affine[4 * r + k] = A[4 * r] * m[0][k] + A[4 * r + 1] * m[1][k] + A[4 * r + 2] * m[2][k];
    affine[4 * r + 3] = A[4 * r] * c[0] + A[4 * r + 1] * c[1] + A[4 * r + 2] * c[2] + A[4 * r + 3];
  }
  // Old strides per old axis, then the step in the old array for +1 along each new axis.
  const oldStride = [1, d0, d0 * d1];
  const step = [0, 0, 0];
  let base = 0;
  ornt.forEach(([a, f], i) => { step[a] = f * oldStride[i]; if (f < 0) base += (vol.dims[i] - 1) * oldStride[i]; });
  const src = vol.data;
  if (ornt.every(([a], i) => a === i)) {
    const data = opts.reuse ? src : src.slice();
    flipInPlace(data, vol.dims, ornt.map(([, f]) => f < 0));
    return { ...vol, data, affine };
  }
  const out = new (src.constructor as new (n: number) => VolumeData)(src.length);
  const block = d0 * d1 * d2;
  const [n0, n1, n2] = newDims;
  const s0 = step[0];
  for (let t = 0; t < rest; t++) {
    const off = t * block;
    let o = off;
    for (let z = 0; z < n2; z++) {
      for (let y = 0; y < n1; y++) {
        let s = off + base + z * step[2] + y * step[1];
        if (step[0] === 1) {
          // Rows that keep their direction: a native copy instead of a per-voxel loop.
          out.set(src.subarray(s, s + n0), o);
          o += n0;
        } else {
          // Reversed rows (LPS → RAS, BraTS) or permuted axes: a plain loop, which for reversed rows is
          // about 4× faster than a copy + reverse per row once optimised.
          for (let x = 0; x < n0; x++, s += s0) out[o++] = src[s];
        }
      }
    }
  }
  return { ...vol, data: out, dims: newDims, spacing: newSpacing, affine };
}

/**
 * Reverses the flagged axes of `data` (x fastest) in place with native block reversals:
 * reversing each contiguous block that holds axes 0..k reverses all of them, so going down
 * from the outermost axis, a block reversal is needed where an axis's flag differs from the
 * parity of the reversals above it. LPS → RAS (x and y) is one reversal per z slice.
 */
function flipInPlace(data: VolumeData, dims: readonly number[], flip: readonly boolean[]): void {
  const block = [dims[0], dims[0] * dims[1], dims[0] * dims[1] * dims[2]];
  let parity = false;
  for (let k = 2; k >= 0; k--) {
    if (flip[k] === parity) continue;
    parity = !parity;
    const b = block[k];
    for (let off = 0; off + b <= data.length; off += b) data.subarray(off, off + b).reverse();
  }
}
