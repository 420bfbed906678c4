import * as vscode from 'vscode';
import { promisify } from 'util';
import * as zlib from 'zlib';
import { readVolume, readFigshareMat, toCanonicalRAS, companionFileName } from '../../core/io';
import type { Volume } from '../../core/volume/Volume';
import { voxelCount } from '../../core/volume/Volume';
import { MedSegError, asMedSegError } from '../../core/util/MedSegError';
import type { ViewerLayer, ViewerOpenOptions } from '../../core/protocol/viewerProtocol';
import { ViewerFile, baseName } from './resolveViewerFiles';

/**
 * Largest volume the viewer accepts (voxels of one frame). 512³ fits; beyond that the
 * webview would need more than ~1 GB for one modality as float32.
 */
export const MAX_VIEWER_VOXELS = 160_000_000;

/** Formats a byte count for messages (`1.2 GB`). */
export function formatBytes(n: number): string {
  const u = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < u.length - 1) { n /= 1000; i++; }
  return `${n.toFixed(i ? 1 : 0)} ${u[i]}`;
}

/** The error shown when a volume is too big, with its dims and size. */
export function tooLargeError(file: string, dims: readonly number[], bytesPerVoxel: number): MedSegError {
  const n = voxelCount(dims.slice(0, 3));
  return new MedSegError('too-large',
    `volume too large to view: ${dims.join('×')} = ${(n / 1e6).toFixed(1)} M voxels (${formatBytes(n * bytesPerVoxel)}); the viewer's limit is ${MAX_VIEWER_VOXELS / 1e6} M voxels per volume`, file);
}

const gunzip = promisify(zlib.gunzip);

/**
 * A file's bytes, gunzipped by Node's zlib when compressed: off the host thread (libuv's
 * pool), so the files of a case decompress in parallel. The core reader sniffs the NIfTI
 * header, so it reads the plain bytes whatever the name says. A damaged stream is left
 * to the core reader, whose message names the problem.
 */
async function readBytes(uri: vscode.Uri): Promise<Uint8Array> {
  const raw = await vscode.workspace.fs.readFile(uri);
  if (raw.length < 2 || raw[0] !== 0x1f || raw[1] !== 0x8b) return raw;
  try {
    const out = await gunzip(raw, { maxOutputLength: MAX_VIEWER_VOXELS * 8 + 65536 });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch {
    return raw;
  }
}

/** Reads one file with the core readers (companion `.img` for `.hdr`); `.mat` gives image and mask. */
async function readOne(f: ViewerFile): Promise<{ image: Volume; mask?: Volume }> {
  const name = baseName(f.uri);
  const bytes = await readBytes(f.uri);
  if (/\.mat$/i.test(name)) {
    const m = await readFigshareMat(name, bytes);
    return { image: m.image, mask: m.mask };
  }
  let companion: Uint8Array | undefined;
  const imgName = companionFileName(name);
  if (imgName) {
    const img = vscode.Uri.joinPath(f.uri, '..', imgName);
    try { companion = await readBytes(img); } catch {
      throw new MedSegError('missing-companion', `the image file ${baseName(img)} that goes with this header was not found`, name);
    }
  }
  return { image: await readVolume(name, bytes, { companion, maxVoxels: MAX_VIEWER_VOXELS }) };
}

/** True for volumes shown as flat images (one slice from a non-NIfTI source: PNG, JPEG, .mat, .npy). */
function isFlatImage(name: string, v: Volume): boolean {
  return (v.dims[2] ?? 1) === 1 && !/\.(nii|nii\.gz|hdr|hdr\.gz)$/i.test(name);
}

/** Only the first frame of 4-D data crosses to the webview (it shows frame 0). */
function firstFrame(v: Volume): Volume {
  const n = voxelCount(v.dims.slice(0, 3));
  if (v.data.length <= n) return v;
  return {
    ...v, data: v.data.slice(0, n), dims: v.dims.slice(0, 3), spacing: v.spacing.slice(0, 3),
    notes: [...(v.notes ?? []), `showing frame 1 of ${v.dims.slice(3).join('×')}`],
  };
}

/** Label volumes whose values all fit 0–255 travel as Uint8 (half the bytes of an int16 seg). */
function compactLabels(v: Volume): Volume {
  if (v.data instanceof Uint8Array) return v;
  const d = v.data;
  for (let i = 0; i < d.length; i++) {
    const x = d[i];
    if (!(x >= 0 && x <= 255 && x === Math.floor(x))) return v;
  }
  return { ...v, data: Uint8Array.from(d) };
}

/**
 * Reads every file of a viewer request into layers: canonical RAS (3-D volumes), first
 * frame only, size-checked, labels/prediction checked against the first image's grid.
 * All files are read at once; `onFile` gets each file's layers in request order as soon
 * as it and the files before it are read (the viewer shows the first one while the rest
 * arrive). Throws a MedSegError naming the file that failed.
 */
export async function readViewerLayers(files: readonly ViewerFile[],
  onFile?: (layers: ViewerLayer[], options: ViewerOpenOptions) => void): Promise<{ layers: ViewerLayer[]; options: ViewerOpenOptions }> {
  const layers: ViewerLayer[] = [];
  let options: ViewerOpenOptions = {};
  const reads = files.map((f) => readOne(f).catch((err: unknown) => { throw asMedSegError(err, baseName(f.uri)); }));
  // A failure of a later file must not surface as an unhandled rejection while an earlier one is awaited.
  for (const r of reads) r.catch(() => undefined);
  for (const [k, f] of files.entries()) {
    const name = baseName(f.uri);
    const read = await reads[k]!;
    const vols: [Volume, ViewerLayer['role'], string][] = [[read.image, f.role, f.name]];
    if (read.mask && f.role === 'image') vols.push([read.mask, 'labels', `${f.name} mask`]);
    if (read.mask && f.role !== 'image') vols[0] = [read.mask, f.role, f.name];
    const added: ViewerLayer[] = [];
    for (const [raw, r, layerName] of vols) {
      if (voxelCount(raw.dims.slice(0, 3)) > MAX_VIEWER_VOXELS) throw tooLargeError(name, raw.dims, raw.data.BYTES_PER_ELEMENT);
      const isFlat = isFlatImage(name, raw);
      // The first layer is always shown as an image (a folder of labels only, a mask opened alone).
      const role = layers.length ? r : 'image';
      if (!layers.length && isFlat) options = { layout: 'single', plane: 'image' };
      const v = firstFrame(isFlat ? raw : toCanonicalRAS(raw));
      const ref = layers[0]?.volume;
      if (ref && v.dims.slice(0, 3).join() !== ref.dims.slice(0, 3).join()) {
        throw new MedSegError('shape-mismatch', `${layerName} is ${v.dims.slice(0, 3).join('×')} but ${layers[0].name} is ${ref.dims.slice(0, 3).join('×')}`, name);
      }
      const layer: ViewerLayer = { role, name: layerName, volume: role === 'image' ? v : compactLabels(v) };
      layers.push(layer);
      added.push(layer);
    }
    onFile?.(added, options);
  }
  return { layers, options };
}
