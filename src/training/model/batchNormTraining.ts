/**
 * Training-mode batch norm as one tf.customGrad op with the closed-form gradient. tfjs-core's
 * batchNorm gradient is a composite of ~25 small kernels per layer, and every reduction over
 * the leading axes [0,1,2] of an NHWC tensor makes tfjs-backend-wasm transpose the whole tensor
 * first; here per-channel means come from a global average pool (XNNPACK, NHWC-native, one
 * pass) and the backward pass is six full-size kernels.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Batch statistics of one training-mode call, for the moving-average update. */
export interface BatchMoments {
  /** [C] */
  mean: tf.Tensor1D;
  /** [C], biased (divided by N·H·W), as used for normalisation. */
  variance: tf.Tensor1D;
}

/** Per-channel mean over axes [0,1,2] of NHWC `x`, as [C]: pool each image, then average the N small rows. */
function channelMean(x: tf.Tensor4D): tf.Tensor1D {
  const [n, h, w, c] = x.shape;
  const pooled = tf.avgPool(x, [h, w], [h, w], 'valid');
  return tf.reshape(n === 1 ? pooled : tf.mean(pooled, 0), [c]) as tf.Tensor1D;
}

/**
 * y = γ·(x − μ)/√(σ² + eps) + β with batch statistics over axes [0,1,2] of NHWC `x`.
 * Backward (N = number of reduced elements, x̂ = (x − μ)·invstd):
 * dx = γ·invstd·(dy − Σdy/N − x̂·Σ(dy·x̂)/N), dγ = Σ(dy·x̂), dβ = Σdy.
 * `onMoments` receives the batch mean/variance (owned by the call: use them before it returns).
 */
export function batchNormTraining(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number, onMoments: (m: BatchMoments) => void): tf.Tensor4D {
  const [n, h, w] = x.shape;
  const m = n * h * w;
  const fn = tf.customGrad((xIn, gIn, bIn, save) => {
    const x4 = xIn as tf.Tensor4D;
    const mean = channelMean(x4);
    // Centred values kept for the backward: Σ(dy·(x − μ)) without the cancellation of Σdy·x − μΣdy.
    const d = tf.sub(x4, mean);
    const variance = channelMean(tf.square(d) as tf.Tensor4D);
    onMoments({ mean, variance });
    const invstd = tf.rsqrt(tf.add(variance, eps));
    const y = tf.add(tf.mul(d, tf.mul(gIn as tf.Tensor1D, invstd)), bIn as tf.Tensor1D);
    (save as tf.GradSaveFunc)([d, invstd, gIn as tf.Tensor1D]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [ds, inv, g] = saved as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
        const meanDy = channelMean(dy as tf.Tensor4D);
        const meanDyD = channelMean(tf.mul(dy, ds) as tf.Tensor4D);
        const a = tf.mul(g, inv);
        // dx = a·dy + d·k + off per channel, with k = −a·invstd²·mean(dy·d) and off = −a·mean(dy).
        const k = tf.neg(tf.mul(tf.mul(a, tf.square(inv)), meanDyD));
        const off = tf.neg(tf.mul(a, meanDy));
        const dx = tf.add(tf.mul(dy, a), tf.add(tf.mul(ds, k), off));
        return [dx, tf.mul(meanDyD, tf.mul(inv, m)), tf.mul(meanDy, m)];
      },
    };
  });
  return fn(x, gamma, beta) as tf.Tensor4D;
}
