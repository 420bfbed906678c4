/**
 * One small dataset folder per layout the dataset doctor accepts, built from the real
 * shared data: figshare .mat, figshare images/+masks/ with labels.csv, BraTS 2018 names,
 * BraTS 2023 names (t2f/t1n/t1c/t2w/seg, enhancing tumour 3), and a dataset.json with two
 * modalities, a label map (5 → 0, 7 → 1) and mask labels (0 → 0, 2 → 1).
 */
import * as fs from 'fs';
import { readNiftiAsync, writeNifti } from '../../../src/core/io';
import type { Volume } from '../../../src/core/volume/Volume';
import { BRATS_CASE, FIG, copy, figshareGrey, figshareMask, greyPng, put } from '../dataset/fixtures';
import { sharedData } from '../../helpers/paths';

// figshare ids with labels 1 (meningioma) and 2 (glioma), and two pituitary (3) ones.
export const FIG_IDS = [1, 15, 30, 1898, 2159, 2479, 1299, 1336];

export function buildFigshareMat(root: string): void {
  fs.mkdirSync(root, { recursive: true });
  for (const id of FIG_IDS) copy(FIG('mat', `${id}.mat`), root, `${id}.mat`);
}

export function buildFigshareImages(root: string): void {
  const rows = fs.readFileSync(FIG('labels.csv'), 'utf8').split('\n');
  const lines = ['id,label,class'];
  for (const id of FIG_IDS) {
    copy(FIG('images', `${id}.jpg`), root, `images/${id}.jpg`);
    copy(FIG('masks', `${id}_mask.png`), root, `masks/${id}_mask.png`);
    const r = rows.find((l) => l.startsWith(`${id},`))!.split(',');
    lines.push(`${id},${r[1]},${r[2]}`);
  }
  put(root, 'labels.csv', lines.join('\n'));
}

const CASES_2018 = [BRATS_CASE, 'Brats18_2013_3_1'];
/** Axial slices kept of each fixture volume: enough around the tumour, few enough for a fast test. */
const SLICES = 24;

const crops = new Map<string, Promise<Record<string, Volume>>>();

/** The shared case's volumes cut to SLICES axial slices through the tumour's middle (header and affine kept); read once per process. */
function croppedCase(src: string): Promise<Record<string, Volume>> {
  let p = crops.get(src);
  if (!p) crops.set(src, (p = cropCase(src)));
  return p;
}

async function cropCase(src: string): Promise<Record<string, Volume>> {
  const read = async (m: string) => readNiftiAsync(m, new Uint8Array(await fs.promises.readFile(sharedData('brats18', src, `${src}_${m}.nii.gz`))));
  const seg = await read('seg');
  const [X, Y, Z] = seg.dims;
  const zs = [...Array(Z).keys()].filter((z) => seg.data.subarray(z * X * Y, (z + 1) * X * Y).some((v) => v > 0));
  const z0 = Math.max(0, Math.min(Z - SLICES, zs[Math.floor(zs.length / 2)] - SLICES / 2));
  const out: Record<string, Volume> = {};
  for (const m of ['flair', 't1', 't1ce', 't2', 'seg']) {
    const v = m === 'seg' ? seg : await read(m);
    out[m] = { ...v, dims: [X, Y, SLICES], data: v.data.slice(z0 * X * Y, (z0 + SLICES) * X * Y) };
  }
  return out;
}

const nii = (v: Volume): Uint8Array => writeNifti(v, { datatype: v.sourceDtype === 'uint8' ? 'uint8' : 'float32' });

export async function buildBrats2018(root: string): Promise<void> {
  for (const c of CASES_2018) {
    for (const [m, v] of Object.entries(await croppedCase(c))) put(root, `${c}/${c}_${m}.nii`, nii(v));
  }
}

/** BraTS 2023 names; the segmentation relabelled to the 2023 convention (enhancing tumour 3). */
export async function buildBrats2023(root: string): Promise<void> {
  const names: Record<string, string> = { flair: 't2f', t1: 't1n', t1ce: 't1c', t2: 't2w', seg: 'seg' };
  for (const [i, src] of CASES_2018.entries()) {
    const id = `BraTS-GLI-0000${i + 1}-000`;
    for (const [m, v] of Object.entries(await croppedCase(src))) {
      const vol = m === 'seg' ? { ...v, data: Uint8Array.from(v.data, (x) => (x === 4 ? 3 : x)), sourceDtype: 'uint8' as const } : v;
      put(root, `${id}/${id}-${names[m]}.nii`, nii(vol));
    }
  }
}

/** dataset.json: channels `t1` (the slice) and `inv` (its negative), masks stored as 0/2, case labels 5 and 7. */
export function buildDatasetJson(root: string): void {
  const cases = FIG_IDS.map((id, k) => {
    const g = figshareGrey(id);
    put(root, `t1/${id}.png`, greyPng(g));
    put(root, `inv/${id}.png`, greyPng({ ...g, data: g.data.map((v) => 255 - v) }));
    const m = figshareMask(id);
    put(root, `seg/${id}.png`, greyPng({ ...m, data: m.data.map((v) => (v ? 2 : 0)) }));
    return { id: String(id), modalities: { t1: `t1/${id}.png`, inv: `inv/${id}.png` }, mask: `seg/${id}.png`, label: k % 2 ? 7 : 5 };
  });
  put(root, 'dataset.json', JSON.stringify({ name: 'two-channel', modalities: ['t1', 'inv'], classes: ['low', 'high'], labelMap: { 5: 0, 7: 1 }, maskLabels: { 0: 0, 2: 1 }, cases }, null, 1));
}
