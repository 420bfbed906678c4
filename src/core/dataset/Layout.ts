import { DatasetCase, DatasetKind } from './DatasetManifest';
import { Finding } from './Finding';

/**
 * What one layout recogniser found, before labels.csv and the common checks are applied
 * (see recognizeDataset).
 */
export interface Layout {
  kind: DatasetKind;
  dimensionality: 2 | 3;
  modalities: string[];
  /** Cases in any order (recognizeDataset sorts them). */
  cases: DatasetCase[];
  maskLabels: Record<string, number>;
  findings: Finding[];
  notes: string[];
  /** A labels CSV to merge, relative to the root. */
  labelsFile?: string;
  name?: string;
  classes?: string[];
  labelMap?: Record<string, number>;
}

/** Image file extensions the readers take for image/mask pairs. */
export const IMAGE_EXTS = ['.png', '.jpg', '.jpeg', '.nii', '.nii.gz', '.npy', '.hdr'];

/** The binary mask label set (background, foreground). */
export const BINARY_MASK_LABELS: Record<string, number> = { 0: 0, 1: 1 };
