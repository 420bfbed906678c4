import * as tf from '@tensorflow/tfjs-core';

/** Global L2 norm of all gradients: sqrt(Σ_i ‖g_i‖²). */
export function globalNorm(grads: tf.NamedTensorMap): tf.Scalar {
  return tf.tidy(() => {
    const parts = Object.values(grads).map((g) => tf.sum(tf.square(g)));
    return (parts.length ? tf.sqrt(tf.addN(parts)) : tf.scalar(0)) as tf.Scalar;
  });
}

/**
 * Scales all gradients by min(1, maxNorm / (norm + 1e-6)) (PyTorch's clip_grad_norm_), so
 * their global norm is at most maxNorm; the direction is kept. Computed on the device, no
 * readback. Returns new tensors and the norm before clipping; the inputs are not disposed.
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): { grads: tf.NamedTensorMap; norm: tf.Scalar } {
  const norm = globalNorm(grads);
  const clipped = tf.tidy(() => {
    const coef = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
    const out: tf.NamedTensorMap = {};
    for (const [k, g] of Object.entries(grads)) out[k] = tf.mul(g, coef);
    return out;
  });
  return { grads: clipped, norm };
}
