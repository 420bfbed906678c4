/**
 * Lists the cases of a dataset folder and reads them into raw 2-D samples (Node side:
 * the worker reads files itself). Layouts:
 * - `figshare`: `<root>/mat/<id>.mat` (or `<root>/<id>.mat`) MATLAB `cjdata` files, or
 *   `<root>/images/<id>.jpg` + `<root>/masks/<id>_mask.png`; `labels.csv` gives label (1..3 →
 *   0..2) and the author fold (`cv_fold_cvind5fold`).
 * - `image-mask`: `<root>/images/<id>.{png,jpg}` + `<root>/masks/<id>{_mask,}.png`, optional labels.csv.
 * - `brats`: `<root>/<case>/<case>_<modality>.nii.gz` + `_seg`; axial slices of every volume.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { DataConfig } from '../../core/config/trainConfig';
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import { parseLabelsCsv } from '../../core/dataset/labelsCsv';
import { readJpeg, readPng } from '../../core/io/readImage2d';
import { readNifti } from '../../core/io/readNifti';
import type { Volume } from '../../core/volume/Volume';
import { MedSegError } from '../../core/util/MedSegError';
import { readMatSlice } from './readMatSlice';

/** One case on disk. */
export interface CaseRef {
  id: string;
  /** Modality → absolute file (figshare .mat: `image`). */
  files: Record<string, string>;
  mask?: string;
  /** 0-based class index. */
  label?: number;
  fold?: number;
  group?: string;
}

function numericFirst(a: string, b: string): number {
  const na = Number(a), nb = Number(b);
  return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a.localeCompare(b);
}

function listFiles(dir: string, re: RegExp): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => re.test(f)) : [];
}

function readLabels(root: string): Map<string, { label?: number; fold?: number; group?: string }> {
  const file = path.join(root, 'labels.csv');
  const out = new Map<string, { label?: number; fold?: number; group?: string }>();
  if (!fs.existsSync(file)) return out;
  for (const [id, r] of parseLabelsCsv(fs.readFileSync(file, 'utf8'), file).rows) out.set(id, { label: r.label, fold: r.fold, group: r.group });
  return out;
}

/** Lists the dataset's cases (sorted by id, numbers numerically). */
export function listCases(data: DataConfig): CaseRef[] {
  const root = data.root;
  if (!fs.existsSync(root)) throw new MedSegError('no-data', 'dataset folder does not exist (data.root)', root);
  const labels = readLabels(root);
  // labels.csv holds raw labels (figshare 1..3); training uses 0-based indices.
  const minLabel = Math.min(...[...labels.values()].map((l) => l.label ?? Infinity));
  const toIndex = (raw: number | undefined) => (raw === undefined ? undefined : raw - (Number.isFinite(minLabel) && minLabel >= 1 ? 1 : 0));
  const withMeta = (c: CaseRef): CaseRef => {
    const l = labels.get(c.id);
    return { ...c, label: c.label ?? toIndex(l?.label), fold: l?.fold, group: l?.group };
  };
  let cases: CaseRef[] = [];
  if (data.kind === 'brats') {
    for (const d of fs.readdirSync(root).sort()) {
      const dir = path.join(root, d);
      if (!fs.statSync(dir).isDirectory()) continue;
      const files: Record<string, string> = {};
      for (const m of data.modalities) {
        const f = listFiles(dir, new RegExp(`_${m}\\.nii(\\.gz)?$`, 'i'))[0];
        if (!f) throw new MedSegError('no-data', `case ${d} has no ${m} volume`, dir);
        files[m] = path.join(dir, f);
      }
      const seg = listFiles(dir, /_seg\.nii(\.gz)?$/i)[0];
      cases.push({ id: d, files, mask: seg ? path.join(dir, seg) : undefined, group: d });
    }
  } else {
    const matDir = fs.existsSync(path.join(root, 'mat')) ? path.join(root, 'mat') : root;
    const mats = data.kind === 'figshare' ? listFiles(matDir, /\.mat$/i) : [];
    if (mats.length > 0) {
      cases = mats.map((f) => ({ id: f.replace(/\.mat$/i, ''), files: { image: path.join(matDir, f) }, mask: path.join(matDir, f) }));
    } else {
      const imgDir = path.join(root, 'images');
      const maskDir = path.join(root, 'masks');
      for (const f of listFiles(imgDir, /\.(png|jpe?g)$/i)) {
        const id = f.replace(/\.(png|jpe?g)$/i, '');
        const mask = [`${id}_mask.png`, `${id}.png`].map((m) => path.join(maskDir, m)).find((m) => fs.existsSync(m));
        cases.push({ id, files: { image: path.join(imgDir, f) }, mask });
      }
    }
  }
  if (cases.length === 0) throw new MedSegError('no-data', `no cases found for data.kind "${data.kind}"`, root);
  return cases.map(withMeta).sort((a, b) => numericFirst(a.id, b.id));
}

