import { contiguousMapping } from '../preprocessing/remapLabels';

/**
 * What a dataset folder holds, as the training engine consumes it. Produced by
 * `recognizeDataset` (from the folder layout, labels.csv or an explicit dataset.json)
 * and completed by `checkDataset` (labels read from figshare .mat files).
 *
 * Every path is relative to the dataset root and uses `/`, so a manifest stays valid when
 * the folder moves, and the worker, CLI and host can each resolve it on their own
 * file system.
 */
export interface DatasetManifest {
  /** Manifest format version (bumped on breaking changes). */
  version: 1;
  /** How the folder was recognised. */
  kind: DatasetKind;
  /** Free-form dataset name (folder name unless dataset.json says otherwise). */
  name: string;
  /** 2 for slice datasets (figshare, PNG/JPEG pairs), 3 for volumes (BraTS). */
  dimensionality: 2 | 3;
  /** Channel names in input order; every case's `modalities` has these keys. */
  modalities: string[];
  /** Cases in natural order of id (`2` before `10`). */
  cases: DatasetCase[];
  /** Classification class names, indexed by training label (0-based). Empty when none. */
  classes: string[];
  /** Raw case label (as written in the data, as a string key) → training class index. */
  labelMap: Record<string, number>;
  /** Raw mask value → segmentation class index (0 = background). */
  maskLabels: Record<string, number>;
  /** Human notes about the recognition (renamed modalities, ignored files...). */
  notes: string[];
  /** The labels CSV merged into the cases, relative to the root, when there was one. */
  labelsFile?: string;
}

/** The ways a dataset folder can be recognised. */
export type DatasetKind =
  /** figshare brain-tumour style: one MATLAB v7.3 `cjdata` struct per slice (image+mask+label). */
  | 'figshare'
  /** BraTS: one folder per case with flair/t1/t1ce/t2 (+seg) NIfTI volumes, 2018 or 2023 naming. */
  | 'brats'
  /** Separate image and mask files paired by id (`<id>_mask.png`, `images/`+`masks/`, or a pattern). */
  | 'image-mask'
  /** Everything listed explicitly in a `dataset.json`. */
  | 'manifest';

/** One training example (a slice or a volume) with its files and metadata. */
export interface DatasetCase {
  /** Unique id (file stem or case folder name). */
  id: string;
  /** Modality name → file path relative to the root. For figshare .mat, `image` is the .mat file. */
  modalities: Record<string, string>;
  /** Segmentation mask file relative to the root (for figshare, the same .mat as the image). */
  mask?: string;
  /** Raw class label as written in the data (map through `labelMap` for training). */
  label?: number;
  /** Cross-validation fold the authors assigned (patient-wise when `group` is set). */
  fold?: number;
  /** Patient (or other grouping) id: cases sharing it must stay in the same split. */
  group?: string;
}

/** The canonical BraTS modality names, in channel order (2023 names are mapped onto these). */
export const BRATS_MODALITIES = ['flair', 't1', 't1ce', 't2'] as const;

/** Names of the figshare brain-tumour classes by raw label (1, 2, 3). */
export const FIGSHARE_CLASSES = ['meningioma', 'glioma', 'pituitary'] as const;

/**
 * Builds the raw-label → class-index mapping from the labels seen: sorted ascending,
 * numbered from 0 (figshare's 1, 2, 3 become 0, 1, 2).
 */
export function labelMapFrom(labels: Iterable<number>): Record<string, number> {
  return contiguousMapping([...labels]);
}

/** The training class index of a case, or undefined when it has no (mappable) label. */
export function classIndexOf(manifest: DatasetManifest, c: DatasetCase): number | undefined {
  return c.label === undefined ? undefined : manifest.labelMap[String(c.label)];
}

/** Every file a case refers to (modalities first, then the mask), without duplicates. */
export function caseFiles(c: DatasetCase): string[] {
  const files = Object.values(c.modalities);
  if (c.mask !== undefined) files.push(c.mask);
  return [...new Set(files)];
}
