// The .npy writer for test fixtures (NumPy round trips, the inspector's .npy files): the
// product only reads .npy, so the writer lives with the tests.
import type { NdArray } from '../../src/core/volume/NdArray';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** NumPy descr for an NdArray, from its typed array (and `dtype` for bool / complex). */
function descrOf(arr: NdArray): { descr: string; payload: Uint8Array } {
  const d = arr.data;
  const bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  const int64FromFloat = (signed: boolean): Uint8Array => {
    const out = signed ? new BigInt64Array(d.length) : new BigUint64Array(d.length);
    for (let i = 0; i < d.length; i++) out[i] = BigInt(Math.trunc(Number(d[i])));
    return new Uint8Array(out.buffer);
  };
  if (arr.dtype === 'bool') return { descr: '|b1', payload: bytes };
  if (arr.dtype === 'complex64' && d instanceof Float32Array) return { descr: '<c8', payload: bytes };
  if (arr.dtype === 'complex128' && d instanceof Float64Array) return { descr: '<c16', payload: bytes };
  if ((arr.dtype === 'int64' || arr.dtype === 'uint64') && d instanceof Float64Array) {
    return { descr: arr.dtype === 'int64' ? '<i8' : '<u8', payload: int64FromFloat(arr.dtype === 'int64') };
  }
  if (d instanceof Uint8Array) return { descr: '|u1', payload: bytes };
  if (d instanceof Int8Array) return { descr: '|i1', payload: bytes };
  if (d instanceof Uint16Array) return { descr: '<u2', payload: bytes };
  if (d instanceof Int16Array) return { descr: '<i2', payload: bytes };
  if (d instanceof Uint32Array) return { descr: '<u4', payload: bytes };
  if (d instanceof Int32Array) return { descr: '<i4', payload: bytes };
  if (d instanceof Float32Array) return { descr: '<f4', payload: bytes };
  if (d instanceof Float64Array) return { descr: '<f8', payload: bytes };
  if (d instanceof BigInt64Array) return { descr: '<i8', payload: bytes };
  return { descr: '<u8', payload: bytes };
}

/** Writes an NdArray as `.npy` version 1.0 (little endian; complex drops the trailing 2-axis back). */
export function writeNpy(arr: NdArray): Uint8Array {
  const { descr, payload } = descrOf(arr);
  const complex = descr.startsWith('<c');
  const shape = complex ? arr.shape.slice(0, -1) : arr.shape;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${arr.fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  // Pad with spaces so magic + len + header + '\n' is a multiple of 64 (NumPy's alignment).
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total + payload.length);
  out.set(MAGIC, 0);
  out[6] = 1; out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(payload, total);
  return out;
}
