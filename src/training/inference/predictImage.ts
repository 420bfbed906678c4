/**
 * Inference on one prepared image (H×W×C channels-last, normalised like training):
 * direct for network-sized inputs, sliding window with Gaussian weighting (nnU-Net style)
 * for larger ones, optional mirror test-time augmentation (left-right and up-down flips,
 * averaged). Returns per-pixel head probabilities and image-level class probabilities.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MultitaskUNet } from '../model/MultitaskUNet';

/** Output of predictImage. */
export interface ImagePrediction {
  /** [H*W*K] probabilities (sigmoid or softmax per the head). */
  probs: Float32Array;
  /** [clsClasses] softmax probabilities (mean over windows and flips). */
  clsProbs: Float32Array;
}

/** Gaussian importance map of a `n`×`n` patch (sigma = n/8), as nnU-Net's. */
export function gaussianWeights(n: number): Float32Array {
  const sigma = n / 8;
  const c = (n - 1) / 2;
  const w = new Float32Array(n * n);
  let max = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const v = Math.exp(-((x - c) ** 2 + (y - c) ** 2) / (2 * sigma * sigma));
      w[y * n + x] = v;
      if (v > max) max = v;
    }
  }
  // Keep edges from reaching zero weight (a pixel covered only by patch edges must still count).
  for (let i = 0; i < w.length; i++) w[i] = Math.max(w[i] / max, 1e-3);
  return w;
}

/** Window start positions along an axis of length `len` for patch `n` and `overlap`. */
export function windowStarts(len: number, n: number, overlap: number): number[] {
  if (len <= n) return [0];
  const stride = Math.max(1, Math.floor(n * (1 - overlap)));
  const count = Math.ceil((len - n) / stride) + 1;
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Math.round((i * (len - n)) / (count - 1)));
  return out;
}

/** Forward pass of one [1,n,n,C] patch with optional mirroring; returns probs [n*n*K] and cls probs. */
async function forwardPatch(model: MultitaskUNet, patch: tf.Tensor4D, tta: boolean): Promise<{ probs: Float32Array; cls: Float32Array }> {
  const sigmoid = model.config.segHead === 'sigmoid';
  const flips: number[][] = tta ? [[], [2], [1], [1, 2]] : [[]];
  const out = tf.tidy(() => {
    let segSum: tf.Tensor | null = null;
    let clsSum: tf.Tensor | null = null;
    for (const axes of flips) {
      const x = axes.length ? tf.reverse(patch, axes) : patch;
      const o = model.apply(x as tf.Tensor4D, false);
      let p: tf.Tensor = sigmoid ? tf.sigmoid(o.segLogits) : tf.softmax(o.segLogits);
      if (axes.length) p = tf.reverse(p, axes);
      const c = tf.softmax(o.clsLogits);
      segSum = segSum ? tf.add(segSum, p) : p;
      clsSum = clsSum ? tf.add(clsSum, c) : c;
    }
    return [tf.div(segSum as tf.Tensor, flips.length), tf.div(clsSum as tf.Tensor, flips.length)];
  });
  const [probs, cls] = await Promise.all(out.map((t) => t.data()));
  tf.dispose(out);
  return { probs: probs as Float32Array, cls: cls as Float32Array };
}

/**
 * Predicts an image of any size ≥ the input size in each axis (smaller images must be
 * padded by the caller). Patches of the model's input size cover the image with `overlap`.
 */
export async function predictImage(model: MultitaskUNet, image: Float32Array, width: number, height: number, opts: { overlap: number; tta: boolean }): Promise<ImagePrediction> {
  const n = model.config.inputSize;
  const C = model.config.inChannels;
  const K = model.config.segClasses;
  const Kc = model.config.clsClasses;
  if (width === n && height === n) {
    const x = tf.tensor4d(image, [1, n, n, C]);
    try {
      const r = await forwardPatch(model, x, opts.tta);
      return { probs: r.probs, clsProbs: r.cls };
    } finally {
      x.dispose();
    }
  }
  const g = gaussianWeights(n);
  const acc = new Float32Array(width * height * K);
  const wsum = new Float32Array(width * height);
  const cls = new Float32Array(Kc);
  let windows = 0;
  const patch = new Float32Array(n * n * C);
  for (const y0 of windowStarts(height, n, opts.overlap)) {
    for (const x0 of windowStarts(width, n, opts.overlap)) {
      for (let y = 0; y < n; y++) patch.set(image.subarray(((y0 + y) * width + x0) * C, ((y0 + y) * width + x0 + n) * C), y * n * C);
      const x = tf.tensor4d(patch, [1, n, n, C]);
      const r = await forwardPatch(model, x, opts.tta);
      x.dispose();
      for (let y = 0; y < n; y++) {
        for (let xx = 0; xx < n; xx++) {
          const gi = g[y * n + xx];
          const pi = (y0 + y) * width + x0 + xx;
          wsum[pi] += gi;
          for (let k = 0; k < K; k++) acc[pi * K + k] += gi * r.probs[(y * n + xx) * K + k];
        }
      }
      for (let k = 0; k < Kc; k++) cls[k] += r.cls[k];
      windows++;
    }
  }
  for (let i = 0; i < wsum.length; i++) for (let k = 0; k < K; k++) acc[i * K + k] /= wsum[i];
  for (let k = 0; k < Kc; k++) cls[k] /= windows;
  return { probs: acc, clsProbs: cls };
}
