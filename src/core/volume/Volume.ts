/**
 * The one contract every reader returns and every consumer (viewer, training,
 * inspector, writers) relies on.
 *
 * - **Axis order.** `dims` lists the extent of each axis, fastest-varying first, the
 *   NIfTI convention: voxel (i, j, k, t) lives at `data[i + dims[0]*(j + dims[1]*(k + dims[2]*t))]`.
 *   For 2-D images `dims = [width, height, 1]` with i = column (x) and j = row (y),
 *   row 0 being the top row as the image is shown (MATLAB's `imshow`, a PNG's first row).
 *   Extra axes (time, modality, complex parts already folded) follow k.
 * - **Spacing.** `spacing[a]` is the voxel size along axis a in millimetres (1 when unknown).
 * - **Affine.** `affine` is a row-major 4×4 matrix mapping voxel (i, j, k, 1) to world
 *   (x, y, z, 1) in RAS+ millimetres, as nibabel's `img.affine`.
 * - **Data type.** `data` holds the values *after* intensity scaling (NIfTI `scl_slope`/
 *   `scl_inter`): Float32Array when scaling applied or the source was float, else the
 *   narrowest typed array that holds the source type. `sourceDtype` records the on-disk type
 *   and `scaling` what was applied, so writers can restore it.
 */
export interface Volume {
  /** Voxel values, fastest axis first (see the contract above). */
  data: VolumeData;
  /** Extent of each axis; at least 3 entries (2-D images have a trailing 1). */
  dims: number[];
  /** Voxel size in mm per axis (same length as `dims`; 1 where unknown). */
  spacing: number[];
  /** Row-major 4×4 voxel → world (RAS+, mm) matrix. */
  affine: Affine;
  /** Name of the on-disk data type, e.g. `int16`, `float32`, `rgb24`, `complex64`. */
  sourceDtype: SourceDtype;
  /** Intensity scaling applied while reading (`value = raw * slope + inter`); identity when none. */
  scaling: { slope: number; inter: number; applied: boolean };
  /** Human notes a UI should show, e.g. "complex64 shown as magnitude". */
  notes?: string[];
  /** Free-form metadata the reader found (NIfTI description, figshare label/PID...). */
  meta?: Record<string, string | number | boolean>;
}

/** Typed arrays a Volume may hold. Never `number[]`: volumes cross to webviews as typed arrays. */
export type VolumeData =
  | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** On-disk data types known to the readers. */
export type SourceDtype =
  | 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64'
  | 'rgb24' | 'rgba32' | 'complex64' | 'complex128' | 'bool' | 'int64' | 'uint64';

/** Row-major 4×4 matrix as 16 numbers. */
export type Affine = number[];

/** Identity affine scaled by `spacing` (the pixdim fallback). */
export function affineFromSpacing(spacing: readonly number[]): Affine {
  const [sx = 1, sy = 1, sz = 1] = spacing;
  return [sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, sz, 0, 0, 0, 0, 1];
}

/** Number of voxels in the volume. */
export function voxelCount(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Builds a 2-D image volume (dims `[w, h, 1]`, 1 mm, identity affine). `data` is row-major, row 0 on top. */
export function image2d(data: VolumeData, width: number, height: number, sourceDtype: SourceDtype, meta?: Volume['meta']): Volume {
  return {
    data, dims: [width, height, 1], spacing: [1, 1, 1], affine: affineFromSpacing([1, 1, 1]), sourceDtype,
    scaling: { slope: 1, inter: 0, applied: false }, meta,
  };
}
