/**
 * An N-dimensional array as NumPy sees it: C order (last axis fastest) unless
 * `fortranOrder`. Used for .npy/.npz, .mat variables, checkpoint weights, activations
 * and debugger values. Volumes (NIfTI order) are a separate contract (Volume.ts).
 */
export interface NdArray {
  /** Values; bool is stored as Uint8Array, int64/uint64 as Float64Array (noted in `dtype`). */
  data: NdData;
  /** Extent per axis, slowest first for C order (NumPy's `shape`). */
  shape: number[];
  /** Source dtype name in NumPy spelling: `float32`, `int64`, `bool`, `complex64`… */
  dtype: string;
  /** True when `data` is laid out column-major (Fortran / MATLAB order). */
  fortranOrder?: boolean;
}

/** Typed arrays an NdArray may hold. */
export type NdData =
  | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array
  | BigInt64Array | BigUint64Array;

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
