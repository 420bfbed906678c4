import { unzlibSync } from 'fflate';
import type { NdArray, NdData } from '../volume/NdArray';
import { MedSegError } from '../util/MedSegError';
import { swapBytes } from './niftiDatatypes';
import { copyBytes } from './gzip';

// MAT-file v5 data element types (miXXX) → element size and typed-array maker.
const MI: Record<number, { size: number; make: (b: ArrayBuffer, n: number) => NdData }> = {
  1: { size: 1, make: (b, n) => new Int8Array(b, 0, n) },
  2: { size: 1, make: (b, n) => new Uint8Array(b, 0, n) },
  3: { size: 2, make: (b, n) => new Int16Array(b, 0, n) },
  4: { size: 2, make: (b, n) => new Uint16Array(b, 0, n) },
  5: { size: 4, make: (b, n) => new Int32Array(b, 0, n) },
  6: { size: 4, make: (b, n) => new Uint32Array(b, 0, n) },
  7: { size: 4, make: (b, n) => new Float32Array(b, 0, n) },
  9: { size: 8, make: (b, n) => new Float64Array(b, 0, n) },
  12: { size: 8, make: (b, n) => new BigInt64Array(b, 0, n) },
  13: { size: 8, make: (b, n) => new BigUint64Array(b, 0, n) },
  16: { size: 1, make: (b, n) => new Uint8Array(b, 0, n) }, // miUTF8
};
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;

// mxCLASS → NumPy dtype name and the typed array MATLAB holds it in.
const MX: Record<number, { dtype: string; make: (n: number) => NdData }> = {
  6: { dtype: 'float64', make: (n) => new Float64Array(n) },
  7: { dtype: 'float32', make: (n) => new Float32Array(n) },
  8: { dtype: 'int8', make: (n) => new Int8Array(n) },
  9: { dtype: 'uint8', make: (n) => new Uint8Array(n) },
  10: { dtype: 'int16', make: (n) => new Int16Array(n) },
  11: { dtype: 'uint16', make: (n) => new Uint16Array(n) },
  12: { dtype: 'int32', make: (n) => new Int32Array(n) },
  13: { dtype: 'uint32', make: (n) => new Uint32Array(n) },
  14: { dtype: 'int64', make: (n) => new BigInt64Array(n) },
  15: { dtype: 'uint64', make: (n) => new BigUint64Array(n) },
};

interface Element { type: number; data: Uint8Array; next: number }

/** Reads one tagged data element at `pos` (long or small format); `next` is 8-byte aligned. */
function element(buf: Uint8Array, pos: number, le: boolean, name: string): Element {
  if (pos + 8 > buf.length) throw new MedSegError('truncated', `MAT v5 element tag at byte ${pos} is cut off`, name);
  const v = new DataView(buf.buffer, buf.byteOffset + pos, 8);
  const first = v.getUint32(0, le);
  const small = first >>> 16;
  if (small !== 0) {
    // Small data element: 2-byte size, 2-byte type, up to 4 bytes of data in the tag itself.
    if (small > 4) throw new MedSegError('bad-mat', `MAT v5 small element claims ${small} bytes`, name);
    return { type: first & 0xffff, data: buf.subarray(pos + 4, pos + 4 + small), next: pos + 8 };
  }
  const nbytes = v.getUint32(4, le);
  const end = pos + 8 + nbytes;
  if (end > buf.length) throw new MedSegError('truncated', `MAT v5 element at byte ${pos} claims ${nbytes} bytes, ${buf.length - pos - 8} left`, name);
  const type = first;
  // miCOMPRESSED elements are not padded; everything else is padded to 8 bytes.
  return { type, data: buf.subarray(pos + 8, end), next: type === MI_COMPRESSED ? end : pos + 8 + Math.ceil(nbytes / 8) * 8 };
}

