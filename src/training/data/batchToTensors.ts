/**
 * Packs samples into NHWC tensors: input `x` [B,H,W,C], segmentation target [B,H,W,K]
 * and one-hot classification target [B,classes].
 *
 * Segmentation targets depend on the head:
 * - `softmax`: one-hot over K = foreground classes + 1 (channel 0 background).
 * - `sigmoid` with `regions` (BraTS): core's BRATS_REGIONS over training indices (the
 *   manifest maps enhancing tumour to 3) → channels WT = {1,2,3}, TC = {1,3}, ET = {3}.
 * - `sigmoid` otherwise: channel k is mask == k + 1 (binary tumour: one channel).
 */
import * as tf from '@tensorflow/tfjs-core';
import { BRATS_REGIONS, bratsRegionsToLabels, labelsToBratsRegions } from '../../core/preprocessing/bratsRegions';
import type { Sample2D } from '../../core/preprocessing/Sample2D';

/** How mask labels become target channels. */
export interface TargetSpec {
  segHead: 'softmax' | 'sigmoid';
  /** Output channels of the segmentation head. */
  segClasses: number;
  /** BraTS nested regions (sigmoid only). */
  regions: boolean;
  clsClasses: number;
}

/** Training index of enhancing tumour: the BraTS manifests map 4 (2018) and 3 (2023) to it. */
const ET_INDEX = 3;
/** Core's BraTS regions (WT, TC, ET, in channel order) over training indices. */
const REGION_INDICES = Object.values(BRATS_REGIONS).map((labels) => labels.map((l) => (l === 4 ? ET_INDEX : l)));

/** Whether pixel label `m` belongs to target channel `k`. */
export function inChannel(m: number, k: number, spec: TargetSpec): boolean {
  if (spec.segHead === 'softmax') return m === k;
  if (spec.regions) return REGION_INDICES[k]?.includes(m) ?? false;
  return m === k + 1;
}

/**
 * Membership of mask labels 0..255 in foreground class/region `k` (0-based over the
 * foreground names: softmax channel k+1, sigmoid channel k), as a lookup table.
 */
export function foregroundLut(k: number, spec: TargetSpec): Uint8Array {
  const ch = spec.segHead === 'softmax' ? k + 1 : k;
  const lut = new Uint8Array(256);
  for (let m = 0; m < 256; m++) lut[m] = inChannel(m, ch, spec) ? 1 : 0;
  return lut;
}

/** Float target planes [H*W*K] for one mask. */
export function maskToTarget(mask: Uint8Array, spec: TargetSpec): Float32Array {
  if (spec.regions && spec.segHead === 'sigmoid' && spec.segClasses === 3) return Float32Array.from(labelsToBratsRegions(mask, ET_INDEX));
  const K = spec.segClasses;
  const out = new Float32Array(mask.length * K);
  for (let i = 0; i < mask.length; i++) {
    for (let k = 0; k < K; k++) if (inChannel(mask[i], k, spec)) out[i * K + k] = 1;
  }
  return out;
}

/** The batch tensors (caller disposes). */
export interface BatchTensors {
  x: tf.Tensor4D;
  seg: tf.Tensor4D;
  cls: tf.Tensor2D;
  /** Whether each sample has an image-level label (unlabelled rows get a uniform target). */
  labels: number[];
}

/** Packs samples (all the same size) into tensors. */
export function batchToTensors(samples: readonly Sample2D[], spec: TargetSpec): BatchTensors {
  const { width: W, height: H, channels: C } = samples[0];
  const B = samples.length;
  const K = spec.segClasses;
  const x = new Float32Array(B * H * W * C);
  const seg = new Float32Array(B * H * W * K);
  const cls = new Float32Array(B * spec.clsClasses);
  const labels: number[] = [];
  samples.forEach((s, b) => {
    x.set(s.image, b * H * W * C);
    if (s.mask) seg.set(maskToTarget(s.mask, spec), b * H * W * K);
    const label = s.label ?? -1;
    labels.push(label);
    if (label >= 0 && label < spec.clsClasses) cls[b * spec.clsClasses + label] = 1;
    else for (let c = 0; c < spec.clsClasses; c++) cls[b * spec.clsClasses + c] = 1 / spec.clsClasses;
  });
  return {
    x: tf.tensor4d(x, [B, H, W, C]),
    seg: tf.tensor4d(seg, [B, H, W, K]),
    cls: tf.tensor2d(cls, [B, spec.clsClasses]),
    labels,
  };
}

/** Whether the head has exactly one foreground region: sigmoid with one channel, softmax with background + one class. */
export function oneForegroundRegion(spec: TargetSpec): boolean {
  return !spec.regions && (spec.segHead === 'sigmoid' ? spec.segClasses === 1 : spec.segClasses === 2);
}

/** Per-pixel probability of the one foreground region (see {@link oneForegroundRegion}); undefined for any other head. */
export function foregroundProbs(probs: Float32Array, pixels: number, spec: TargetSpec): Float32Array | undefined {
  if (!oneForegroundRegion(spec)) return undefined;
  if (spec.segHead === 'sigmoid') return probs.subarray(0, pixels);
  const fg = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) fg[i] = probs[i * 2 + 1];
  return fg;
}

/** Turns per-pixel head outputs (probabilities [H*W*K]) into a label map in mask convention. */
export function probsToLabelMap(probs: Float32Array, pixels: number, spec: TargetSpec): Uint8Array {
  const K = spec.segClasses;
  // Nested regions (ET ⊂ TC ⊂ WT) back to labels the way nnU-Net does it (core's bratsRegionsToLabels).
  if (spec.regions && spec.segHead === 'sigmoid' && K === 3) return bratsRegionsToLabels(probs.subarray(0, pixels * 3), 0.5, ET_INDEX);
  const out = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) {
    if (spec.segHead === 'softmax') {
      let best = 0;
      for (let k = 1; k < K; k++) if (probs[i * K + k] > probs[i * K + best]) best = k;
      out[i] = best;
    } else {
      let best = -1, bestP = 0.5;
      for (let k = 0; k < K; k++) if (probs[i * K + k] > bestP) { bestP = probs[i * K + k]; best = k; }
      out[i] = best + 1;
    }
  }
  return out;
}
