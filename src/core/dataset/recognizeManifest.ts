import { DatasetCase } from './DatasetManifest';
import { DatasetDir } from './DatasetDir';
import { Finding, finding } from './Finding';
import { BINARY_MASK_LABELS, Layout } from './Layout';
import { DatasetJsonCase, parseDatasetJson } from './parseDatasetJson';
import { recognizePattern } from './recognizePairs';

/** The manifest file name recognised in a dataset root. */
export const DATASET_JSON = 'dataset.json';

/**
 * An explicit `dataset.json` (schema: media/schemas/dataset.schema.json). Listed files are
 * checked for existence; cases missing one of the declared modalities are reported.
 * An invalid manifest yields a layout with no cases and the schema errors.
 */
export async function recognizeManifest(dir: DatasetDir): Promise<Layout> {
  const { json, findings } = parseDatasetJson(await dir.readText(DATASET_JSON), DATASET_JSON);
  const base: Layout = { kind: 'manifest', dimensionality: 2, modalities: ['image'], cases: [], findings, notes: [], maskLabels: BINARY_MASK_LABELS };
  if (!json) return base;

  const layout = json.pattern ? { ...(await recognizePattern(dir, json.pattern, 'manifest')) } : base;
  layout.findings = [...findings, ...(json.pattern ? layout.findings : [])];
  const missing = new Set<string>();
  if (json.cases) layout.cases = await listedCases(dir, json.cases, layout.findings, missing);
  const mods = json.modalities ?? [...new Set(layout.cases.flatMap((c) => Object.keys(c.modalities)))];
  layout.modalities = mods.length ? mods : ['image'];
  for (const c of layout.cases) {
    for (const m of layout.modalities) {
      if (!(m in c.modalities)) layout.findings.push(finding('error', 'missing-modality', DATASET_JSON, `case '${c.id}' has no '${m}' file`, `add "${m}" to its modalities or remove the case`));
    }
  }
  // Missing files were reported once; drop them so the doctor does not report them again as unreadable.
  for (const c of layout.cases) {
    for (const [m, f] of Object.entries(c.modalities)) if (missing.has(f)) delete c.modalities[m];
    if (c.mask && missing.has(c.mask)) delete c.mask;
  }
  const nifti = layout.cases.some((c) => Object.values(c.modalities).some((f) => /\.(nii(\.gz)?|hdr)$/i.test(f)));
  layout.dimensionality = json.dimensionality ?? (nifti ? 3 : 2);
  if (json.name) layout.name = json.name;
  if (json.classes) layout.classes = json.classes;
  if (json.labelMap) layout.labelMap = json.labelMap;
  if (json.maskLabels) layout.maskLabels = json.maskLabels;
  if (json.labels) layout.labelsFile = json.labels;
  return layout;
}

/** Cases as listed, with duplicate ids and missing files reported. */
async function listedCases(dir: DatasetDir, listed: DatasetJsonCase[], findings: Finding[], missing: Set<string>): Promise<DatasetCase[]> {
  const seen = new Set<string>();
  const cases: DatasetCase[] = [];
  for (const jc of listed) {
    if (seen.has(jc.id)) {
      findings.push(finding('error', 'duplicate-id', DATASET_JSON, `case id '${jc.id}' is listed twice; the second entry was ignored`, 'ids must be unique'));
      continue;
    }
    seen.add(jc.id);
    const c: DatasetCase = { id: jc.id, modalities: { ...(jc.modalities ?? {}) } };
    if (jc.image) c.modalities.image = jc.image;
    if (jc.mask) c.mask = jc.mask;
    if (jc.label !== undefined) c.label = jc.label;
    if (jc.fold !== undefined) c.fold = jc.fold;
    if (jc.group !== undefined) c.group = jc.group;
    for (const f of [...Object.values(c.modalities), ...(c.mask ? [c.mask] : [])]) {
      if (await dir.isFile(f)) continue;
      missing.add(f);
      findings.push(finding('error', 'missing-file', DATASET_JSON, `case '${jc.id}' lists ${f}, which does not exist`, `fix the path in ${DATASET_JSON} (relative to its folder, '/' separators)`));
    }
    cases.push(c);
  }
  return cases;
}
