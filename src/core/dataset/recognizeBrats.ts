import { BRATS_MODALITIES, DatasetCase } from './DatasetManifest';
import { DatasetDir } from './DatasetDir';
import { FileEntry, relJoin } from './FileSource';
import { finding } from './Finding';
import { Layout } from './Layout';

// BraTS 2018-2021: `<case>_flair.nii.gz`, `_t1`, `_t1ce`, `_t2`, `_seg`.
const NAMING_2018 = /^(.+)_(flair|t1ce|t1|t2|seg)\.nii(?:\.gz)?$/i;
// BraTS 2023+: `<case>-t2f.nii.gz`, `-t1n`, `-t1c`, `-t2w`, `-seg`.
const NAMING_2023 = /^(.+)-(t2f|t1n|t1c|t2w|seg)\.nii(?:\.gz)?$/i;
/** 2023 names → the canonical (2018) channel names, so models trained on either can be mixed. */
const CANONICAL: Record<string, string> = { t2f: 'flair', t1n: 't1', t1c: 't1ce', t2w: 't2' };

/** BraTS segmentation labels: 2018 uses 4 for enhancing tumour, 2023 uses 3. */
const MASK_LABELS_2018 = { 0: 0, 1: 1, 2: 2, 4: 3 };
const MASK_LABELS_2023 = { 0: 0, 1: 1, 2: 2, 3: 3 };

interface CaseFiles { files: Map<string, string>; naming: '2018' | '2023'; extra: string[] }

/** Which BraTS files a directory listing holds (empty map when none). */
function matchCase(entries: FileEntry[], dirRel: string): CaseFiles {
  const files = new Map<string, string>();
  const extra: string[] = [];
  let naming: '2018' | '2023' = '2018';
  for (const e of entries) {
    if (e.isDirectory) continue;
    const m18 = NAMING_2018.exec(e.name);
    const m23 = m18 ? null : NAMING_2023.exec(e.name);
    if (!m18 && !m23) continue;
    const raw = (m18 ?? m23)![2].toLowerCase();
    const mod = m23 ? (CANONICAL[raw] ?? raw) : raw;
    if (m23) naming = '2023';
    // Both x.nii and x.nii.gz present: the first (natural order) wins, the other is reported.
    if (files.has(mod)) extra.push(relJoin(dirRel, e.name));
    else files.set(mod, relJoin(dirRel, e.name));
  }
  return { files, naming, extra };
}

/**
 * Recognises BraTS: case folders (or the root itself, for a single case) holding NIfTI
 * volumes named by modality. Returns undefined when no BraTS file is found.
 */
export async function recognizeBrats(dir: DatasetDir, top: FileEntry[]): Promise<Layout | undefined> {
  const found: { id: string; rel: string; m: CaseFiles }[] = [];
  const rootCase = matchCase(top, '');
  if (rootCase.files.size > 0) found.push({ id: dir.name, rel: '', m: rootCase });
  const ignored: string[] = [];
  for (const e of top) {
    if (!e.isDirectory) continue;
    const m = matchCase(await dir.list(e.name), e.name);
    if (m.files.size > 0) found.push({ id: e.name, rel: e.name, m });
    else ignored.push(e.name);
  }
  if (found.length === 0) return undefined;

  const layout: Layout = {
    kind: 'brats', dimensionality: 3, modalities: [...BRATS_MODALITIES], cases: [], findings: [], notes: [],
    maskLabels: MASK_LABELS_2018,
  };
  const namings = new Set(found.map((f) => f.m.naming));
  if (namings.has('2023')) {
    layout.notes.push('BraTS 2023 names mapped to channels: t2f→flair, t1n→t1, t1c→t1ce, t2w→t2');
    if (namings.has('2018')) layout.notes.push('both 2018 and 2023 naming present; mask labels follow 2018 ({0,1,2,4})');
    else layout.maskLabels = MASK_LABELS_2023;
  }
  for (const name of ignored) {
    layout.findings.push(finding('info', 'ignored-file', name, `folder '${name}' holds no BraTS volumes and was ignored`, 'remove it or name its files <case>_flair.nii.gz … if it is a case'));
  }
  for (const { id, rel, m } of found) {
    const c: DatasetCase = { id, modalities: {} };
    for (const mod of BRATS_MODALITIES) {
      const f = m.files.get(mod);
      if (f) c.modalities[mod] = f;
      else {
        layout.findings.push(finding('error', 'missing-modality', rel, `case '${id}' has no ${mod} volume`,
          `add ${id}${m.naming === '2023' ? '-' + Object.keys(CANONICAL).find((k) => CANONICAL[k] === mod) : '_' + mod}.nii.gz or remove the case; every case needs all of ${BRATS_MODALITIES.join(', ')}`));
      }
    }
    const seg = m.files.get('seg');
    if (seg) c.mask = seg;
    else layout.findings.push(finding('warning', 'missing-mask', rel, `case '${id}' has no segmentation (seg) volume`, 'it can be used for prediction but not for training'));
    for (const x of m.extra) layout.findings.push(finding('warning', 'duplicate-id', x, `a second file for the same modality of case '${id}'; it was ignored`, 'keep one file per modality'));
    layout.cases.push(c);
  }
  return layout;
}
