/**
 * The slice viewer's layers on both sides of the host ↔ webview boundary: the size limit,
 * the first-frame rule, and the decoding of a NIfTI layer sent as stored bytes. Imports
 * the NIfTI reader directly (not `core/io`), so the webview bundle stays free of h5wasm.
 */
import type { ViewerLayer, WireLayer } from '../protocol/viewerProtocol';
import type { Volume } from '../volume/Volume';
import { voxelCount } from '../volume/Volume';
import { readNiftiAsync } from '../io/readNifti';
import { toCanonicalRAS } from '../io/toCanonicalRAS';
import { asMedSegError } from '../util/MedSegError';
import { WINDOW_PRESETS, presetLimits, type WindowLimits } from './windowing';
import { labelCentroid, valueRange } from './volumeStats';
import { distinctLabels } from './labels';

/**
 * Largest volume the viewer accepts (voxels of one frame). 512³ fits; beyond that the
 * webview would need more than ~1 GB for one modality as float32.
 */
export const MAX_VIEWER_VOXELS = 160_000_000;

/** Only the first frame of 4-D data is shown (frame 0). */
export function firstFrame(v: Volume): Volume {
  const n = voxelCount(v.dims.slice(0, 3));
  if (v.data.length <= n) return v;
  return {
    ...v, data: v.data.slice(0, n), dims: v.dims.slice(0, 3), spacing: v.spacing.slice(0, 3),
    notes: [...(v.notes ?? []), `showing frame 1 of ${v.dims.slice(3).join('×')}`],
  };
}

/**
 * A layer as the viewer shows it: a NIfTI layer's bytes decoded by the core reader (native
 * inflate where there is one) into the stored dtype, canonical RAS, first frame. Throws a
 * MedSegError whose message names the file.
 */
export async function decodeViewerLayer(l: WireLayer): Promise<ViewerLayer> {
  if (!l.encoded) return l;
  const e = l.encoded;
  try {
    // The same limit the host checked the header against.
    const v = await readNiftiAsync(e.file, e.bytes, { companion: e.companion, maxVoxels: MAX_VIEWER_VOXELS });
    return { role: l.role, name: l.name, volume: firstFrame(toCanonicalRAS(v)) };
  } catch (err) {
    throw asMedSegError(err, e.file);
  }
}

/** Canonical dims of a layer on the wire (the host logs them before anything is decoded). */
export function wireLayerDims(l: WireLayer): number[] {
  return l.encoded ? l.encoded.dims : l.volume.dims;
}

/** Bytes a layer puts on the channel. */
export function wireLayerBytes(l: WireLayer): number {
  return l.encoded ? l.encoded.bytes.byteLength + (l.encoded.companion?.byteLength ?? 0) : l.volume.data.byteLength;
}

/**
 * Whole-volume facts the viewer derives once per layer (each a pass over ~9 M voxels):
 * computed where the layer is decoded (a Web Worker when there is one), so the webview's
 * main thread only paints.
 */
export interface LayerFacts {
  /** Image: max − min (scales right-drag windowing). */
  range?: number;
  /** Image: the default window (the first preset, auto 0.5–99.5 %). */
  auto?: WindowLimits;
  /** Labels / prediction: the distinct label values (0–255). */
  labels?: number[];
  /** Labels / prediction: centre of mass of the non-zero voxels. */
  centroid?: [number, number, number];
}

/** A decoded layer with its {@link LayerFacts}. */
export type DecodedLayer = ViewerLayer & { facts: LayerFacts };

/** The facts of a decoded layer. */
export function layerFacts(l: ViewerLayer): LayerFacts {
  const data = l.volume.data;
  if (l.role === 'image') return { range: valueRange(data), auto: presetLimits(WINDOW_PRESETS[0], data) };
  const dims = l.volume.dims.slice(0, 3);
  while (dims.length < 3) dims.push(1);
  return { labels: distinctLabels(data), centroid: labelCentroid(data, dims) };
}

/** {@link decodeViewerLayer} and {@link layerFacts}: what a decoder (worker or main thread) hands the viewer. */
export async function decodeWithFacts(l: WireLayer): Promise<DecodedLayer> {
  const layer = await decodeViewerLayer(l);
  return { ...layer, facts: layerFacts(layer) };
}
