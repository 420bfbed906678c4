import type { SourceDtype, VolumeData } from '../volume/Volume';
import { assertNever } from '../util/assertNever';

/** Voxel values decoded from raw NIfTI bytes, plus a note when the type was folded. */
export interface DecodedVoxels {
  data: VolumeData;
  note?: string;
}

/**
 * Turns raw little-endian voxel bytes (already byte-swapped, aligned, owned) into the
 * Volume's typed array. Multi-component types are folded to one value per voxel:
 * rgb24/rgba32 → luminance (Rec. 601, rounded to uint8; the viewer and training want one
 * channel, the same rule as PNG/JPEG), complex → magnitude; int64/uint64 → float64.
 */
export function decodeVoxels(raw: Uint8Array, dtype: SourceDtype, n: number): DecodedVoxels {
  const buf = raw.buffer as ArrayBuffer;
  const off = raw.byteOffset;
  switch (dtype) {
    case 'uint8': case 'bool': return { data: new Uint8Array(buf, off, n) };
    case 'int8': return { data: new Int8Array(buf, off, n) };
    case 'int16': return { data: new Int16Array(buf, off, n) };
    case 'uint16': return { data: new Uint16Array(buf, off, n) };
    case 'int32': return { data: new Int32Array(buf, off, n) };
    case 'uint32': return { data: new Uint32Array(buf, off, n) };
    case 'float32': return { data: new Float32Array(buf, off, n) };
    case 'float64': return { data: new Float64Array(buf, off, n) };
    case 'int64': case 'uint64': {
      const src = dtype === 'int64' ? new BigInt64Array(buf, off, n) : new BigUint64Array(buf, off, n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Number(src[i]);
      return { data: out, note: `${dtype} converted to float64 (exact up to 2^53)` };
    }
    case 'rgb24': case 'rgba32': {
      const step = dtype === 'rgb24' ? 3 : 4;
      const out = new Uint8Array(n);
      for (let i = 0, p = 0; i < n; i++, p += step) out[i] = Math.round(0.299 * raw[p] + 0.587 * raw[p + 1] + 0.114 * raw[p + 2]);
      return { data: out, note: `${dtype} converted to grey (luminance 0.299R+0.587G+0.114B)` };
    }
    case 'complex64': case 'complex128': {
      const src = dtype === 'complex64' ? new Float32Array(buf, off, 2 * n) : new Float64Array(buf, off, 2 * n);
      const out = dtype === 'complex64' ? new Float32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.hypot(src[2 * i], src[2 * i + 1]);
      return { data: out, note: `${dtype} shown as magnitude |re + i·im|` };
    }
    default: return assertNever(dtype);
  }
}

/** Applies `raw * slope + inter`, returning float32 (float64 when the source already was). */
export function applyScaling(data: VolumeData, slope: number, inter: number): Float32Array | Float64Array {
  const out = data instanceof Float64Array ? new Float64Array(data.length) : new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] * slope + inter;
  return out;
}
