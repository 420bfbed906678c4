import type { NdArray, NdData } from '../volume/NdArray';
import { MedSegError } from '../util/MedSegError';
import { hdf5Offset, withH5File, type H5wasm } from './h5wasmLoader';
import { isMatV5, readMatV5 } from './readMatV5';

type H5Group = InstanceType<H5wasm['Group']>;

const NUMERIC_CLASSES = new Set(['double', 'single', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'logical']);
const DTYPE: Record<string, string> = { double: 'float64', single: 'float32', logical: 'bool' };

function attrString(obj: { attrs: Record<string, { value: unknown }> }, key: string): string | undefined {
  const a = obj.attrs[key];
  if (!a) return undefined;
  const v = a.value;
  return typeof v === 'string' ? v : v instanceof Uint8Array ? String.fromCharCode(...v) : undefined;
}

/** Walks a v7.3 file: numeric/logical datasets become NdArrays named like `cjdata.image`. */
function collect(g: H5Group, h5: H5wasm, prefix: string, out: Record<string, NdArray>): void {
  for (const key of g.keys()) {
    if (key.startsWith('#')) continue; // '#refs#' / '#subsystem#' hold cell contents, not variables
    const obj = g.get(key);
    const full = prefix ? `${prefix}.${key}` : key;
    if (obj instanceof h5.Group) {
      collect(obj, h5, full, out);
    } else if (obj instanceof h5.Dataset) {
      const cls = attrString(obj, 'MATLAB_class');
      if (cls !== undefined && !NUMERIC_CLASSES.has(cls)) continue;
      if (obj.attrs['MATLAB_empty'] !== undefined) continue;
      const v = obj.value;
      if (!ArrayBuffer.isView(v) || v instanceof DataView) continue;
      const shape = [...(obj.shape ?? [])].reverse(); // HDF5 lists MATLAB's dims slowest-first
      out[full] = { data: v as NdData, shape, dtype: cls ? DTYPE[cls] ?? cls : String(obj.dtype), fortranOrder: shape.length > 1 };
    }
  }
}

/**
 * Every numeric (and logical) variable of a `.mat` file, MATLAB v7.3 (HDF5) or v5, as
 * column-major NdArrays with MATLAB's dims (struct fields flattened to `struct.field`).
 * char, cell and sparse variables are skipped. Earlier formats (v4) are refused.
 */
export async function readMatVariables(name: string, bytes: Uint8Array): Promise<Record<string, NdArray>> {
  if (isMatV5(bytes)) return readMatV5(name, bytes);
  if (hdf5Offset(bytes) < 0) throw new MedSegError('bad-magic', 'not a MATLAB v5 or v7.3 MAT-file', name);
  return withH5File(name, bytes, (file, h5) => {
    const out: Record<string, NdArray> = {};
    collect(file, h5, '', out);
    return out;
  });
}
