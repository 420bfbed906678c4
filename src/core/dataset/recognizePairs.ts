import { DatasetCase } from './DatasetManifest';
import { DatasetDir } from './DatasetDir';
import { FileEntry, baseName, dirName, relJoin, splitExt } from './FileSource';
import { Finding, finding } from './Finding';
import { BINARY_MASK_LABELS, IMAGE_EXTS, Layout } from './Layout';

const IMAGE_DIRS = ['images', 'image', 'imgs', 'img', 'imagesTr'];
const MASK_DIRS = ['masks', 'mask', 'labels', 'labelsTr', 'segmentations', 'seg', 'gt', 'ground_truth', 'annotations'];
/** Suffixes that mark a mask file's stem (`12_mask.png` is the mask of `12`). */
const MASK_SUFFIX = /[_-](mask|seg|label|gt)$/i;

const isImage = (e: FileEntry) => !e.isDirectory && IMAGE_EXTS.includes(splitExt(e.name)[1]);

/** Adds `id → rel` unless the id is taken, in which case a duplicate-id error is recorded. */
function put(map: Map<string, string>, id: string, rel: string, findings: Finding[]): void {
  const prev = map.get(id);
  if (prev === undefined) map.set(id, rel);
  else findings.push(finding('error', 'duplicate-id', rel, `id '${id}' is also used by ${prev}; this file was ignored`, 'rename or remove one of them: ids must be unique'));
}

/** Pairs images with masks by id, reporting the unpaired ones. */
function pair(images: Map<string, string>, masks: Map<string, string>, findings: Finding[]): DatasetCase[] {
  const cases: DatasetCase[] = [];
  for (const [id, rel] of images) {
    const mask = masks.get(id);
    if (mask === undefined) findings.push(finding('warning', 'unpaired-image', rel, `image '${id}' has no mask`, 'add its mask; until then it is used for prediction only, not training'));
    cases.push(mask === undefined ? { id, modalities: { image: rel } } : { id, modalities: { image: rel }, mask });
  }
  for (const [id, rel] of masks) {
    if (!images.has(id)) findings.push(finding('warning', 'unpaired-mask', rel, `mask '${id}' has no image`, 'add the image or remove the mask; it is ignored'));
  }
  return cases;
}

function layout2d(kind: Layout['kind'], cases: DatasetCase[], findings: Finding[], notes: string[] = []): Layout {
  return { kind, dimensionality: 2, modalities: ['image'], cases, findings, notes, maskLabels: BINARY_MASK_LABELS };
}

/**
 * figshare brain-tumour style: `.mat` files (each a `cjdata` struct holding image, mask
 * and label) in the root or in `mat/`. Undefined when there are none.
 */
export async function recognizeFigshare(dir: DatasetDir, top: FileEntry[]): Promise<Layout | undefined> {
  const isMat = (e: FileEntry) => !e.isDirectory && e.name.toLowerCase().endsWith('.mat');
  let sub = '';
  let mats = top.filter(isMat);
  if (mats.length === 0 && top.some((e) => e.isDirectory && e.name === 'mat')) {
    sub = 'mat';
    mats = (await dir.list('mat')).filter(isMat);
  }
  if (mats.length === 0) return undefined;
  const findings: Finding[] = [];
  const cases = mats.map((e): DatasetCase => {
    const rel = relJoin(sub, e.name);
    return { id: splitExt(e.name)[0], modalities: { image: rel }, mask: rel };
  });
  const notes = sub && top.some((e) => e.isDirectory && IMAGE_DIRS.includes(e.name))
    ? ['images/ and masks/ are also present; the .mat files were used (give a pattern to use the images instead)'] : [];
  return layout2d('figshare', cases, findings, notes);
}

/**
 * Image/mask pairs: an image folder plus a mask folder (`images/` + `masks/`, mask names
 * `<id>.png` or `<id>_mask.png`), or one folder with `<id>.png` beside `<id>_mask.png`.
 */
export async function recognizeImageMask(dir: DatasetDir, top: FileEntry[]): Promise<Layout | undefined> {
  const findings: Finding[] = [];
  const images = new Map<string, string>();
  const masks = new Map<string, string>();
  const imgDir = top.find((e) => e.isDirectory && IMAGE_DIRS.includes(e.name));
  const maskDir = top.find((e) => e.isDirectory && MASK_DIRS.includes(e.name));
  if (imgDir && maskDir) {
    for (const e of (await dir.list(imgDir.name)).filter(isImage)) put(images, splitExt(e.name)[0], relJoin(imgDir.name, e.name), findings);
    for (const e of (await dir.list(maskDir.name)).filter(isImage)) put(masks, splitExt(e.name)[0].replace(MASK_SUFFIX, ''), relJoin(maskDir.name, e.name), findings);
  } else {
    const files = top.filter(isImage);
    if (!files.some((e) => MASK_SUFFIX.test(splitExt(e.name)[0]))) return undefined;
    for (const e of files) {
      const stem = splitExt(e.name)[0];
      if (MASK_SUFFIX.test(stem)) put(masks, stem.replace(MASK_SUFFIX, ''), e.name, findings);
      else put(images, stem, e.name, findings);
    }
  }
  if (images.size === 0 && masks.size === 0) return undefined;
  return layout2d('image-mask', pair(images, masks, findings), findings);
}

/** Turns a pattern (`images/{id}.jpg`, `*` = any text in a name) into its directory and a name regex. */
function compilePattern(pattern: string): { dir: string; re: RegExp } {
  const dir = dirName(pattern);
  const body = baseName(pattern).split(/(\{id\}|\*)/).map((t) => (t === '{id}' ? '(.+?)' : t === '*' ? '[^/]*?' : t.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return { dir, re: new RegExp(`^${body}$`) };
}

/**
 * Pairs files by explicit patterns such as `{ image: 'scans/{id}.png', mask: 'gt/{id}_seg.png' }`
 * (from the CLI/command options or dataset.json's `pattern`).
 */
export async function recognizePattern(dir: DatasetDir, pattern: { image: string; mask?: string }, kind: Layout['kind'] = 'image-mask'): Promise<Layout> {
  const findings: Finding[] = [];
  const collect = async (p: string): Promise<Map<string, string>> => {
    const { dir: d, re } = compilePattern(p);
    const map = new Map<string, string>();
    for (const e of await dir.list(d)) {
      const m = e.isDirectory ? null : re.exec(e.name);
      if (m) put(map, m[1], relJoin(d, e.name), findings);
    }
    return map;
  };
  const images = await collect(pattern.image);
  if (images.size === 0) findings.push(finding('error', 'unrecognized', dirName(pattern.image), `no file matches the image pattern '${pattern.image}'`, 'check the pattern: {id} stands for the case id, * for any text, directories are literal'));
  if (!pattern.mask) return layout2d(kind, [...images].map(([id, rel]) => ({ id, modalities: { image: rel } })), findings);
  const masks = await collect(pattern.mask);
  return layout2d(kind, pair(images, masks, findings), findings);
}
