/**
 * Turns raw little-endian C-order bytes (as a debuggee sends them) into an NdArray.
 * int64/uint64 become Float64Array as the NdArray contract says; float16 becomes
 * Float32Array (no Float16Array in ES2022).
 */
import { MedSegError } from '../util/MedSegError';
import { NdArray, NdData, sizeOf } from '../volume/NdArray';

/** Dtypes the inspector can decode, with their item size in bytes. */
export const DTYPE_ITEMSIZE: Readonly<Record<string, number>> = {
  bool: 1, uint8: 1, int8: 1, uint16: 2, int16: 2, float16: 2,
  uint32: 4, int32: 4, float32: 4, uint64: 8, int64: 8, float64: 8,
};

/** Item size of `dtype`, or a clear error for dtypes the inspector cannot show. */
export function itemSizeOf(dtype: string): number {
  const n = DTYPE_ITEMSIZE[dtype];
  if (n === undefined) throw new MedSegError('unsupported-dtype', `dtype '${dtype}' cannot be inspected (supported: ${Object.keys(DTYPE_ITEMSIZE).join(', ')})`);
  return n;
}

/** Decodes `bytes` holding `sizeOf(shape)` items of `dtype` into an NdArray (C order). */
export function decodeTensorBytes(bytes: Uint8Array, shape: number[], dtype: string): NdArray {
  const size = sizeOf(shape);
  const item = itemSizeOf(dtype);
  if (bytes.length !== size * item) {
    throw new MedSegError('size-mismatch', `expected ${size * item} bytes for ${dtype}${JSON.stringify(shape)}, got ${bytes.length}`);
  }
  // Copy so the typed array is aligned regardless of where `bytes` starts.
  const buf = bytes.slice().buffer;
  const dv = new DataView(buf);
  let data: NdData;
  switch (dtype) {
    case 'bool': case 'uint8': data = new Uint8Array(buf); break;
    case 'int8': data = new Int8Array(buf); break;
    case 'uint16': data = new Uint16Array(buf); break;
    case 'int16': data = new Int16Array(buf); break;
    case 'uint32': data = new Uint32Array(buf); break;
    case 'int32': data = new Int32Array(buf); break;
    case 'float32': data = new Float32Array(buf); break;
    case 'float64': data = new Float64Array(buf); break;
    case 'float16': {
      const f = new Float32Array(size);
      for (let i = 0; i < size; i++) f[i] = halfToFloat(dv.getUint16(i * 2, true));
      data = f;
      break;
    }
    case 'int64': case 'uint64': {
      const f = new Float64Array(size);
      for (let i = 0; i < size; i++) f[i] = Number(dtype === 'int64' ? dv.getBigInt64(i * 8, true) : dv.getBigUint64(i * 8, true));
      data = f;
      break;
    }
    default: throw new MedSegError('unsupported-dtype', `dtype '${dtype}' cannot be inspected`);
  }
  return { data, shape: [...shape], dtype };
}

/** IEEE 754 half → number. */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}
