import { MedSegError } from '../util/MedSegError';

/**
 * Maps dataset labels onto contiguous training labels 0..K-1 (e.g. BraTS {0,1,2,4} → {0,1,2,3}),
 * which one-hot encoding and softmax need. `mapping[src] = dst`. Labels missing from the
 * mapping throw (`bad-label`), unless `unknownTo` is given, in which case they become that
 * label: silently mapping a stray label 3 to background would hide a broken dataset.
 */
export function remapLabels(mask: ArrayLike<number>, mapping: Readonly<Record<number, number>>, unknownTo?: number): Uint8Array {
  const lut = new Int16Array(256).fill(-1);
  for (const [k, v] of Object.entries(mapping)) {
    const src = Number(k);
    if (!Number.isInteger(src) || src < 0 || src > 255) throw new MedSegError('bad-label', `label mapping: source label ${k} is not an integer in 0..255`);
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new MedSegError('bad-label', `label mapping: target of ${k} (${v}) is not an integer in 0..255`);
    lut[src] = v;
  }
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) {
    const v = mask[i];
    const m = v >= 0 && v <= 255 && Number.isInteger(v) ? lut[v] : -1;
    if (m >= 0) out[i] = m;
    else if (unknownTo !== undefined) out[i] = unknownTo;
    else throw new MedSegError('bad-label', `label ${v} at voxel ${i} is not in the label mapping (${Object.keys(mapping).join(', ')})`);
  }
  return out;
}

/** `lut[v]` for every value of a label map (values outside 0..255 give 0): one typed-array pass, no callback per voxel. */
export function applyLut(values: ArrayLike<number>, lut: Uint8Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v >= 0 && v <= 255 ? lut[v | 0] : 0;
  }
  return out;
}

/** The mapping sending sorted `labels` to 0..K-1 (e.g. [0,1,2,4] → {0:0,1:1,2:2,4:3}). */
export function contiguousMapping(labels: readonly number[]): Record<number, number> {
  const sorted = [...new Set(labels)].sort((a, b) => a - b);
  const m: Record<number, number> = {};
  sorted.forEach((l, i) => { m[l] = i; });
  return m;
}

/** The inverse of a mapping, for writing predictions back with the dataset's own labels. */
export function invertMapping(mapping: Readonly<Record<number, number>>): Record<number, number> {
  const inv: Record<number, number> = {};
  for (const [k, v] of Object.entries(mapping)) {
    if (inv[v] !== undefined) throw new MedSegError('bad-label', `label mapping is not invertible: ${inv[v]} and ${k} both map to ${v}`);
    inv[v] = Number(k);
  }
  return inv;
}
