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

function cString(bytes: Uint8Array, start: number, len: number): string {
  let s = '';
  for (let i = start; i < start + len && i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/** Parses a NIfTI-1 or NIfTI-2 header (either byte order); throws `MedSegError` on anything else. */
export function parseNiftiHeader(bytes: Uint8Array, file: string): NiftiHeader {
  const sniff = sniffNiftiHeader(bytes);
  if (!sniff) throw new MedSegError('bad-magic', 'not a NIfTI file (sizeof_hdr is neither 348 nor 540)', file);
  const { version, littleEndian: le } = sniff;
  const size = version === 1 ? 348 : 540;
  if (bytes.length < size) throw new MedSegError('truncated', `NIfTI-${version} header needs ${size} bytes, got ${bytes.length}`, file);
  const v = new DataView(bytes.buffer, bytes.byteOffset, size);
  if (version === 1) {
    const magic = cString(bytes, 344, 4);
    if (magic !== 'n+1' && magic !== 'ni1') {
      throw new MedSegError('bad-magic', `NIfTI-1 magic is '${magic}', expected 'n+1' or 'ni1' (plain Analyze 7.5 is not supported)`, file);
    }
    const f32 = (o: number): number => v.getFloat32(o, le);
    return {
      version, littleEndian: le, headerSize: size, magic,
      dim: Array.from({ length: 8 }, (_, i) => v.getInt16(40 + 2 * i, le)),
      intentCode: v.getInt16(68, le), datatype: v.getInt16(70, le), bitpix: v.getInt16(72, le),
      pixdim: Array.from({ length: 8 }, (_, i) => f32(76 + 4 * i)),
      voxOffset: f32(108), sclSlope: f32(112), sclInter: f32(116), xyztUnits: bytes[123],
      descrip: cString(bytes, 148, 80),
      qformCode: v.getInt16(252, le), sformCode: v.getInt16(254, le),
      quatern: [f32(256), f32(260), f32(264)], qoffset: [f32(268), f32(272), f32(276)],
      srow: Array.from({ length: 12 }, (_, i) => f32(280 + 4 * i)),
    };
  }
  const magic = cString(bytes, 4, 8);
  if (magic !== 'n+2' && magic !== 'ni2') throw new MedSegError('bad-magic', `NIfTI-2 magic is '${magic}', expected 'n+2' or 'ni2'`, file);
  const f64 = (o: number): number => v.getFloat64(o, le);
  const i64 = (o: number): number => Number(v.getBigInt64(o, le));
  return {
    version, littleEndian: le, headerSize: size, magic,
    datatype: v.getInt16(12, le), bitpix: v.getInt16(14, le),
    dim: Array.from({ length: 8 }, (_, i) => i64(16 + 8 * i)),
    pixdim: Array.from({ length: 8 }, (_, i) => f64(104 + 8 * i)),
    voxOffset: i64(168), sclSlope: f64(176), sclInter: f64(184),
    descrip: cString(bytes, 240, 80),
    qformCode: v.getInt32(344, le), sformCode: v.getInt32(348, le),
    quatern: [f64(352), f64(360), f64(368)], qoffset: [f64(376), f64(384), f64(392)],
    srow: Array.from({ length: 12 }, (_, i) => f64(400 + 8 * i)),
    xyztUnits: v.getInt32(500, le), intentCode: v.getInt32(504, le),
  };
}
