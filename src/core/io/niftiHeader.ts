import { NIFTI1, NIFTI2 } from 'nifti-reader-js';
import { MedSegError } from '../util/MedSegError';

/** Bytes needed to parse either header version (NIfTI-2 is the longer one). */
export const NIFTI_MAX_HEADER_BYTES = 540;

/** The NIfTI-1/NIfTI-2 header fields the readers and writers use, version-independent. */
export interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  /** `dim[0..7]`: dim[0] is the number of axes. */
  dim: number[];
  datatype: number;
  bitpix: number;
  /** `pixdim[0..7]`: pixdim[0] is qfac. */
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  qformCode: number;
  sformCode: number;
  /** Quaternion b, c, d. */
  quatern: [number, number, number];
  qoffset: [number, number, number];
  /** sform rows x, y, z (4 numbers each). */
  srow: number[];
  intentCode: number;
  xyztUnits: number;
  descrip: string;
  /** `n+1`/`n+2` (single file) or `ni1`/`ni2` (header/image pair). */
  magic: string;
  /** Byte length of the header itself (348 or 540). */
  headerSize: number;
}

/** Which header version and byte order `bytes` starts with, or null when neither. */
export function sniffNiftiHeader(bytes: Uint8Array): { version: 1 | 2; littleEndian: boolean } | null {
  if (bytes.length < 4) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, 4);
  for (const le of [true, false]) {
    const s = v.getInt32(0, le);
    if (s === 348) return { version: 1, littleEndian: le };
    if (s === 540) return { version: 2, littleEndian: le };
  }
  return null;
}

/** Up to the first NUL (nibabel's rule): nifti-reader-js skips NULs, gluing padding garbage onto strings. */
function cString(bytes: Uint8Array, start: number, len: number): string {
  let s = '';
  for (let i = start; i < start + len && i < bytes.length; i++) {
    if (bytes[i] === 0) break;
    s += String.fromCharCode(bytes[i]);
  }
  return s;
}

/**
 * The fields nifti-reader-js gets wrong or does not keep: NIfTI-1's raw `srow_*` (it keeps only
 * the affine of the method it picked, and prefers qform where nibabel prefers sform), and
 * big-endian NIfTI-2's 64-bit integers (it swaps the words but reads the low one signed).
 */
function ownFields(v: DataView, version: 1 | 2, le: boolean): { srow: number[]; dim?: number[]; voxOffset?: number } {
  if (version === 1) return { srow: Array.from({ length: 12 }, (_, i) => v.getFloat32(280 + 4 * i, le)) };
  const srow = Array.from({ length: 12 }, (_, i) => v.getFloat64(400 + 8 * i, le));
  if (le) return { srow };
  const i64 = (o: number): number => Number(v.getBigInt64(o, false));
  return { srow, dim: Array.from({ length: 8 }, (_, i) => i64(16 + 8 * i)), voxOffset: i64(168) };
}

/**
 * Parses a NIfTI-1 or NIfTI-2 header (either byte order) with nifti-reader-js, the reader NiiVue
 * uses; throws `MedSegError` on anything else. The library gets exactly the header's bytes (348 or
 * 540), so it never walks extensions that a prefix of a gzipped file may have cut short.
 */
export function parseNiftiHeader(bytes: Uint8Array, file: string): NiftiHeader {
  const sniff = sniffNiftiHeader(bytes);
  if (!sniff) throw new MedSegError('bad-magic', 'not a NIfTI file (sizeof_hdr is neither 348 nor 540)', file);
  const { version, littleEndian: le } = sniff;
  const size = version === 1 ? 348 : 540;
  if (bytes.length < size) throw new MedSegError('truncated', `NIfTI-${version} header needs ${size} bytes, got ${bytes.length}`, file);
  // A fresh buffer: the library views `.buffer` from offset 0, and a Node Buffer's `.slice` shares its pool.
  const own = new Uint8Array(size);
  own.set(bytes.subarray(0, size));
  const h = version === 1 ? new NIFTI1() : new NIFTI2();
  h.readHeader(own.buffer);
  // Our own C-string read: the library skips NULs, so NIfTI-2's 'n+2\0\r\n\x1a\n' would not compare.
  const magic = version === 1 ? cString(own, 344, 4) : cString(own, 4, 8);
  const expected = version === 1 ? ['n+1', 'ni1'] : ['n+2', 'ni2'];
  if (!expected.includes(magic)) {
    const analyze = version === 1 ? ' (plain Analyze 7.5 is not supported)' : '';
    throw new MedSegError('bad-magic', `NIfTI-${version} magic is '${magic}', expected '${expected[0]}' or '${expected[1]}'${analyze}`, file);
  }
  const fixed = ownFields(new DataView(own.buffer), version, le);
  return {
    version, littleEndian: h.littleEndian, headerSize: size, magic,
    dim: fixed.dim ?? h.dims.slice(0, 8), datatype: h.datatypeCode, bitpix: h.numBitsPerVoxel,
    pixdim: h.pixDims.slice(0, 8), voxOffset: fixed.voxOffset ?? h.vox_offset,
    sclSlope: h.scl_slope, sclInter: h.scl_inter,
    qformCode: h.qform_code, sformCode: h.sform_code,
    quatern: [h.quatern_b, h.quatern_c, h.quatern_d], qoffset: [h.qoffset_x, h.qoffset_y, h.qoffset_z],
    srow: fixed.srow, intentCode: h.intent_code, xyztUnits: h.xyzt_units,
    descrip: cString(own, version === 1 ? 148 : 240, 80),
  };
}
