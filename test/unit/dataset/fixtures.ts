/**
 * Builds small dataset folders in a temp dir from real files of /work/shared/data
 * (figshare slices and masks, BraTS volumes), with the defects the doctor must find.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gunzipSync } from 'fflate';
import { decode as decodePng, encode as encodePng } from 'fast-png';
import * as jpeg from 'jpeg-js';
import { sharedData } from '../../helpers/paths';

export const FIG = (...p: string[]) => sharedData('figshare-brain-tumor', ...p);
export const BRATS_CASE = 'Brats18_2013_11_1';

/** A fresh temp folder; remove with `rmTemp`. */
export function tempDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `medseg-ds-${tag}-`));
}

export function rmTemp(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes a file, creating parent folders. */
export function put(root: string, rel: string, data: Uint8Array | string): string {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, data);
  return p;
}

/** Copies a real file into the fixture. */
export function copy(src: string, root: string, rel: string): void {
  put(root, rel, fs.readFileSync(src));
}

/** A real figshare slice as 8-bit grey pixels (512×512). */
export function figshareGrey(id: number): { data: Uint8Array; width: number; height: number } {
  const img = jpeg.decode(fs.readFileSync(FIG('images', `${id}.jpg`)), { useTArray: true });
  const grey = new Uint8Array(img.width * img.height);
  for (let i = 0; i < grey.length; i++) grey[i] = img.data[4 * i];
  return { data: grey, width: img.width, height: img.height };
}

/** A real figshare mask (0/1) as pixels. */
export function figshareMask(id: number): { data: Uint8Array; width: number; height: number } {
  const png = decodePng(fs.readFileSync(FIG('masks', `${id}_mask.png`)));
  const ch = png.channels;
  const data = new Uint8Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) data[i] = Number(png.data[i * ch]);
  return { data, width: png.width, height: png.height };
}

/** Encodes 8-bit grey pixels as PNG. */
export function greyPng(p: { data: Uint8Array; width: number; height: number }): Uint8Array {
  return encodePng({ width: p.width, height: p.height, data: p.data, channels: 1, depth: 8 });
}

/** Halves an image by taking every second pixel (512×512 → 256×256). */
export function half(p: { data: Uint8Array; width: number; height: number }): { data: Uint8Array; width: number; height: number } {
  const w = p.width >> 1;
  const h = p.height >> 1;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = p.data[2 * y * p.width + 2 * x];
  return { data: out, width: w, height: h };
}

/** A float32 .npy (C order, shape [h, w]). */
export function npyFloat32(values: Float32Array, h: number, w: number): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${h}, ${w}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + values.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), 10 + header.length);
  return out;
}

/** A BraTS volume of the shared case, uncompressed so its header and voxels can be edited. */
export function bratsNifti(mod: string): Uint8Array {
  return gunzipSync(fs.readFileSync(sharedData('brats18', BRATS_CASE, `${BRATS_CASE}_${mod}.nii.gz`)));
}

/** Sets the voxel at the middle of the data block of a NIfTI-1 (little-endian) to `value`. */
export function setMiddleVoxel(nii: Uint8Array, value: number): void {
  const dv = new DataView(nii.buffer, nii.byteOffset, nii.byteLength);
  const datatype = dv.getInt16(70, true);
  const voxOffset = dv.getFloat32(108, true);
  const bytes = datatype === 2 ? 1 : datatype === 4 ? 2 : 4;
  const n = (nii.byteLength - voxOffset) / bytes;
  const at = voxOffset + Math.floor(n / 2) * bytes;
  if (bytes === 1) dv.setUint8(at, value);
  else if (bytes === 2) dv.setInt16(at, value, true);
  else dv.setFloat32(at, value, true);
}

/** Shifts the sform origin (srow_x[3]) of a NIfTI-1 header by `mm`. */
export function shiftSform(nii: Uint8Array, mm: number): void {
  const dv = new DataView(nii.buffer, nii.byteOffset, nii.byteLength);
  dv.setFloat32(292, dv.getFloat32(292, true) + mm, true);
}

/** Sets pixdim[axis] (1-based) of a NIfTI-1 header. */
export function setPixdim(nii: Uint8Array, axis: number, value: number): void {
  new DataView(nii.buffer, nii.byteOffset, nii.byteLength).setFloat32(76 + 4 * axis, value, true);
}

// Real figshare slices used as cases 1..12 (labels: 1 meningioma, 2 glioma, 3 pituitary).
const REAL = [1, 15, 30, 44, 1898, 2159, 2479, 2538, 1026, 1089, 1299, 1336];

/** images/ + masks/ with one of each defect the doctor must find. */
export function buildPairs(root: string): void {
  for (let i = 1; i <= 12; i++) {
    const src = REAL[i - 1];
    if (![4, 5, 6, 7].includes(i)) copy(FIG('images', `${src}.jpg`), root, `images/${i}.jpg`);
    if (i !== 9) copy(FIG('masks', `${src}_mask.png`), root, `masks/${i}_mask.png`);
  }
  put(root, 'images/4.png', greyPng(half(figshareGrey(REAL[3]))));            // 256×256 among 512×512
  put(root, 'masks/4_mask.png', greyPng(half(figshareMask(REAL[3]))));
  put(root, 'images/5.jpg', fs.readFileSync(FIG('images', `${REAL[4]}.jpg`)).subarray(0, 600)); // corrupt (truncated)
  put(root, 'images/6.png', greyPng({ data: new Uint8Array(512 * 512).fill(7), width: 512, height: 512 })); // constant
  const g = figshareGrey(REAL[6]);
  const f = Float32Array.from(g.data);
  f[1000] = NaN; f[2000] = Infinity;
  put(root, 'images/7.npy', npyFloat32(f, 512, 512));                          // NaN / Inf
  copy(FIG('images', `${REAL[7]}.jpg`), root, 'images/8.png');                  // duplicate id 8 (a JPEG named .png)
  const m10 = figshareMask(REAL[9]);
  m10.data[m10.data.indexOf(1)] = 3;
  put(root, 'masks/10_mask.png', greyPng(m10));                                // label 3 in a binary mask
  put(root, 'masks/11_mask.png', greyPng({ data: new Uint8Array(512 * 512), width: 512, height: 512 })); // empty
  copy(FIG('masks', '1_mask.png'), root, 'masks/13_mask.png');                  // mask without image
  put(root, 'labels.csv', ['id,label,class,fold', ...REAL.map((src, k) => {
    const row = fs.readFileSync(FIG('labels.csv'), 'utf8').split('\n').find((l) => l.startsWith(`${src},`))!.split(',');
    return `${k + 1},${row[1]},${row[2]},${row[3]}`;
  })].join('\n'));
}
