/**
 * One small dataset folder per layout the dataset doctor accepts, built from the real
 * shared data: figshare .mat, figshare images/+masks/ with labels.csv, BraTS 2018 names,
 * BraTS 2023 names (t2f/t1n/t1c/t2w/seg, enhancing tumour 3), and a dataset.json with two
 * modalities, a label map (5 → 0, 7 → 1) and mask labels (0 → 0, 2 → 1).
 */
import * as fs from 'fs';
import * as path from 'path';
import { readNifti, writeNifti } from '../../../src/core/io';
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

export function buildBrats2018(root: string): void {
  for (const c of CASES_2018) fs.symlinkSync(sharedData('brats18', c), path.join(root, c), 'dir');
}

/** BraTS 2023 names; the segmentation relabelled to the 2023 convention (enhancing tumour 3). */
export function buildBrats2023(root: string): void {
  const names: Record<string, string> = { flair: 't2f', t1: 't1n', t1ce: 't1c', t2: 't2w' };
  CASES_2018.forEach((src, i) => {
    const id = `BraTS-GLI-0000${i + 1}-000`;
    fs.mkdirSync(path.join(root, id), { recursive: true });
    for (const [m, n] of Object.entries(names)) fs.symlinkSync(sharedData('brats18', src, `${src}_${m}.nii.gz`), path.join(root, id, `${id}-${n}.nii.gz`));
    const seg = readNifti('seg', new Uint8Array(fs.readFileSync(sharedData('brats18', src, `${src}_seg.nii.gz`))));
    const data = Uint8Array.from(seg.data, (v) => (v === 4 ? 3 : v));
    put(root, `${id}/${id}-seg.nii.gz`, writeNifti({ ...seg, data, sourceDtype: 'uint8' }, { gzip: true, datatype: 'uint8' }));
  });
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
