/**
 * Reads one case of a doctor's manifest into what training and prediction consume: raw
 * axial slices (every layout goes through `extractAxialSlice`; a 2-D image is a volume of
 * depth 1), masks in training indices (the manifest's `maskLabels`, e.g. BraTS 2018 4 → 3)
 * and the image-level class index (the manifest's `labelMap`). Intensities stay as stored;
 * normalisation is the preparation step's job.
 */
import * as fs from 'fs';
import * as path from 'path';
import { classIndexOf, type DatasetCase, type DatasetManifest } from '../../core/dataset/DatasetManifest';
import { maskToTraining } from '../../core/dataset/manifestConventions';
import { companionFileName, readFigshareMat, readVolume } from '../../core/io';
import { extractAxialSlice } from '../../core/preprocessing/extractAxialSlice';
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import { MedSegError, asMedSegError } from '../../core/util/MedSegError';
import type { Volume } from '../../core/volume/Volume';

/** A case as read: its slices, the grid they came from, and its ground truth where it has one. */
export interface CaseData {
  id: string;
  /** Axial slices in k order (2-D images: one). Masks are training indices, `label` the class index. */
  slices: Sample2D[];
  /** The first channel's volume: geometry (dims, spacing, affine) for writing predictions. */
  grid: Volume;
  /** Whether the case is a 3-D volume (written as NIfTI) rather than a 2-D image. */
  volumetric: boolean;
  /** Ground-truth label map over the whole grid, in training indices. */
  truth?: Uint8Array;
  /** Image-level class index. */
  label?: number;
  /** Absolute files: the channels and the mask. */
  files: string[];
  maskFile?: string;
}

/** Options of {@link readDatasetCase}. */
export interface ReadCaseOptions {
  /** Keep only slices where some channel is non-zero (training on BraTS: skip empty slices). */
  nonEmptyOnly?: boolean;
  maxVoxels?: number;
}

async function readBytes(file: string): Promise<Uint8Array> {
  const b = await fs.promises.readFile(file);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

async function readAny(file: string, maxVoxels?: number): Promise<Volume> {
  const other = companionFileName(file);
  const companion = other ? await readBytes(other).catch(() => undefined) : undefined;
  return readVolume(path.basename(file), await readBytes(file), { companion, maxVoxels });
}

/** The case file of each requested channel; a single-channel model takes a single-channel case whatever its name. */
export function channelFiles(c: DatasetCase, modalities: readonly string[]): string[] {
  const names = Object.keys(c.modalities);
  if (modalities.length === 1 && !(modalities[0] in c.modalities) && names.length === 1) return [c.modalities[names[0]]];
  return modalities.map((m) => {
    const f = c.modalities[m];
    if (f === undefined) throw new MedSegError('bad-input', `case '${c.id}' has no '${m}' channel (it has ${names.join(', ') || 'none'}); the model takes ${modalities.join(', ')}`);
    return f;
  });
}

/** Whether any channel of a slice is non-zero. */
function anyNonZero(s: Sample2D): boolean {
  for (const v of s.image) if (v !== 0) return true;
  return false;
}

/** Reads a manifest case (paths relative to `root`) as slices with training-index masks and class. */
export async function readDatasetCase(root: string, m: DatasetManifest, c: DatasetCase, modalities: readonly string[], opts: ReadCaseOptions = {}): Promise<CaseData> {
  const abs = (rel: string) => path.join(root, ...rel.split('/'));
  const files = channelFiles(c, modalities).map(abs);
  const maskFile = c.mask === undefined ? undefined : abs(c.mask);
  let channels: Volume[];
  let rawMask: Volume | undefined;
  let label = classIndexOf(m, c);
  try {
    if (m.kind === 'figshare') {
      const r = await readFigshareMat(path.basename(files[0]), await readBytes(files[0]), { maxVoxels: opts.maxVoxels });
      channels = [r.image];
      rawMask = r.mask;
      label ??= m.labelMap[String(r.label)];
    } else {
      channels = await Promise.all(files.map((f) => readAny(f, opts.maxVoxels)));
      rawMask = maskFile ? await readAny(maskFile, opts.maxVoxels) : undefined;
    }
  } catch (err) {
    throw asMedSegError(err, files[0]);
  }
  const grid = channels[0];
  const seg = rawMask ? { ...rawMask, data: maskToTraining(rawMask.data, m.maskLabels, maskFile ?? files[0]) } : undefined;
  if (seg && seg.data.length !== grid.data.length) throw new MedSegError('bad-mask', `mask is ${rawMask!.dims.join('×')}, image ${grid.dims.join('×')}`, maskFile);
  const depth = grid.dims[2] ?? 1;
  const slices: Sample2D[] = [];
  for (let k = 0; k < depth; k++) {
    let s: Sample2D;
    try {
      s = extractAxialSlice(channels, k, { seg, idPrefix: c.id });
    } catch (err) {
      throw asMedSegError(err, files[0]);
    }
    if (opts.nonEmptyOnly && !anyNonZero(s)) continue;
    s.id = depth === 1 ? c.id : `${c.id}#${k}`;
    if (label !== undefined) s.label = label;
    slices.push(s);
  }
  const out: CaseData = { id: c.id, slices, grid, volumetric: depth > 1 || m.dimensionality === 3, files, label };
  if (seg) out.truth = seg.data as Uint8Array;
  if (maskFile) out.maskFile = maskFile;
  return out;
}
