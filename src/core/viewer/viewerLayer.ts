/**
 * The slice viewer's layers on both sides of the host ↔ webview boundary: the size limit,
 * the first-frame rule, and the decoding of a NIfTI layer sent as stored bytes. Imports
 * the NIfTI reader directly (not `core/io`), so the webview bundle stays free of h5wasm.
 */
import type { LayerTiming, ViewerLayer, WireLayer } from '../protocol/viewerProtocol';
import type { Volume } from '../volume/Volume';
import { voxelCount } from '../volume/Volume';
import { readNiftiAsync } from '../io/readNifti';
import { toCanonicalRAS } from '../io/toCanonicalRAS';
import { asMedSegError } from '../util/MedSegError';

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
 * inflate where there is one) into the stored dtype, canonical RAS (reoriented in place:
 * the decoded voxels are this call's own), first frame. Throws a MedSegError whose message
 * names the file. `timing` gets the parts' times; `pause` is awaited during the inflate.
 */
export async function decodeViewerLayer(l: WireLayer, timing: Pick<LayerTiming, 'inflateMs' | 'canonicalMs'> = {},
  pause?: () => Promise<void>): Promise<ViewerLayer> {
  if (!l.encoded) return l;
  const e = l.encoded;
  try {
    if (!e.bytes) throw new Error('the layer\'s bytes were not fetched');
    let t = Date.now(); // core has no `performance` type; ms resolution is enough here
    // The same limit the host checked the header against.
    // The bytes are this layer's own (posted or fetched for it alone).
    const v = await readNiftiAsync(e.file, e.bytes, { companion: e.companion, maxVoxels: MAX_VIEWER_VOXELS, pause, adopt: true });
    timing.inflateMs = Date.now() - t;
    t = Date.now();
    const volume = firstFrame(toCanonicalRAS(v, { reuse: true }));
    timing.canonicalMs = Date.now() - t;
    return { role: l.role, name: l.name, volume };
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
  return l.encoded ? l.encoded.storedBytes : l.volume.data.byteLength;
}