function volumeToFloat(v: Volume): Float32Array {
  return v.data instanceof Float32Array ? v.data : Float32Array.from(v.data);
}

function readBytes(file: string): Uint8Array {
  const b = fs.readFileSync(file);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function read2d(file: string): Volume {
  return /\.png$/i.test(file) ? readPng(file, readBytes(file)) : readJpeg(file, readBytes(file));
}

/** Maps BraTS labels {0,1,2,4} to {0,1,2,3}. */
function bratsLabel(v: number): number {
  return v === 4 ? 3 : v;
}

/**
 * Reads a case as raw 2-D samples (figshare/image-mask: one; BraTS: every axial slice
 * with brain). Masks are label maps; image values are as stored (normalisation comes later).
 */
export async function readCaseSlices(c: CaseRef, data: DataConfig): Promise<Sample2D[]> {
  if (data.kind === 'brats') {
    const vols = data.modalities.map((m) => readNifti(c.files[m], readBytes(c.files[m])));
    const seg = c.mask ? readNifti(c.mask, readBytes(c.mask)) : undefined;
    const [W, H, D] = vols[0].dims;
    const planes = vols.map(volumeToFloat);
    const segData = seg ? seg.data : undefined;
    const out: Sample2D[] = [];
    const C = vols.length;
    for (let k = 0; k < D; k++) {
      const image = new Float32Array(W * H * C);
      const mask = new Uint8Array(W * H);
      let any = false;
      // NIfTI i runs along x; we store row y = j. Orientation only matters consistently.
      for (let j = 0; j < H; j++) {
        for (let i = 0; i < W; i++) {
          const src = i + W * (j + H * k);
          const dst = j * W + i;
          for (let ch = 0; ch < C; ch++) {
            const v = planes[ch][src];
            image[dst * C + ch] = v;
            if (v !== 0) any = true;
          }
          if (segData) mask[dst] = bratsLabel(segData[src]);
        }
      }
      if (any) out.push({ id: `${c.id}#${k}`, image, width: W, height: H, channels: C, mask, label: c.label, spacing: [vols[0].spacing[0], vols[0].spacing[1]] });
    }
    return out;
  }
  const file = c.files.image;
  if (/\.mat$/i.test(file)) {
    const s = await readMatSlice(file, readBytes(file));
    return [{ ...s, id: c.id, label: c.label ?? s.label }];
  }
  const img = read2d(file);
  const [w, h] = img.dims;
  const image = volumeToFloat(img);
  let mask: Uint8Array | undefined;
  if (c.mask) {
    const m = read2d(c.mask);
    if (m.dims[0] !== w || m.dims[1] !== h) throw new MedSegError('bad-mask', `mask is ${m.dims[0]}×${m.dims[1]}, image ${w}×${h}`, c.mask);
    // Masks saved as 0/255 become 0/1.
    mask = Uint8Array.from(m.data, (v) => (v > 0 ? 1 : 0));
  }
  return [{ id: c.id, image, width: w, height: h, channels: 1, mask, label: c.label, spacing: [img.spacing[0], img.spacing[1]] }];
}
