import type { Affine } from '../volume/Volume';
import { affineFromSpacing } from '../volume/Volume';
import type { NiftiHeader } from './niftiHeader';

/** Where a NIfTI affine came from (the NIfTI standard's methods 3, 2 and 1). */
export type AffineSource = 'sform' | 'qform' | 'pixdim';

/** Voxel size along the first three axes: |pixdim|, 1 where zero or not finite. */
function zooms(h: NiftiHeader): [number, number, number] {
  const z = [1, 2, 3].map((i) => {
    const p = Math.abs(h.pixdim[i]);
    return Number.isFinite(p) && p > 0 ? p : 1;
  });
  return [z[0], z[1], z[2]];
}

/** The qform (method 2) affine from quaternion, qfac, pixdim and offsets, as nifti1_io computes it. */
export function qformAffine(h: NiftiHeader): Affine {
  let [b, c, d] = h.quatern;
  let a2 = 1 - (b * b + c * c + d * d);
  if (a2 < 1e-7) {
    // Not a unit quaternion: nifti1_io renormalises (b, c, d) and uses a = 0 (a 180° rotation).
    const n = Math.sqrt(b * b + c * c + d * d) || 1;
    b /= n; c /= n; d /= n; a2 = 0;
  }
  const a = Math.sqrt(a2);
  const [dx, dy, dzAbs] = zooms(h);
  const dz = h.pixdim[0] < 0 ? -dzAbs : dzAbs;
  const r = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const [ox, oy, oz] = h.qoffset;
  return [
    r[0][0] * dx, r[0][1] * dy, r[0][2] * dz, ox,
    r[1][0] * dx, r[1][1] * dy, r[1][2] * dz, oy,
    r[2][0] * dx, r[2][1] * dy, r[2][2] * dz, oz,
    0, 0, 0, 1,
  ];
}

/**
 * The voxel → RAS+ affine by the NIfTI rules: sform when sform_code > 0, else qform when
 * qform_code > 0, else pixdim scaling (method 1). Note nibabel's own last-resort fallback
 * differs (it centres the volume and flips x); we follow the standard.
 */
export function niftiAffine(h: NiftiHeader): { affine: Affine; source: AffineSource } {
  if (h.sformCode > 0 && h.srow.every(Number.isFinite)) return { affine: [...h.srow, 0, 0, 0, 1], source: 'sform' };
  if (h.qformCode > 0 && [...h.quatern, ...h.qoffset].every(Number.isFinite)) return { affine: qformAffine(h), source: 'qform' };
  return { affine: affineFromSpacing(zooms(h)), source: 'pixdim' };
}

/**
 * Splits an affine into a NIfTI quaternion, qfac, voxel sizes and offset (nifti1_io's
 * `mat44_to_quatern`). Shear is dropped by orthogonalising the rotation (polar decomposition).
 */
export function affineToQuatern(aff: Affine): { quatern: [number, number, number]; qfac: 1 | -1; zooms: [number, number, number]; offset: [number, number, number] } {
  const col = (j: number): number[] => [aff[j], aff[4 + j], aff[8 + j]];
  const cols = [col(0), col(1), col(2)];
  const zs = cols.map((c) => Math.hypot(c[0], c[1], c[2]) || 1);
  // Rotation (rows) with unit columns, then orthogonalised.
  let m = [0, 1, 2].map((i) => [0, 1, 2].map((j) => cols[j][i] / zs[j]));
  m = orthogonalise(m);
  const det = det3(m);
  let qfac: 1 | -1 = 1;
  if (det < 0) {
    qfac = -1;
    for (let i = 0; i < 3; i++) m[i][2] = -m[i][2];
  }
  const [r11, r12, r13] = m[0];
  const [r21, r22, r23] = m[1];
  const [r31, r32, r33] = m[2];
  let a = r11 + r22 + r33 + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = 0.25 * (r32 - r23) / a; c = 0.25 * (r13 - r31) / a; d = 0.25 * (r21 - r12) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33), yd = 1 + r22 - (r11 + r33), zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd); c = 0.25 * (r12 + r21) / b; d = 0.25 * (r13 + r31) / b; a = 0.25 * (r32 - r23) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd); b = 0.25 * (r12 + r21) / c; d = 0.25 * (r23 + r32) / c; a = 0.25 * (r13 - r31) / c;
    } else {
      d = 0.5 * Math.sqrt(zd); b = 0.25 * (r13 + r31) / d; c = 0.25 * (r23 + r32) / d; a = 0.25 * (r21 - r12) / d;
    }
    if (a < 0) { b = -b; c = -c; d = -d; }
  }
  return { quatern: [b, c, d], qfac, zooms: [zs[0], zs[1], zs[2]], offset: [aff[3], aff[7], aff[11]] };
}

/** Determinant of a 3×3 matrix given as rows. */
export function det3(m: number[][]): number {
  return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
    - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
    + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

/** Closest orthogonal matrix (polar factor) by Newton iteration R ← (R + R⁻ᵀ)/2; returns the input when singular. */
export function orthogonalise(m: number[][]): number[][] {
  let r = m.map((row) => [...row]);
  for (let it = 0; it < 30; it++) {
    const d = det3(r);
    if (!Number.isFinite(d) || Math.abs(d) < 1e-12) return m.map((row) => [...row]);
    // Inverse transpose = cofactor matrix / det.
    const cof = [
      [r[1][1] * r[2][2] - r[1][2] * r[2][1], r[1][2] * r[2][0] - r[1][0] * r[2][2], r[1][0] * r[2][1] - r[1][1] * r[2][0]],
      [r[0][2] * r[2][1] - r[0][1] * r[2][2], r[0][0] * r[2][2] - r[0][2] * r[2][0], r[0][1] * r[2][0] - r[0][0] * r[2][1]],
      [r[0][1] * r[1][2] - r[0][2] * r[1][1], r[0][2] * r[1][0] - r[0][0] * r[1][2], r[0][0] * r[1][1] - r[0][1] * r[1][0]],
    ];
    let delta = 0;
    const next = r.map((row, i) => row.map((x, j) => {
      const y = 0.5 * (x + cof[i][j] / d);
      delta = Math.max(delta, Math.abs(y - x));
      return y;
    }));
    r = next;
    if (delta < 1e-12) break;
  }
  return r;
}
