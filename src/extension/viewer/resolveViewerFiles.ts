import * as vscode from 'vscode';
import type { ViewerOpenOptions } from '../../core/protocol/viewerProtocol';

/** A file to read and the role it plays in the viewer. */
export interface ViewerFile {
  uri: vscode.Uri;
  role: 'image' | 'labels' | 'prediction';
  /** Display name (modality for BraTS, else the file name). */
  name: string;
}

/** What `medseg.openSliceViewer` resolved its arguments to. */
export interface ViewerRequest {
  title: string;
  files: ViewerFile[];
  options: ViewerOpenOptions;
}

/** The object form of the command's argument (the Predict command uses it). */
export interface OpenSliceViewerArgs extends ViewerOpenOptions {
  image: vscode.Uri | string;
  mask?: vscode.Uri | string;
  prediction?: vscode.Uri | string;
  title?: string;
}

const BRATS_MODALITIES = ['flair', 't1', 't1ce', 't2'];
const NIFTI = /\.(nii|nii\.gz|hdr|hdr\.gz)$/i;

/** File name of a URI. */
export function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function toUri(x: vscode.Uri | string): vscode.Uri {
  return typeof x === 'string' ? (x.includes('://') ? vscode.Uri.parse(x) : vscode.Uri.file(x)) : x;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try { await vscode.workspace.fs.stat(uri); return true; } catch { return false; }
}

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try { return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0; } catch { return false; }
}

/** BraTS modality of a file name (`…_t1ce.nii.gz` → `t1ce`), or `seg`. */
function bratsPart(name: string): string | undefined {
  return /_(flair|t1|t1ce|t2|seg)\.nii(\.gz)?$/i.exec(name)?.[1].toLowerCase();
}

/** A case folder: BraTS modalities in the usual order + seg, else every NIfTI with the first seg/mask/label as labels. */
async function filesOfFolder(dir: vscode.Uri): Promise<ViewerFile[]> {
  const entries = (await vscode.workspace.fs.readDirectory(dir))
    .filter(([n, t]) => t === vscode.FileType.File && NIFTI.test(n)).map(([n]) => n).sort();
  const brats = entries.filter((n) => bratsPart(n));
  if (brats.some((n) => bratsPart(n) !== 'seg')) {
    const out: ViewerFile[] = [];
    for (const m of BRATS_MODALITIES) {
      const n = brats.find((b) => bratsPart(b) === m);
      if (n) out.push({ uri: vscode.Uri.joinPath(dir, n), role: 'image', name: m });
    }
    const seg = brats.find((b) => bratsPart(b) === 'seg');
    if (seg) out.push({ uri: vscode.Uri.joinPath(dir, seg), role: 'labels', name: 'seg' });
    return out;
  }
  const isLabel = (n: string): boolean => /seg|mask|label/i.test(n);
  const out: ViewerFile[] = entries.filter((n) => !isLabel(n)).map((n) => ({ uri: vscode.Uri.joinPath(dir, n), role: 'image', name: n }));
  const lab = entries.find(isLabel);
  if (lab) out.push({ uri: vscode.Uri.joinPath(dir, lab), role: 'labels', name: lab });
  if (!out.length) throw new Error(`${dir.fsPath}: no NIfTI volumes in this folder`);
  return out;
}

/** The mask that goes with an image file, by naming convention, if present. */
async function companionMask(uri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const name = baseName(uri);
  const dir = vscode.Uri.joinPath(uri, '..');
  const part = bratsPart(name);
  if (part && part !== 'seg') {
    const seg = vscode.Uri.joinPath(dir, name.replace(/_(flair|t1|t1ce|t2)(\.nii(\.gz)?)$/i, '_seg$2'));
    return (await exists(seg)) ? seg : undefined;
  }
  const m = /^(.*)\.(png|jpe?g)$/i.exec(name);
  if (m && !/_mask$/i.test(m[1])) {
    for (const c of [vscode.Uri.joinPath(dir, `${m[1]}_mask.png`), vscode.Uri.joinPath(dir, '..', 'masks', `${m[1]}_mask.png`)]) {
      if (await exists(c)) return c;
    }
  }
  return undefined;
}

