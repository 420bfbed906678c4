import { DatasetKind, DatasetManifest, FIGSHARE_CLASSES, labelMapFrom } from './DatasetManifest';
import { DatasetDir } from './DatasetDir';
import { FileSource } from './FileSource';
import { Finding, finding } from './Finding';
import { BINARY_MASK_LABELS, Layout } from './Layout';
import { parseLabelsCsv } from './labelsCsv';
import { naturalCompare } from './naturalCompare';
import { recognizeBrats } from './recognizeBrats';
import { DATASET_JSON, recognizeManifest } from './recognizeManifest';
import { recognizeFigshare, recognizeImageMask, recognizePattern } from './recognizePairs';

/** Options for recognition. */
export interface RecognizeOptions {
  /** Pair files by pattern instead of guessing, e.g. `{ image: 'images/{id}.jpg', mask: 'masks/{id}_mask.png' }`. */
  pattern?: { image: string; mask?: string };
  /**
   * The layout to prefer when a folder holds several (a training config's `data.kind`):
   * a figshare folder with both `mat/` and `images/`+`masks/` is read as image/mask pairs
   * with `image-mask`. When the preferred layout is not there, the usual precedence applies.
   */
  preferKind?: DatasetKind;
}

/** A recognised dataset: the manifest plus what recognition found wrong (layout-level findings). */
export interface Recognition {
  manifest: DatasetManifest;
  findings: Finding[];
}

/** The labels table looked for in the root when the layout names none. */
export const LABELS_CSV = 'labels.csv';

/**
 * Works out what a dataset folder holds, reading only directory listings and the small text
 * files (dataset.json, labels.csv). Precedence: an explicit pattern, then dataset.json, then
 * BraTS case folders, figshare .mat files, and image/mask pairs.
 * Throws MedSegError `not-a-folder` when `root` cannot be listed; everything else is a finding.
 */
export async function recognizeDataset(source: FileSource, root: string, opts: RecognizeOptions = {}): Promise<Recognition> {
  const dir = new DatasetDir(source, root);
  const top = await dir.listRoot();
  const has = (name: string) => top.some((e) => !e.isDirectory && e.name === name);
  const preferred = opts.preferKind === 'image-mask' ? await recognizeImageMask(dir, top)
    : opts.preferKind === 'figshare' ? await recognizeFigshare(dir, top) : undefined;
  const layout: Layout =
    (opts.pattern ? await recognizePattern(dir, opts.pattern) : undefined)
    ?? preferred
    ?? (has(DATASET_JSON) ? await recognizeManifest(dir) : undefined)
    ?? (await recognizeBrats(dir, top))
    ?? (await recognizeFigshare(dir, top))
    ?? (await recognizeImageMask(dir, top))
    ?? {
      kind: 'image-mask', dimensionality: 2, modalities: ['image'], cases: [], notes: [], maskLabels: BINARY_MASK_LABELS,
      findings: [finding('error', 'unrecognized', '', 'no dataset layout recognised: no dataset.json, BraTS case folders, .mat files, images/+masks/ folders or <id>_mask files',
        'add a dataset.json (see media/schemas/dataset.schema.json) or give an image/mask pattern')],
    };
  if (layout.kind === 'image-mask' && layout.cases.some((c) => /\.(nii(\.gz)?|hdr)$/i.test(c.modalities.image ?? ''))) layout.dimensionality = 3;

  const findings = [...layout.findings];
  layout.cases.sort((a, b) => naturalCompare(a.id, b.id));
  const labelsFile = layout.labelsFile ?? (has(LABELS_CSV) ? LABELS_CSV : undefined);
  const classNames = labelsFile ? await mergeLabels(dir, labelsFile, layout, findings) : new Map<number, string>();
  findings.push(...orderingTrap(layout));

  const manifest: DatasetManifest = {
    version: 1, kind: layout.kind, name: layout.name ?? dir.name, dimensionality: layout.dimensionality,
    modalities: layout.modalities, cases: layout.cases, classes: layout.classes ?? [], labelMap: layout.labelMap ?? {},
    maskLabels: layout.maskLabels, notes: layout.notes,
  };
  if (labelsFile) manifest.labelsFile = labelsFile;
  finishLabels(manifest, classNames);
  return { manifest, findings };
}

/** Merges label, fold and group from a labels CSV into the cases; returns label → class name. */
async function mergeLabels(dir: DatasetDir, file: string, layout: Layout, findings: Finding[]): Promise<Map<number, string>> {
  let text: string;
  try {
    text = await dir.readText(file);
  } catch (err) {
    findings.push(finding('error', 'missing-file', file, `cannot read labels table: ${(err as Error).message}`, 'fix or remove the labels file'));
    return new Map();
  }
  const table = parseLabelsCsv(text, file);
  findings.push(...table.findings);
  const names = new Map<number, string>();
  const unmatched = new Set(table.rows.keys());
  for (const c of layout.cases) {
    const row = table.rows.get(c.id);
    if (!row) continue;
    unmatched.delete(c.id);
    if (row.label !== undefined) c.label ??= row.label;
    if (row.fold !== undefined) c.fold ??= row.fold;
    if (row.group !== undefined) c.group ??= row.group;
    if (row.label !== undefined && row.className) names.set(row.label, row.className);
  }
  if (unmatched.size > 0 && table.rows.size > 0) {
    const ids = [...unmatched].sort(naturalCompare);
    findings.push(finding('info', 'labels-csv', file, `${ids.length} of ${table.rows.size} rows name no case in this folder (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})`, 'nothing to do if this folder is a subset of the dataset'));
  }
  return names;
}

/** Fills classes and labelMap from the labels seen unless the layout set them. */
export function finishLabels(manifest: DatasetManifest, classNames: Map<number, string> = new Map()): void {
  const labels = manifest.cases.flatMap((c) => (c.label === undefined ? [] : [c.label]));
  if (labels.length === 0) return;
  if (Object.keys(manifest.labelMap).length === 0) manifest.labelMap = labelMapFrom(labels);
  if (manifest.classes.length === 0) {
    const entries = Object.entries(manifest.labelMap).sort((a, b) => a[1] - b[1]);
    const figshare = manifest.kind === 'figshare';
    manifest.classes = entries.map(([raw]) => classNames.get(Number(raw)) ?? (figshare ? FIGSHARE_CLASSES[Number(raw) - 1] : undefined) ?? `class ${raw}`);
  }
}

/**
 * Numeric ids of different lengths sort differently in natural and lexical order (`10`
 * before `2`): other tools (Python's sorted(os.listdir)) would then disagree with us on
 * "the i-th case", e.g. when zipping sorted image and label lists of different sets.
 */
function orderingTrap(layout: Layout): Finding[] {
  const ids = layout.cases.map((c) => c.id);
  // Only digit runs count: a natural-order neighbour pair that a plain sort would swap
  // where the names first differ at a digit (`9` vs `10`), not at letter case or punctuation.
  const trap = ids.some((a, k) => {
    const b = ids[k + 1];
    if (b === undefined || !(a > b)) return false;
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return /\d/.test(a[i] ?? '') && /\d/.test(b[i] ?? '');
  });
  if (!trap) return [];
  const lexical = [...ids].sort();
  return [finding('info', 'ordering-trap', '', `ids are numbered without zero padding: lexical order (${lexical.slice(0, 4).join(', ')}, …) differs from natural order (${ids.slice(0, 4).join(', ')}, …)`,
    'MedSeg pairs files by id and lists cases in natural order; when pairing files by position elsewhere, sort naturally or zero-pad the names')];
}
