/**
 * Which voxels a 2-D view shows and how they map to screen pixels, for a volume in
 * RAS-canonical orientation (i → Right, j → Anterior, k → Superior, see `toCanonicalRAS`).
 *
 * Screen convention: slice pixel (u, v), u = column from the left, v = row from the top.
 * Radiological display (the default, as ITK-SNAP and 3D Slicer): the patient's right is on
 * the screen's left in axial and coronal views; anterior is on the left in sagittal views;
 * anterior / superior are up. 2-D images (`plane: 'image'`) are shown exactly as stored:
 * column i left to right, row j top to bottom (row 0 on top, like the JPEG they came from).
 */

/** A view plane. `image` is the identity view of a 2-D image. */
export type SlicePlane = 'axial' | 'coronal' | 'sagittal' | 'image';

/** The three anatomical planes, in display order. */
export const ANATOMICAL_PLANES: readonly SlicePlane[] = ['axial', 'coronal', 'sagittal'];

/** How a plane maps slice pixels to voxels; every index computation goes through it. */
export interface SliceGeometry {
  plane: SlicePlane;
  /** Slice width and height in pixels. */
  width: number;
  height: number;
  /** Number of slices along the normal axis. */
  depth: number;
  /** Volume axis shown horizontally, vertically, and the normal axis (0 = i, 1 = j, 2 = k). */
  axisU: 0 | 1 | 2;
  axisV: 0 | 1 | 2;
  axisN: 0 | 1 | 2;
  /** Whether u / v run against the voxel axis (u = 0 is the axis' last voxel). */
  flipU: boolean;
  flipV: boolean;
  /** Physical size of a slice pixel in mm, horizontally and vertically (for aspect ratio). */
  pixelWidthMm: number;
  pixelHeightMm: number;
  /** Linear-index strides of the three volume axes. */
  strides: [number, number, number];
}

/** Orientation letters shown at the four edges of a view. */
export interface OrientationLabels {
  left: string;
  right: string;
  top: string;
  bottom: string;
}

const AXES: Record<Exclude<SlicePlane, 'image'>, [0 | 1 | 2, 0 | 1 | 2, 0 | 1 | 2]> = {
  axial: [0, 1, 2],
  coronal: [0, 2, 1],
  sagittal: [1, 2, 0],
};

/** Geometry of `plane` for a volume of `dims` / `spacing` (radiological unless told otherwise). */
export function sliceGeometry(dims: readonly number[], spacing: readonly number[], plane: SlicePlane, radiological = true): SliceGeometry {
  const n = [dims[0] ?? 1, dims[1] ?? 1, dims[2] ?? 1];
  const sp = [Math.abs(spacing[0] ?? 1) || 1, Math.abs(spacing[1] ?? 1) || 1, Math.abs(spacing[2] ?? 1) || 1];
  const strides: [number, number, number] = [1, n[0], n[0] * n[1]];
  if (plane === 'image') {
    return {
      plane, width: n[0], height: n[1], depth: n[2], axisU: 0, axisV: 1, axisN: 2, flipU: false, flipV: false,
      pixelWidthMm: sp[0], pixelHeightMm: sp[1], strides,
    };
  }
  const [axisU, axisV, axisN] = AXES[plane];
  // Up is always the positive direction (A or S), so v runs against the axis.
  // Horizontally: radiological puts R (+i) on the left for axial/coronal, A (+j) on the left for sagittal.
  const flipU = plane === 'sagittal' ? true : radiological;
  return {
    plane, width: n[axisU], height: n[axisV], depth: n[axisN], axisU, axisV, axisN, flipU, flipV: true,
    pixelWidthMm: sp[axisU], pixelHeightMm: sp[axisV], strides,
  };
}

/** Voxel (i, j, k) shown at slice pixel (u, v) of slice `index`. */
export function sliceToVoxel(g: SliceGeometry, u: number, v: number, index: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  out[g.axisU] = g.flipU ? g.width - 1 - u : u;
  out[g.axisV] = g.flipV ? g.height - 1 - v : v;
  out[g.axisN] = index;
  return out;
}

/** Slice pixel (u, v) and slice index where voxel (i, j, k) is shown. */
export function voxelToSlice(g: SliceGeometry, voxel: readonly number[]): { u: number; v: number; index: number } {
  const a = voxel[g.axisU], b = voxel[g.axisV];
  return { u: g.flipU ? g.width - 1 - a : a, v: g.flipV ? g.height - 1 - b : b, index: voxel[g.axisN] };
}

/** Linear index of the voxel at slice pixel (0, 0) and the steps per u and per v: the renderer's inner loop. */
export function sliceWalk(g: SliceGeometry, index: number): { start: number; stepU: number; stepV: number } {
  const su = g.strides[g.axisU], sv = g.strides[g.axisV], sn = g.strides[g.axisN];
  return {
    start: (g.flipU ? (g.width - 1) * su : 0) + (g.flipV ? (g.height - 1) * sv : 0) + index * sn,
    stepU: g.flipU ? -su : su,
    stepV: g.flipV ? -sv : sv,
  };
}

/** Letters at the edges of a view: R/L, A/P, S/I (none for 2-D images, whose orientation is unknown). */
export function orientationLabels(g: SliceGeometry): OrientationLabels {
  const pos = ['R', 'A', 'S'], neg = ['L', 'P', 'I'];
  if (g.plane === 'image') return { left: '', right: '', top: '', bottom: '' };
  const uPos = pos[g.axisU], uNeg = neg[g.axisU], vPos = pos[g.axisV], vNeg = neg[g.axisV];
  return {
    left: g.flipU ? uPos : uNeg,
    right: g.flipU ? uNeg : uPos,
    top: g.flipV ? vPos : vNeg,
    bottom: g.flipV ? vNeg : vPos,
  };
}

/** World coordinates (mm, RAS) of voxel (i, j, k) through a row-major 4×4 affine. */
export function voxelToWorld(affine: readonly number[], voxel: readonly number[]): [number, number, number] {
  const [i, j, k] = voxel;
  return [
    affine[0] * i + affine[1] * j + affine[2] * k + affine[3],
    affine[4] * i + affine[5] * j + affine[6] * k + affine[7],
    affine[8] * i + affine[9] * j + affine[10] * k + affine[11],
  ];
}

/** Linear index of voxel (i, j, k) in a volume of `dims` (first frame of 4-D data). */
export function voxelIndex(dims: readonly number[], voxel: readonly number[]): number {
  return voxel[0] + dims[0] * (voxel[1] + dims[1] * voxel[2]);
}