/** Extensions the viewer opens (the file picker's filter). */
const VIEWABLE = ['nii', 'gz', 'hdr', 'mat', 'npy', 'png', 'jpg', 'jpeg'];

/**
 * Asks for what to open when the command has no target (palette, nothing selected):
 * a file or a case folder (two dialogs: Linux and Windows dialogs pick one kind).
 */
async function pickTarget(): Promise<vscode.Uri | undefined> {
  const folder = { label: '$(folder) Open a case folder…', description: 'all modalities of a case, with its segmentation' };
  const file = { label: '$(file-media) Open an image file…', description: VIEWABLE.map((e) => `.${e}`).join(' ') };
  const pick = await vscode.window.showQuickPick([file, folder], { title: 'MedSeg: Open Slice Viewer', placeHolder: 'What do you want to view?' });
  if (!pick) return undefined;
  const picked = await vscode.window.showOpenDialog({
    title: pick === folder ? 'Open a case folder in the slice viewer' : 'Open an image in the slice viewer',
    canSelectFiles: pick === file, canSelectFolders: pick === folder, canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: pick === file ? { 'Images and volumes': VIEWABLE } : undefined,
    openLabel: 'Open in Slice Viewer',
  });
  return picked?.[0];
}

/**
 * Resolves the arguments of `medseg.openSliceViewer`: a folder (a whole case), a file
 * (its mask found by convention), or `{ image, mask?, prediction?, title?, layout? }`.
 * A second argument may carry options (`{ layout: '3-plane' }`); the explorer passes
 * the selection array there, which is ignored. Without a target (the palette with
 * nothing selected) it offers a picker: undefined when that is dismissed.
 */
export async function resolveViewerRequest(arg: unknown, extra?: unknown): Promise<ViewerRequest | undefined> {
  let a: OpenSliceViewerArgs;
  if (arg instanceof vscode.Uri || typeof arg === 'string') a = { image: arg };
  else if (arg && typeof arg === 'object' && 'image' in arg) a = arg as OpenSliceViewerArgs;
  else {
    const active = vscode.window.activeTextEditor?.document.uri;
    const target = active && active.scheme === 'file' && /\.(nii|nii\.gz|hdr|mat|npy|png|jpe?g)$/i.test(active.path) ? active : await pickTarget();
    if (!target) return undefined;
    a = { image: target };
  }
  const options: ViewerOpenOptions = {};
  for (const src of [a, extra && typeof extra === 'object' && !Array.isArray(extra) ? extra as ViewerOpenOptions : {}]) {
    if (src.layout === 'single' || src.layout === '3-plane') options.layout = src.layout;
    if (src.plane) options.plane = src.plane;
  }
  const image = toUri(a.image);
  let files: ViewerFile[];
  if (await isDirectory(image)) files = await filesOfFolder(image);
  else {
    files = [{ uri: image, role: 'image', name: baseName(image) }];
    const mask = a.mask ? toUri(a.mask) : /\.mat$/i.test(image.path) ? undefined : await companionMask(image);
    if (mask) files.push({ uri: mask, role: 'labels', name: baseName(mask) });
  }
  if (a.mask && files[files.length - 1].uri.toString() !== toUri(a.mask).toString()) {
    // An explicit mask replaces whatever the folder convention found.
    files = files.filter((f) => f.role !== 'labels');
    files.push({ uri: toUri(a.mask), role: 'labels', name: baseName(toUri(a.mask)) });
  }
  if (a.prediction) files.push({ uri: toUri(a.prediction), role: 'prediction', name: 'prediction' });
  return { title: a.title ?? baseName(image), files, options };
}
