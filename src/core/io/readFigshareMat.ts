import type { Volume, VolumeData } from '../volume/Volume';
import { image2d } from '../volume/Volume';
import { MedSegError } from '../util/MedSegError';
import { withH5File, type H5wasm } from './h5wasmLoader';
import { DEFAULT_MAX_VOXELS } from './readNifti';

/** One case of Cheng et al.'s figshare brain-tumour dataset (`cjdata` struct). */
export interface FigshareCase {
  /** The T1-CE slice as MATLAB shows it: dims `[w, h, 1]`, row 0 on top, int16. */
  image: Volume;
  /** `tumorMask` as uint8 0/1, same geometry as `image`. */
  mask: Volume;
  /** `tumorBorder`: polygon as [x1, y1, x2, y2, ...] (MATLAB's 1-based pixel coordinates). */
  border: Float64Array;
  /** 1 meningioma, 2 glioma, 3 pituitary. */
  label: number;
  /** Patient id (decoded from MATLAB's uint16 char array). */
  pid: string;
}

type H5File = InstanceType<H5wasm['File']>;
type H5Dataset = InstanceType<H5wasm['Dataset']>;

/**
 * Transposes a raw HDF5 read of a MATLAB matrix into Volume order. MATLAB stores
 * column-major, so HDF5 shape is [cols, rows] and raw[c*rows + r] = M(r, c); the Volume
 * wants data[c + cols*r].
 */
export function matlabToImageOrder<T extends VolumeData>(raw: T, cols: number, rows: number, out: T): T {
  // 32×32 tiles keep both the strided writes and the reads in cache (about 3× faster at 512²).
  const B = 32;
  for (let c0 = 0; c0 < cols; c0 += B) {
    const c1 = Math.min(cols, c0 + B);
    for (let r0 = 0; r0 < rows; r0 += B) {
      const r1 = Math.min(rows, r0 + B);
      for (let c = c0; c < c1; c++) {
        const base = c * rows;
        for (let r = r0; r < r1; r++) out[c + cols * r] = raw[base + r];
      }
    }
  }
  return out;
}

function dataset(g: InstanceType<H5wasm['Group']>, key: string, h5: H5wasm, name: string): H5Dataset {
  const d = g.get(key);
  if (!(d instanceof h5.Dataset)) throw new MedSegError('bad-mat', `cjdata.${key} is missing or not an array`, name);
  return d;
}

function matrix(d: H5Dataset, name: string, key: string, maxVoxels: number): { raw: VolumeData; cols: number; rows: number } {
  const shape = d.shape ?? [];
  const count = shape.reduce((a, b) => a * b, 1);
  if (count > maxVoxels) throw new MedSegError('too-large', `cjdata.${key} has ${count} elements, over the limit of ${maxVoxels}`, name);
  const raw = d.value;
  if (shape.length !== 2 || !ArrayBuffer.isView(raw) || raw instanceof BigInt64Array || raw instanceof BigUint64Array || raw instanceof DataView) {
    throw new MedSegError('bad-mat', `cjdata.${key} is not a 2-D numeric matrix (shape ${JSON.stringify(shape)})`, name);
  }
  const [cols, rows] = shape;
  if ((raw as VolumeData).length !== cols * rows) throw new MedSegError('bad-mat', `cjdata.${key} holds ${(raw as VolumeData).length} values for shape ${rows}×${cols}`, name);
  return { raw: raw as VolumeData, cols, rows };
}

function numbers(d: H5Dataset): Float64Array {
  const v = d.value;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Float64Array.from(v as ArrayLike<number | bigint>, Number);
  if (typeof v === 'number') return Float64Array.of(v);
  return new Float64Array(0);
}

function readCase(file: H5File, h5: H5wasm, name: string, maxVoxels: number): FigshareCase {
  const g = file.get('cjdata');
  if (!(g instanceof h5.Group)) {
    throw new MedSegError('bad-mat', `no 'cjdata' struct in this .mat (variables: ${file.keys().filter((k) => !k.startsWith('#')).join(', ') || 'none'})`, name);
  }
  const img = matrix(dataset(g, 'image', h5, name), name, 'image', maxVoxels);
  const imageData = matlabToImageOrder(img.raw, img.cols, img.rows, new (img.raw.constructor as new (n: number) => VolumeData)(img.raw.length));
  const sourceDtype = img.raw instanceof Int16Array ? 'int16' : img.raw instanceof Uint8Array ? 'uint8' : img.raw instanceof Float64Array ? 'float64' : 'float32';
  const m = matrix(dataset(g, 'tumorMask', h5, name), name, 'tumorMask', maxVoxels);
  if (m.cols !== img.cols || m.rows !== img.rows) throw new MedSegError('bad-mat', `tumorMask is ${m.rows}×${m.cols}, image is ${img.rows}×${img.cols}`, name);
  const maskData = matlabToImageOrder(m.raw, m.cols, m.rows, new Uint8Array(m.raw.length));
  for (let i = 0; i < maskData.length; i++) if (maskData[i] > 1) maskData[i] = 1; // logical: any non-zero is true
  const label = numbers(dataset(g, 'label', h5, name))[0];
  if (!Number.isFinite(label)) throw new MedSegError('bad-mat', 'cjdata.label is empty', name);
  const border = g.keys().includes('tumorBorder') ? numbers(dataset(g, 'tumorBorder', h5, name)) : new Float64Array(0);
  let pid = '';
  if (g.keys().includes('PID')) {
    const p = dataset(g, 'PID', h5, name);
    const isEmpty = p.attrs['MATLAB_empty'] !== undefined;
    const codes = p.value;
    if (!isEmpty && ArrayBuffer.isView(codes) && !(codes instanceof DataView)) pid = String.fromCharCode(...Array.from(codes as ArrayLike<number | bigint>, Number));
    else if (typeof codes === 'string') pid = codes;
  }
  const meta = { format: 'figshare-mat', label, pid };
  return {
    image: image2d(imageData, img.cols, img.rows, sourceDtype, meta),
    mask: image2d(maskData, m.cols, m.rows, 'uint8', meta),
    border, label, pid,
  };
}

/** Reads a figshare brain-tumour `.mat` (MATLAB v7.3 / HDF5) case; refuses matrices over `maxVoxels` before reading them. */
export function readFigshareMat(name: string, bytes: Uint8Array, opts: { maxVoxels?: number } = {}): Promise<FigshareCase> {
  return withH5File(name, bytes, (file, h5) => readCase(file, h5, name, opts.maxVoxels ?? DEFAULT_MAX_VOXELS));
}
