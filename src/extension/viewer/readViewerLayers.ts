import * as vscode from 'vscode';
import { promisify } from 'util';
import * as zlib from 'zlib';
import {
  readVolume, readFigshareMat, toCanonicalRAS, companionFileName, niftiLayout, canonicalDims, gzipTrailerSize, isGzip,
} from '../../core/io';
import { MAX_VIEWER_VOXELS, firstFrame, wireLayerDims } from '../../core/viewer/viewerLayer';
import type { Volume } from '../../core/volume/Volume';
import { voxelCount } from '../../core/volume/Volume';
import { MedSegError, asMedSegError } from '../../core/util/MedSegError';
import type { EncodedViewerLayer, ViewerOpenOptions, WireLayer } from '../../core/protocol/viewerProtocol';
import { ViewerFile, baseName } from './resolveViewerFiles';

export { MAX_VIEWER_VOXELS };

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
 * `raw` gunzipped by Node's zlib when it is gzip: off the host thread (libuv's pool), so
 * the files of a case decompress in parallel. The core reader sniffs the header, so it
 * reads the plain bytes whatever the name says. A damaged stream is left to the core
 * reader, whose message names the problem.
 */
async function inflate(raw: Uint8Array): Promise<Uint8Array> {
  if (!isGzip(raw)) return raw;
  try {
    // 1 MB chunks: with the default 16 KB, a 17.9 MB volume takes ~1100 trips to the pool and 3× as long.
    const out = await gunzip(raw, { maxOutputLength: MAX_VIEWER_VOXELS * 8 + 65536, chunkSize: 1 << 20 });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch {
    return raw;
  }
}

/** A file read: decoded volumes (image, and a `.mat`'s mask), or a NIfTI file passed on as stored. */
type FileRead = { image: Volume; mask?: Volume; encoded?: undefined } | { encoded: EncodedViewerLayer['encoded'] };

const NIFTI_NAME = /\.(nii|nii\.gz|hdr|hdr\.gz)$/i;

/**
 * Reads one file. A NIfTI file is checked from its header only (dims, datatype, size limit,
 * room for the data, a gzip trailer that records exactly header + voxels) and crosses as stored: the webview decodes
 * it with the same reader. Anything the header check doubts goes through the full read,
 * whose message names the problem. Other formats are decoded here (companion `.img` for `.hdr`).
 */
async function readOne(f: ViewerFile): Promise<FileRead> {
  const name = baseName(f.uri);
  const raw = await vscode.workspace.fs.readFile(f.uri);
  let companion: Uint8Array | undefined;
  const imgName = companionFileName(name);
  if (imgName) {
    const img = vscode.Uri.joinPath(f.uri, '..', imgName);
    try { companion = await vscode.workspace.fs.readFile(img); } catch {
      throw new MedSegError('missing-companion', `the image file ${baseName(img)} that goes with this header was not found`, name);
    }
  }
  if (NIFTI_NAME.test(name)) {
    const encoded = storedNifti(name, raw, companion);
    if (encoded) return { encoded };
  }
  const bytes = await inflate(raw);
  if (/\.mat$/i.test(name)) {
    const m = await readFigshareMat(name, bytes);
    return { image: m.image, mask: m.mask };
  }
  return { image: await readVolume(name, bytes, { companion: companion && await inflate(companion), maxVoxels: MAX_VIEWER_VOXELS }) };
}

/** A NIfTI file to send as stored, when its header passes every check; else undefined (read it fully). */
function storedNifti(name: string, bytes: Uint8Array, companion: Uint8Array | undefined): EncodedViewerLayer['encoded'] | undefined {
  try {
    const l = niftiLayout(name, bytes, { companion, maxVoxels: MAX_VIEWER_VOXELS });
    // A NIfTI stream ends with its voxels: a trailer that says otherwise means a cut (or unusual) file.
    if (l.gzipped && gzipTrailerSize(companion ?? bytes) !== l.dataEnd % 2 ** 32) return undefined;
    return {
      file: name, bytes: plainView(bytes), companion: companion && plainView(companion),
      storedBytes: bytes.byteLength + (companion?.byteLength ?? 0), dims: canonicalDims(l.dims, l.affine).dims.slice(0, 3),
    };
  } catch {
    return undefined;
  }
}

/**
 * A plain Uint8Array that owns exactly its bytes. VS Code's webview postMessage moves typed
 * arrays as binary only when their constructor is a plain typed array (a Node `Buffer`, what
 * `workspace.fs.readFile` returns, goes through JSON as an array of numbers), and it moves
 * the whole underlying `ArrayBuffer`, so a view into a larger one is copied out.
 */
function plainView(b: Uint8Array): Uint8Array {
  if (b.byteOffset !== 0 || b.buffer.byteLength !== b.byteLength) return new Uint8Array(b);
  return b.constructor === Uint8Array ? b : new Uint8Array(b.buffer, 0, b.byteLength);
}

/** True for volumes shown as flat images (one slice from a non-NIfTI source: PNG, JPEG, .mat, .npy). */
function isFlatImage(name: string, v: Volume): boolean {
  return (v.dims[2] ?? 1) === 1 && !NIFTI_NAME.test(name);
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
  onFile?: (layers: WireLayer[], options: ViewerOpenOptions) => void): Promise<{ layers: WireLayer[]; options: ViewerOpenOptions }> {
  const layers: WireLayer[] = [];
  let options: ViewerOpenOptions = {};
  const reads = files.map((f) => readOne(f).catch((err: unknown) => { throw asMedSegError(err, baseName(f.uri)); }));
  // A failure of a later file must not surface as an unhandled rejection while an earlier one is awaited.
  for (const r of reads) r.catch(() => undefined);
  /** Adds a layer after checking its grid against the first one's. */
  const add = (layer: WireLayer, file: string): void => {
    const dims = wireLayerDims(layer).slice(0, 3);
    const ref = layers[0] && wireLayerDims(layers[0]).slice(0, 3);
    if (ref && dims.join() !== ref.join()) {
      throw new MedSegError('shape-mismatch', `${layer.name} is ${dims.join('×')} but ${layers[0].name} is ${ref.join('×')}`, file);
    }
    layers.push(layer);
  };
  for (const [k, f] of files.entries()) {
    const name = baseName(f.uri);
    const read = await reads[k]!;
    const before = layers.length;
    // The first layer is always shown as an image (a folder of labels only, a mask opened alone).
    const roleOf = (r: WireLayer['role']): WireLayer['role'] => (layers.length ? r : 'image');
    if (read.encoded) {
      add({ role: roleOf(f.role), name: f.name, encoded: read.encoded }, name);
      onFile?.(layers.slice(before), options);
      continue;
    }
    const vols: [Volume, WireLayer['role'], string][] = [[read.image, f.role, f.name]];
    if (read.mask && f.role === 'image') vols.push([read.mask, 'labels', `${f.name} mask`]);
    if (read.mask && f.role !== 'image') vols[0] = [read.mask, f.role, f.name];
    for (const [raw, r, layerName] of vols) {
      if (voxelCount(raw.dims.slice(0, 3)) > MAX_VIEWER_VOXELS) throw tooLargeError(name, raw.dims, raw.data.BYTES_PER_ELEMENT);
      const isFlat = isFlatImage(name, raw);
      const role = roleOf(r);
      if (!layers.length && isFlat) options = { layout: 'single', plane: 'image' };
      const v = firstFrame(isFlat ? raw : toCanonicalRAS(raw));
      add({ role, name: layerName, volume: role === 'image' ? v : compactLabels(v) }, name);
    }
    onFile?.(layers.slice(before), options);
  }
  return { layers, options };
}
