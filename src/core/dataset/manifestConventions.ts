/**
 * What a training run takes from a dataset's manifest, and how its predictions go back to
 * the dataset's own conventions: channel names, class names, segmentation classes, and
 * the raw ↔ training maps for mask values and case labels (BraTS 2018 ET 4 ↔ 3, figshare
 * labels 1..3 ↔ 0..2, a dataset.json label map).
 */
import { BRATS_REGION_NAMES } from '../preprocessing/bratsRegions';
import { applyLut, invertMapping, remapLabels } from '../preprocessing/remapLabels';
import { MedSegError } from '../util/MedSegError';
import type { DatasetKind, DatasetManifest } from './DatasetManifest';

/** Data-section values a manifest supplies where a config leaves them out. */
export interface ManifestDataDefaults {
  kind: DatasetKind;
  modalities: string[];
  classes: string[];
  segClasses: string[];
}

/** The foreground segmentation classes of a manifest: BraTS regions, one `tumour` for binary masks, else one per mask label. */
export function segClassNames(m: DatasetManifest): string[] {
  if (m.kind === 'brats') return [...BRATS_REGION_NAMES];
  const fg = Object.entries(m.maskLabels).filter(([, v]) => v > 0).sort((a, b) => a[1] - b[1]);
  const indices = [...new Set(fg.map(([, v]) => v))];
  if (indices.length <= 1) return ['tumour'];
  return indices.map((i) => `label ${fg.filter(([, v]) => v === i).map(([k]) => k).join('/')}`);
}

/** Config data defaults from a manifest. */
export function dataDefaultsFromManifest(m: DatasetManifest): ManifestDataDefaults {
  return { kind: m.kind, modalities: [...m.modalities], classes: [...m.classes], segClasses: segClassNames(m) };
}

/** Whether the manifest's masks are binary (any non-zero value is foreground, as the doctor accepts 0/255). */
export function isBinaryMask(maskLabels: Readonly<Record<string, number>>): boolean {
  const keys = Object.keys(maskLabels).map(Number).sort((a, b) => a - b);
  return keys.length === 2 && keys[0] === 0 && maskLabels[keys[1]] === 1;
}

/** Raw mask values (as stored) → training indices; unknown values throw, naming `file`. */
export function maskToTraining(values: ArrayLike<number>, maskLabels: Readonly<Record<string, number>>, file: string): Uint8Array {
  if (isBinaryMask(maskLabels)) {
    const out = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = values[i] > 0 ? 1 : 0;
    return out;
  }
  try {
    return remapLabels(values, maskLabels as Record<number, number>);
  } catch (err) {
    throw new MedSegError('bad-label', `${(err as Error).message}; declare it in dataset.json "maskLabels"`, file);
  }
}

/** Training index → raw mask value, for writing predictions in the dataset's convention. */
export function maskFromTraining(maskLabels: Readonly<Record<string, number>>): Uint8Array {
  const inv = invertMapping(maskLabels as Record<number, number>);
  const lut = new Uint8Array(256);
  for (let i = 0; i < 256; i++) lut[i] = inv[i] ?? i;
  return lut;
}

/** Applies {@link maskFromTraining} to a label map (returns a new array). */
export function toRawMask(labels: Uint8Array, maskLabels: Readonly<Record<string, number>>): Uint8Array {
  return applyLut(labels, maskFromTraining(maskLabels));
}

/** The dataset's raw class label of a training class index (figshare 0 → 1). */
export function rawClassLabel(m: Pick<DatasetManifest, 'labelMap'>, index: number): number | undefined {
  const e = Object.entries(m.labelMap).find(([, v]) => v === index);
  return e ? Number(e[0]) : undefined;
}
