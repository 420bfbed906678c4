/**
 * What `predict` reads: each input as a dataset in the doctor's terms. A folder is
 * examined by the doctor (figshare .mat, images/+masks/, BraTS case folders or a single
 * case folder, dataset.json); a single file becomes a one-case dataset (a figshare .mat
 * keeps its mask and label, so it is evaluated too).
 */
import * as fs from 'fs';
import * as path from 'path';
import { splitExt } from '../../core/dataset/FileSource';
import type { DatasetCase, DatasetManifest } from '../../core/dataset/DatasetManifest';
import { MedSegError } from '../../core/util/MedSegError';
import { examineDataset } from './examineDataset';

/** An input resolved to a dataset. */
export interface PredictionInput {
  /** The input as given (absolute). */
  input: string;
  root: string;
  manifest: DatasetManifest;
  /** The cases to predict (one for a file). */
  cases: DatasetCase[];
  /** Whether the manifest came from the doctor on a folder (its label conventions are the folder's own). */
  recognised: boolean;
  warnings: string[];
}

const VOLUME = /\.(nii(\.gz)?|hdr)$/i;

/** A one-file dataset with the training manifest's label conventions. */
function singleFile(file: string, training: DatasetManifest): PredictionInput {
  const name = path.basename(file);
  const id = splitExt(name)[0];
  const mat = /\.mat$/i.test(name);
  const c: DatasetCase = mat ? { id, modalities: { image: name }, mask: name } : { id, modalities: { image: name } };
  const manifest: DatasetManifest = {
    version: 1, kind: mat ? 'figshare' : 'image-mask', name: id, dimensionality: VOLUME.test(name) ? 3 : 2, modalities: ['image'],
    cases: [c], classes: training.classes, labelMap: training.labelMap, maskLabels: mat ? { 0: 0, 1: 1 } : training.maskLabels, notes: [],
  };
  return { input: file, root: path.dirname(file), manifest, cases: [c], recognised: false, warnings: [] };
}

/**
 * Resolves one input (file or folder). Folder findings never stop prediction; they come back
 * as warnings. `cacheDir` (the run's cache root) keeps the doctor's report across runs.
 */
export async function resolvePredictionInput(input: string, training: DatasetManifest, cacheDir?: string): Promise<PredictionInput> {
  const abs = path.resolve(input);
  const st = await fs.promises.stat(abs).catch(() => undefined);
  if (!st) throw new MedSegError('bad-input', 'no such file or folder', abs);
  if (!st.isDirectory()) return singleFile(abs, training);
  const { report } = await examineDataset(abs, { stopOnErrors: false, cacheDir });
  const m = report.manifest;
  if (m.cases.length === 0) {
    throw new MedSegError('bad-input', `the dataset doctor recognises no cases here: ${report.findings.find((f) => f.severity === 'error')?.message ?? 'no images'}`, abs);
  }
  const warnings = report.findings.filter((f) => f.severity !== 'info').map((f) => `${path.join(abs, f.file)}: ${f.message}`);
  return { input: abs, root: abs, manifest: m, cases: m.cases, recognised: true, warnings };
}