/** Converts an element's payload to the class's typed array (MATLAB may store doubles as a narrower miTYPE). */
function numeric(el: Element, le: boolean, cls: { make: (n: number) => NdData }, count: number, name: string): NdData {
  const mi = MI[el.type];
  if (!mi) throw new MedSegError('bad-mat', `MAT v5 numeric data has element type ${el.type}`, name);
  const n = Math.floor(el.data.length / mi.size);
  if (n < count) throw new MedSegError('truncated', `MAT v5 array needs ${count} values, element has ${n}`, name);
  const raw = copyBytes(el.data, 0, count * mi.size);
  if (!le) swapBytes(raw, mi.size);
  const src = mi.make(raw.buffer as ArrayBuffer, count);
  const out = cls.make(count);
  if (out instanceof BigInt64Array || out instanceof BigUint64Array) {
    for (let i = 0; i < count; i++) out[i] = BigInt(src[i]);
  } else {
    for (let i = 0; i < count; i++) out[i] = Number(src[i]);
  }
  return out;
}

/** Parses one miMATRIX payload; returns null for classes the inspector does not show (cell, struct, char, sparse…). */
function matrix(buf: Uint8Array, le: boolean, name: string): { varName: string; arr: NdArray | null } {
  const flags = element(buf, 0, le, name);
  const dimsEl = element(buf, flags.next, le, name);
  const nameEl = element(buf, dimsEl.next, le, name);
  const varName = String.fromCharCode(...nameEl.data);
  const fv = new DataView(flags.data.buffer, flags.data.byteOffset, Math.min(8, flags.data.length));
  const f0 = flags.data.length >= 4 ? fv.getUint32(0, le) : 0;
  const clsCode = f0 & 0xff;
  const logical = (f0 & 0x0200) !== 0;
  const complex = (f0 & 0x0800) !== 0;
  const cls = MX[clsCode];
  if (!cls) return { varName, arr: null };
  const dv = new DataView(dimsEl.data.buffer, dimsEl.data.byteOffset, dimsEl.data.length);
  const shape = Array.from({ length: dimsEl.data.length >> 2 }, (_, i) => dv.getInt32(4 * i, le));
  if (shape.some((d) => d < 0)) throw new MedSegError('bad-mat', `variable '${varName}' has negative dims ${shape.join('×')}`, name);
  const count = shape.reduce((a, b) => a * b, 1);
  const re = element(buf, nameEl.next, le, name);
  const data = numeric(re, le, cls, count, name);
  // Imaginary parts are dropped for the inspector; the dtype says so.
  return { varName, arr: { data, shape, dtype: logical ? 'bool' : complex ? `${cls.dtype} (real part of complex)` : cls.dtype, fortranOrder: true } };
}

/** True for a MATLAB v5-format (Level 5) MAT-file header. */
export function isMatV5(bytes: Uint8Array): boolean {
  if (bytes.length < 128) return false;
  const txt = String.fromCharCode(...bytes.subarray(0, 10));
  const ver = bytes[126] === 0x49 && bytes[127] === 0x4d ? bytes[124] | (bytes[125] << 8) : bytes[124] << 8 | bytes[125];
  return txt.startsWith('MATLAB 5.0') && ver === 0x0100;
}

/**
 * Reads the numeric and logical variables of a MATLAB v5 MAT-file (compressed or not),
 * each as a column-major NdArray with MATLAB's dims. Other classes are skipped.
 */
export function readMatV5(name: string, bytes: Uint8Array): Record<string, NdArray> {
  if (!isMatV5(bytes)) throw new MedSegError('bad-magic', 'not a MATLAB v5 MAT-file', name);
  const le = bytes[126] === 0x49 && bytes[127] === 0x4d; // 'IM' = written little endian
  const out: Record<string, NdArray> = {};
  const walk = (buf: Uint8Array, start: number): void => {
    for (let pos = start; pos + 8 <= buf.length;) {
      const el = element(buf, pos, le, name);
      pos = el.next;
      if (el.type === MI_COMPRESSED) {
        let inner: Uint8Array;
        try {
          inner = unzlibSync(el.data);
        } catch (err) {
          throw new MedSegError('corrupt-mat', `compressed MAT v5 element could not be inflated (${err instanceof Error ? err.message : String(err)})`, name, { cause: err });
        }
        walk(inner, 0);
      } else if (el.type === MI_MATRIX) {
        const { varName, arr } = matrix(el.data, le, name);
        if (arr) out[varName] = arr;
      }
    }
  };
  walk(bytes, 128);
  return out;
}
