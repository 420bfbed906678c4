import { unzipSync } from 'fflate';
import type { NdArray, NdData } from '../volume/NdArray';
import { sizeOf } from '../volume/NdArray';
import { MedSegError } from '../util/MedSegError';
import { swapBytes } from './niftiDatatypes';
import { copyBytes } from './gzip';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** NumPy type characters we decode, by `kind + itemsize`. Complex keeps re/im interleaved (see readNpy). */
const NPY_TYPES: Record<string, { dtype: string; make: (buf: ArrayBuffer, n: number) => NdData; itemsize: number; swap: number }> = {
  b1: { dtype: 'bool', itemsize: 1, swap: 1, make: (b, n) => new Uint8Array(b, 0, n) },
  u1: { dtype: 'uint8', itemsize: 1, swap: 1, make: (b, n) => new Uint8Array(b, 0, n) },
  i1: { dtype: 'int8', itemsize: 1, swap: 1, make: (b, n) => new Int8Array(b, 0, n) },
  u2: { dtype: 'uint16', itemsize: 2, swap: 2, make: (b, n) => new Uint16Array(b, 0, n) },
  i2: { dtype: 'int16', itemsize: 2, swap: 2, make: (b, n) => new Int16Array(b, 0, n) },
  u4: { dtype: 'uint32', itemsize: 4, swap: 4, make: (b, n) => new Uint32Array(b, 0, n) },
  i4: { dtype: 'int32', itemsize: 4, swap: 4, make: (b, n) => new Int32Array(b, 0, n) },
  u8: { dtype: 'uint64', itemsize: 8, swap: 8, make: (b, n) => new BigUint64Array(b, 0, n) },
  i8: { dtype: 'int64', itemsize: 8, swap: 8, make: (b, n) => new BigInt64Array(b, 0, n) },
  f4: { dtype: 'float32', itemsize: 4, swap: 4, make: (b, n) => new Float32Array(b, 0, n) },
  f8: { dtype: 'float64', itemsize: 8, swap: 8, make: (b, n) => new Float64Array(b, 0, n) },
  c8: { dtype: 'complex64', itemsize: 8, swap: 4, make: (b, n) => new Float32Array(b, 0, 2 * n) },
  c16: { dtype: 'complex128', itemsize: 16, swap: 8, make: (b, n) => new Float64Array(b, 0, 2 * n) },
};

/** Parses the Python-literal header dict `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`. */
function parseHeader(text: string, name: string): { descr: string; fortran: boolean; shape: number[] } {
  const bad = (what: string): never => { throw new MedSegError('bad-header', `.npy header ${what}: ${text.trim().slice(0, 120)}`, name); };
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)?.[1] ?? bad("has no 'descr'");
  const fo = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1] ?? bad("has no 'fortran_order'");
  const sh = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1] ?? bad("has no 'shape'");
  const shape = sh.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map((s) => {
    const v = Number(s.replace(/L$/, ''));
    return Number.isSafeInteger(v) && v >= 0 ? v : bad(`has a bad shape entry '${s}'`);
  });
  return { descr, fortran: fo === 'True', shape };
}

/**
 * Reads a `.npy` file (format 1.0–3.0). int64/uint64 come back as BigInt64Array/BigUint64Array;
 * complex as interleaved re/im with a trailing axis of 2 appended to `shape` (C order only).
 */
export function readNpy(name: string, bytes: Uint8Array, maxElements = 2 ** 31): NdArray {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) throw new MedSegError('bad-magic', 'not a .npy file (missing \\x93NUMPY magic)', name);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new MedSegError('bad-header', `.npy format version ${major}.${bytes[7]} is not supported`, name);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) throw new MedSegError('truncated', '.npy header length is cut off', name);
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = 8 + lenBytes;
  if (hlen > 1 << 20) throw new MedSegError('bad-header', `.npy header length ${hlen} is implausible`, name);
  if (start + hlen > bytes.length) throw new MedSegError('truncated', `.npy header claims ${hlen} bytes, file has ${bytes.length - start}`, name);
  // Headers are ASCII in practice (v3 only allows UTF-8 field names); latin1 decoding is enough for the fields we read.
  const text = String.fromCharCode(...bytes.subarray(start, start + hlen));
  const { descr, fortran, shape } = parseHeader(text, name);
  const m = /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr);
  const type = m ? NPY_TYPES[m[2] + m[3]] : undefined;
  if (!m || !type) throw new MedSegError('unsupported-dtype', `.npy dtype '${descr}' is not supported (numeric, bool and complex only)`, name);
  const n = sizeOf(shape);
  if (n > maxElements) throw new MedSegError('too-large', `.npy shape (${shape.join(', ')}) has ${n} elements, over the limit of ${maxElements}`, name);
  const dataStart = start + hlen;
  const nbytes = n * type.itemsize;
  if (dataStart + nbytes > bytes.length) throw new MedSegError('truncated', `.npy data needs ${nbytes} bytes, file has ${bytes.length - dataStart}`, name);
  const raw = copyBytes(bytes, dataStart, dataStart + nbytes);
  if (m[1] === '>') swapBytes(raw, type.swap);
  const complex = type.dtype.startsWith('complex');
  if (complex && fortran) throw new MedSegError('unsupported-dtype', 'Fortran-ordered complex .npy is not supported', name);
  return { data: type.make(raw.buffer as ArrayBuffer, n), shape: complex ? [...shape, 2] : shape, dtype: type.dtype, fortranOrder: fortran || undefined };
}

/** Reads every array of a `.npz` (zip of .npy, stored or deflated), keyed by name without `.npy`. */
export function readNpz(name: string, bytes: Uint8Array): Record<string, NdArray> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new MedSegError('bad-magic', 'not a .npz file (not a zip archive)', name);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (err) {
    throw new MedSegError('corrupt-archive', `.npz zip could not be read (${err instanceof Error ? err.message : String(err)})`, name, { cause: err });
  }
  const out: Record<string, NdArray> = {};
  for (const [entry, data] of Object.entries(files)) {
    if (entry.endsWith('/')) continue;
    out[entry.replace(/\.npy$/, '')] = readNpy(`${name}:${entry}`, data);
  }
  return out;
}
