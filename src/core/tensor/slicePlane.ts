/**
 * N-d → 2-D: picks two display axes of a tensor (rows, columns) and fixes an index on
 * every other axis, optionally reading only a window and/or every k-th element
 * (downsampling for the heatmap; a full-resolution window for the virtual table).
 *
 * Tensors of rank < 2 are viewed as `[1, n]` (or `[1, 1]`), so every tensor has a plane.
 */
import { MedSegError } from '../util/MedSegError';
import { NdArray } from '../volume/NdArray';
import { numericData, stridesOf } from './numericData';

/** Which plane of the tensor to show. */
export interface PlaneSpec {
  /** Axis of the view shape shown as rows. */
  rowAxis: number;
  /** Axis of the view shape shown as columns. */
  colAxis: number;
  /** One index per axis of the view shape; entries at rowAxis/colAxis are ignored. */
  indices: number[];
}

/** Window and sampling of a plane read (all in full-resolution plane coordinates). */
export interface PlaneWindow {
  row0?: number;
  col0?: number;
  /** Rows/cols of the window before sampling (default: to the end). */
  rows?: number;
  cols?: number;
  /** Take every `rowStep`-th row / `colStep`-th column (default 1). */
  rowStep?: number;
  colStep?: number;
}

/** A 2-D plane of values, row-major. */
export interface Plane {
  rows: number;
  cols: number;
  /** Full-resolution plane coordinate of `values[0]`. */
  row0: number;
  col0: number;
  rowStep: number;
  colStep: number;
  values: Float64Array;
}

/** The shape the inspector slices: rank ≥ 2 (rank 0/1 gain leading 1s). */
export function viewShape(shape: readonly number[]): number[] {
  if (shape.length >= 2) return [...shape];
  return shape.length === 1 ? [1, shape[0]!] : [1, 1];
}

/** Checks a spec against a view shape, clamping indices; throws on bad axes. */
export function normalizeSpec(shape: readonly number[], spec: PlaneSpec): PlaneSpec {
  const vs = viewShape(shape);
  const nd = vs.length;
  const ok = (a: number): boolean => Number.isInteger(a) && a >= 0 && a < nd;
  if (!ok(spec.rowAxis) || !ok(spec.colAxis) || spec.rowAxis === spec.colAxis) {
    throw new MedSegError('bad-plane', `display axes (${spec.rowAxis}, ${spec.colAxis}) are invalid for a ${nd}-d view`);
  }
  const indices = vs.map((n, a) => Math.min(n - 1, Math.max(0, Math.trunc(spec.indices[a] ?? 0))));
  return { rowAxis: spec.rowAxis, colAxis: spec.colAxis, indices };
}

/** Reads a plane (or a window/sample of it) of `arr` as float64. */
export function extractPlane(arr: NdArray, spec: PlaneSpec, win: PlaneWindow = {}): Plane {
  const s = normalizeSpec(arr.shape, spec);
  const vs = viewShape(arr.shape);
  // Strides of the view: a leading singleton axis never moves the offset.
  const base = stridesOf({ shape: arr.shape, fortranOrder: arr.fortranOrder });
  const strides = arr.shape.length >= 2 ? base : arr.shape.length === 1 ? [0, 1] : [0, 0];
  const nR = vs[s.rowAxis]!, nC = vs[s.colAxis]!;
  const row0 = clampInt(win.row0 ?? 0, 0, nR), col0 = clampInt(win.col0 ?? 0, 0, nC);
  const rowStep = Math.max(1, Math.trunc(win.rowStep ?? 1)), colStep = Math.max(1, Math.trunc(win.colStep ?? 1));
  const rEnd = Math.min(nR, row0 + (win.rows ?? nR)), cEnd = Math.min(nC, col0 + (win.cols ?? nC));
  const rows = Math.max(0, Math.ceil((rEnd - row0) / rowStep)), cols = Math.max(0, Math.ceil((cEnd - col0) / colStep));
  let offset = 0;
  for (let a = 0; a < vs.length; a++) if (a !== s.rowAxis && a !== s.colAxis) offset += s.indices[a]! * strides[a]!;
  const sr = strides[s.rowAxis]!, sc = strides[s.colAxis]!;
  const data = numericData(arr.data);
  const values = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const rowOff = offset + (row0 + r * rowStep) * sr;
    for (let c = 0; c < cols; c++) values[r * cols + c] = data[rowOff + (col0 + c * colStep) * sc]!;
  }
  return { rows, cols, row0, col0, rowStep, colStep, values };
}

/** The smallest integer step so that `ceil(n / step) <= maxSide`. */
export function stepFor(n: number, maxSide: number): number {
  return Math.max(1, Math.ceil(n / Math.max(1, maxSide)));
}

/**
 * Per-axis integer steps so that the strided tensor has at most `maxElements` items:
 * the largest axis is halved first, so thin axes (channels, batch) are kept whole as long
 * as possible. Used to downsample huge debugger tensors before they cross the wire.
 */
export function downsampleSteps(shape: readonly number[], maxElements: number): number[] {
  const steps = shape.map(() => 1);
  const extent = (a: number): number => Math.ceil(shape[a]! / steps[a]!);
  const total = (): number => shape.reduce((p, _n, a) => p * extent(a), 1);
  while (total() > maxElements) {
    let best = -1;
    for (let a = 0; a < shape.length; a++) if (extent(a) > 1 && (best < 0 || extent(a) > extent(best))) best = a;
    if (best < 0) break;
    steps[best] = steps[best]! * 2;
  }
  return steps;
}

function clampInt(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.trunc(v)));
}
