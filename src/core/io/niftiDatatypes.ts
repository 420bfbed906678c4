import type { SourceDtype } from '../volume/Volume';

/** NIfTI datatype code → on-disk type name and bytes per voxel (nifti1.h `DT_*`). */
export const NIFTI_DATATYPES: Readonly<Record<number, { name: SourceDtype; bytes: number }>> = {
  2: { name: 'uint8', bytes: 1 },
  4: { name: 'int16', bytes: 2 },
  8: { name: 'int32', bytes: 4 },
  16: { name: 'float32', bytes: 4 },
  32: { name: 'complex64', bytes: 8 },
  64: { name: 'float64', bytes: 8 },
  128: { name: 'rgb24', bytes: 3 },
  256: { name: 'int8', bytes: 1 },
  512: { name: 'uint16', bytes: 2 },
  768: { name: 'uint32', bytes: 4 },
  1024: { name: 'int64', bytes: 8 },
  1280: { name: 'uint64', bytes: 8 },
  1792: { name: 'complex128', bytes: 16 },
  2304: { name: 'rgba32', bytes: 4 },
};

/** The datatype code for a type name (the writer's direction). */
export function niftiDatatypeCode(name: SourceDtype): number | undefined {
  for (const [code, t] of Object.entries(NIFTI_DATATYPES)) if (t.name === name) return Number(code);
  return undefined;
}

/** Reverses the byte order of every `size`-byte word of `bytes`, in place. */
export function swapBytes(bytes: Uint8Array, size: number): void {
  if (size <= 1) return;
  for (let i = 0; i + size <= bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a]; bytes[a] = bytes[b]; bytes[b] = t;
    }
  }
}
