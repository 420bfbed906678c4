import { gzipSync } from 'fflate';
import type { SourceDtype, Volume, VolumeData } from '../volume/Volume';
import { voxelCount } from '../volume/Volume';
import { MedSegError } from '../util/MedSegError';
import { affineToQuatern } from './niftiAffine';
import { niftiDatatypeCode } from './niftiDatatypes';

/** Data types `writeNifti` can store. */
export type NiftiWriteDtype = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

/** Options for {@link writeNifti}. */
export interface WriteNiftiOptions {
  /** gzip the result (`.nii.gz`); default true. */
  gzip?: boolean;
  /** On-disk type; default: the source type when scaling can be undone exactly, else the data's own type. */
  datatype?: NiftiWriteDtype;
  /** gzip level 0–9 (default 4: most of level 6's size at about half the time). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** Text for the 80-byte `descrip` field. */
  description?: string;
}

const RANGES: Record<NiftiWriteDtype, [number, number] | null> = {
  uint8: [0, 255], int8: [-128, 127], uint16: [0, 65535], int16: [-32768, 32767],
  uint32: [0, 4294967295], int32: [-2147483648, 2147483647], float32: null, float64: null,
};

function arrayDtype(d: VolumeData): NiftiWriteDtype {
  if (d instanceof Uint8Array) return 'uint8';
  if (d instanceof Int8Array) return 'int8';
  if (d instanceof Uint16Array) return 'uint16';
  if (d instanceof Int16Array) return 'int16';
  if (d instanceof Uint32Array) return 'uint32';
  if (d instanceof Int32Array) return 'int32';
  if (d instanceof Float32Array) return 'float32';
  return 'float64';
}

function makeArray(t: NiftiWriteDtype, buf: ArrayBuffer, off: number, n: number): VolumeData {
  switch (t) {
    case 'uint8': return new Uint8Array(buf, off, n);
    case 'int8': return new Int8Array(buf, off, n);
    case 'uint16': return new Uint16Array(buf, off, n);
    case 'int16': return new Int16Array(buf, off, n);
    case 'uint32': return new Uint32Array(buf, off, n);
    case 'int32': return new Int32Array(buf, off, n);
    case 'float32': return new Float32Array(buf, off, n);
    case 'float64': return new Float64Array(buf, off, n);
  }
}

const isWritable = (s: SourceDtype): s is NiftiWriteDtype => s in RANGES;

/**
 * Encodes a Volume as a single-file NIfTI-1 (`.nii`, gzipped by default). The affine is
 * stored both as sform and as qform (the qform is its nearest rigid+zoom form), with the
 * source's codes when it had them, so masks and predictions open aligned with their image in
 * any viewer. When the volume was scaled on reading and is stored back as an integer type,
 * scl_slope/scl_inter are restored and the raw values rounded.
 */
export function writeNifti(vol: Volume, opts: WriteNiftiOptions = {}): Uint8Array {
  const n = voxelCount(vol.dims);
  if (vol.dims.length > 7 || vol.dims.length < 1) throw new MedSegError('bad-dims', `cannot write ${vol.dims.length}-D data as NIfTI-1 (1..7 axes)`);
  if (vol.data.length !== n) throw new MedSegError('bad-dims', `data has ${vol.data.length} values, dims ${vol.dims.join('×')} need ${n}`);
  const restore = vol.scaling.applied && isWritable(vol.sourceDtype) && RANGES[vol.sourceDtype] !== null;
  const dtype: NiftiWriteDtype = opts.datatype ?? (restore ? (vol.sourceDtype as NiftiWriteDtype) : arrayDtype(vol.data));
  const code = niftiDatatypeCode(dtype);
  if (code === undefined) throw new MedSegError('unsupported-datatype', `cannot write datatype ${String(dtype)}`);
  const range = RANGES[dtype];
  const unscale = restore && range !== null;
  const slope = unscale ? vol.scaling.slope : 1;
  const inter = unscale ? vol.scaling.inter : 0;
  const bpv = makeArray(dtype, new ArrayBuffer(8), 0, 1).BYTES_PER_ELEMENT;

  const out = new Uint8Array(352 + n * bpv);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, 348, true);
  out[38] = 'r'.charCodeAt(0); // "regular", as nibabel writes it
  dv.setInt16(40, vol.dims.length, true);
  vol.dims.forEach((d, i) => dv.setInt16(42 + 2 * i, d, true));
  for (let i = vol.dims.length; i < 7; i++) dv.setInt16(42 + 2 * i, 1, true);
  dv.setInt16(70, code, true);
  dv.setInt16(72, bpv * 8, true);
  const aff = vol.affine;
  const q = affineToQuatern(aff);
  dv.setFloat32(76, q.qfac, true);
  for (let i = 0; i < 7; i++) dv.setFloat32(80 + 4 * i, i < 3 ? q.zooms[i] : (vol.spacing[i] ?? 1), true);
  dv.setFloat32(108, 352, true);
  dv.setFloat32(112, slope, true);
  dv.setFloat32(116, inter, true);
  out[123] = 2 | 8; // mm, seconds
  const descr = (opts.description ?? 'MedSeg Lab').slice(0, 79);
  for (let i = 0; i < descr.length; i++) out[148 + i] = descr.charCodeAt(i) & 0x7f;
  const meta = vol.meta ?? {};
  const num = (k: string): number => (typeof meta[k] === 'number' ? (meta[k] as number) : 0);
  const fromPixdim = meta.affineSource === 'pixdim';
  const sformCode = num('sformCode') > 0 ? num('sformCode') : num('qformCode') > 0 ? num('qformCode') : fromPixdim ? 0 : 2;
  const qformCode = num('qformCode') > 0 ? num('qformCode') : sformCode;
  dv.setInt16(252, qformCode, true);
  dv.setInt16(254, sformCode, true);
  q.quatern.forEach((x, i) => dv.setFloat32(256 + 4 * i, x, true));
  q.offset.forEach((x, i) => dv.setFloat32(268 + 4 * i, x, true));
  for (let i = 0; i < 12; i++) dv.setFloat32(280 + 4 * i, aff[i], true);
  out.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"; extension bytes 348..351 stay 0

  const dst = makeArray(dtype, out.buffer, 352, n);
  const src = vol.data;
  if (range === null) {
    dst.set(src);
  } else {
    const [lo, hi] = range;
    for (let i = 0; i < n; i++) {
      let v = (src[i] - inter) / slope;
      v = Math.round(v);
      dst[i] = v < lo ? lo : v > hi ? hi : Number.isNaN(v) ? 0 : v;
    }
  }
  return opts.gzip === false ? out : gzipSync(out, { level: opts.level ?? 4 });
}
