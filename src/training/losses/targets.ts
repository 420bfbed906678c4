/**
 * Target preparation shared by the losses: labels may come as one-hot / region masks or as
 * integer class maps; the losses work on float one-hot tensors shaped like the logits.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MedSegError } from '../../core/util/MedSegError';

/**
 * Float targets shaped like `logits` ([..., K]). `yTrue` is either the same shape (one-hot or
 * sigmoid region masks) or integer class indices with a trailing 1 or no class axis.
 */
export function toOneHot(yTrue: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  const k = logits.shape[logits.rank - 1];
  const same = yTrue.rank === logits.rank && yTrue.shape.every((d, i) => d === logits.shape[i]);
  if (same) return yTrue.dtype === 'float32' ? yTrue : tf.cast(yTrue, 'float32');
  const lead = logits.shape.slice(0, -1);
  const isIndex = (yTrue.rank === logits.rank && yTrue.shape[yTrue.rank - 1] === 1) || yTrue.rank === logits.rank - 1;
  if (!isIndex || !yTrue.shape.slice(0, lead.length).every((d, i) => d === lead[i])) {
    throw new MedSegError('bad-labels', `labels of shape [${yTrue.shape}] do not fit logits of shape [${logits.shape}]`);
  }
  const flat = tf.reshape(tf.cast(yTrue, 'int32'), [-1]) as tf.Tensor1D;
  return tf.reshape(tf.oneHot(flat, k, 1, 0, 'float32'), logits.shape);
}

/** Element-wise binary cross-entropy on logits, stable for large |x|: max(x,0) − x·z + log(1 + e^−|x|). */
export function bceWithLogitsElementwise(z: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.add(tf.sub(tf.relu(x), tf.mul(x, z)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
}

/** Axes to reduce for per-class statistics: all but the last (batch) or all but first and last (per sample). */
export function spatialAxes(rank: number, perSample: boolean): number[] {
  return Array.from({ length: rank - 1 }, (_, i) => i).slice(perSample ? 1 : 0);
}
