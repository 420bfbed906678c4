import { DatasetCase, DatasetManifest } from './DatasetManifest';
import { Finding, finding } from './Finding';
import { LoadedFile, checkMaskValues, maskStatsOf } from './checkCase';
import { finishLabels } from './recognizeDataset';
import { sizeLabel } from './volumeStats';

/**
 * Checks across cases once all are read: image sizes that differ from the majority,
 * 0/255 masks, and class labels (mapping to 0-based classes, unknown or missing labels).
 * Returns the findings and the size histogram for the summary.
 */
export function datasetFindings(m: DatasetManifest, checked: { c: DatasetCase; loaded: Map<string, LoadedFile | undefined> }[], failed: ReadonlySet<string> = new Set()): { findings: Finding[]; sizes: Record<string, number> } {
  const out: Finding[] = [];
  // Sizes: the first modality of each case stands for the case (a case's modalities are compared in checkCase).
  const sized: { file: string; size: string }[] = [];
  for (const { c, loaded } of checked) {
    const file = Object.values(c.modalities)[0];
    const s = file === undefined ? undefined : loaded.get(file)?.image;
    if (s) sized.push({ file, size: sizeLabel(s) });
  }
  const sizes: Record<string, number> = {};
  for (const { size } of sized) sizes[size] = (sizes[size] ?? 0) + 1;
  const common = Object.entries(sizes).sort((a, b) => b[1] - a[1])[0];
  if (common && Object.keys(sizes).length > 1) {
    for (const { file, size } of sized) {
      if (size !== common[0]) {
        out.push(finding('warning', 'mixed-sizes', file, `image is ${size} while ${common[1]} of ${sized.length} images are ${common[0]}`, 'it will be resized to the input size; check that it is not a crop or a different field of view'));
      }
    }
  }

  const masks255 = checked.filter(({ c, loaded }) => {
    const ms = maskStatsOf(m, c, loaded);
    if (!ms) return false;
    const v = checkMaskValues(ms, m.maskLabels);
    return v.ok && v.is255 === true;
  });
  if (masks255.length > 0) {
    out.push(finding('info', 'mask-255', masks255[0].c.mask ?? '', `${masks255.length} mask${masks255.length > 1 ? 's store' : ' stores'} the foreground as 255 instead of 1`, 'nothing to do: non-zero values of a binary mask are read as foreground'));
  }
  out.push(...labelFindings(m, failed));
  out.push(...groupLeaks(m, m.kind === 'manifest' ? 'dataset.json' : (m.labelsFile ?? '')));
  return { findings: out, sizes };
}

/** Class-label findings; re-derives the label mapping when labels were read from the files. */
function labelFindings(m: DatasetManifest, failed: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  const labelled = m.cases.filter((c) => c.label !== undefined);
  if (labelled.length === 0) return out;
  const where = m.kind === 'manifest' ? 'dataset.json' : (m.labelsFile ?? '');
  const unknown = labelled.filter((c) => m.labelMap[String(c.label)] === undefined);
  if (unknown.length > 0 && m.kind !== 'manifest') {
    // Labels came from the files (figshare .mat): rebuild the mapping, keeping known class names.
    const names = new Map(Object.entries(m.labelMap).map(([raw, i]) => [Number(raw), m.classes[i]] as [number, string]));
    m.labelMap = {};
    m.classes = [];
    finishLabels(m, names);
  } else {
    for (const c of unknown) out.push(finding('error', 'unknown-label', where, `case '${c.id}' has label ${c.label}, which labelMap does not map`, 'add it to "labelMap" (and "classes") or fix the label'));
  }
  for (const c of m.cases) {
    if (c.label === undefined && !failed.has(c.id)) out.push(finding('warning', 'no-label', Object.values(c.modalities)[0] ?? where, `case '${c.id}' has no class label while ${labelled.length} others do`, `add its label${m.labelsFile ? ` to ${m.labelsFile}` : ''}; it is left out of the classification loss`));
  }
  const entries = Object.entries(m.labelMap).map(([raw, i]) => [Number(raw), i] as const).sort((a, b) => a[1] - b[1]);
  if (entries.some(([raw, i]) => raw !== i)) {
    const mapping = entries.map(([raw, i]) => `${raw}→${i}${m.classes[i] ? ` (${m.classes[i]})` : ''}`).join(', ');
    out.push(finding('info', 'label-offset', where, `class labels are ${entries.map(([raw]) => raw).join(', ')}, not 0-based: training maps ${mapping}`, 'nothing to do; predictions are reported with the original labels and class names'));
  }
  return out;
}

/**
 * Patient-wise splits: cases sharing a group (patient) must share a fold, or the
 * validation score is inflated by slices of patients seen in training.
 */
function groupLeaks(m: DatasetManifest, where: string): Finding[] {
  const folds = new Map<string, Set<number>>();
  for (const c of m.cases) {
    if (c.group === undefined || c.fold === undefined) continue;
    const set = folds.get(c.group) ?? new Set<number>();
    set.add(c.fold);
    folds.set(c.group, set);
  }
  const leaks = [...folds].filter(([, s]) => s.size > 1);
  if (leaks.length === 0) return [];
  const list = leaks.slice(0, 5).map(([g, s]) => `${g} (folds ${[...s].sort((a, b) => a - b).join(', ')})`).join(', ');
  return [finding('warning', 'group-leak', where, `${leaks.length} patient${leaks.length > 1 ? 's have' : ' has'} cases in more than one fold: ${list}${leaks.length > 5 ? ', …' : ''}`,
    'assign folds per patient; otherwise slices of one patient land in both training and validation')];
}
