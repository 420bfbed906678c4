/**
 * Number-valued access to NdArray data: BigInt arrays (possible from some readers) are
 * converted once, so every loop in the inspector indexes plain numbers.
 */
import { NdArray, NdData } from '../volume/NdArray';

/** NdData without the BigInt arrays. */
export type NumericData = Exclude<NdData, BigInt64Array | BigUint64Array>;

/** `data` as numbers (the same array unless it holds BigInts). */
export function numericData(data: NdData): NumericData {
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    const out = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
    return out;
  }
  return data;
}

/** Whether values of `dtype` are integers (labels, masks, counts). */
export function isIntegerDtype(dtype: string): boolean {
  return /^(u?int\d+|bool)$/.test(dtype);
}

/** Element strides (in items) of `arr`'s axes for its memory order. */
export function stridesOf(arr: Pick<NdArray, 'shape' | 'fortranOrder'>): number[] {
  const n = arr.shape.length;
  const s = new Array<number>(n).fill(1);
  if (arr.fortranOrder) {
    for (let a = 1; a < n; a++) s[a] = s[a - 1]! * arr.shape[a - 1]!;
  } else {
    for (let a = n - 2; a >= 0; a--) s[a] = s[a + 1]! * arr.shape[a + 1]!;
  }
  return s;
}
