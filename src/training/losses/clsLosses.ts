/**
 * Classification losses on LOGITS [N, C] (softmax applied once, as log-softmax, inside the loss).
 * Labels: one-hot [N, C] or class indices [N] / [N, 1].
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ClsLossConfig, ClsLossName } from '../../core/config/modelConfig';
import { DEFAULT_LOSS_CONFIG } from '../../core/config/modelConfig';
import { MedSegError } from '../../core/util/MedSegError';
import { toOneHot } from './segLosses';

export type ClsLossOptions = Omit<ClsLossConfig, 'name'>;
export type ClsLossFn = (yTrue: tf.Tensor, logits: tf.Tensor, opts?: Partial<ClsLossOptions>) => tf.Scalar;

function options(opts: Partial<ClsLossOptions> | undefined): ClsLossOptions {
  const { name: _name, ...d } = DEFAULT_LOSS_CONFIG.cls;
  return { ...d, ...opts };
}

/** Weighted mean of per-sample losses: Σ w_{y_i} l_i / Σ w_{y_i} (PyTorch's convention), plain mean when unweighted. */
function reduce(perSample: tf.Tensor, y: tf.Tensor, classWeights: number[]): tf.Scalar {
  if (classWeights.length === 0) return tf.mean(perSample) as tf.Scalar;
  const c = y.shape[y.rank - 1];
  if (classWeights.length !== c) throw new MedSegError('bad-config', `needs ${c} class weights, got ${classWeights.length}`, 'loss.cls.classWeights');
  const w = tf.sum(tf.mul(y, tf.tensor1d(classWeights)), -1);
  return tf.div(tf.sum(tf.mul(w, perSample)), tf.sum(w)) as tf.Scalar;
}

/** Softmax cross-entropy with optional class weights. */
export function ce(yTrue: tf.Tensor, logits: tf.Tensor, opts?: Partial<ClsLossOptions>): tf.Scalar {
  const o = options(opts);
  return tf.tidy(() => {
    const y = toOneHot(yTrue, logits);
    return reduce(tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(logits)), -1)), y, o.classWeights);
  });
}

/** Multi-class focal loss −α (1−p_y)^γ log p_y; class weights (if any) act as per-class α. */
export function focal(yTrue: tf.Tensor, logits: tf.Tensor, opts?: Partial<ClsLossOptions>): tf.Scalar {
  const o = options(opts);
  return tf.tidy(() => {
    const y = toOneHot(yTrue, logits);
    const logp = tf.logSoftmax(logits);
    const perSample = tf.neg(tf.sum(tf.mul(tf.mul(y, tf.pow(tf.sub(1, tf.exp(logp)), o.focalGamma)), logp), -1));
    return tf.mul(reduce(perSample, y, o.classWeights), o.focalAlpha) as tf.Scalar;
  });
}

/** Name → classification loss, for configs. */
export const CLS_LOSSES: Readonly<Record<ClsLossName, ClsLossFn>> = Object.freeze({ ce, focal });

/** A two-argument loss closed over its config. */
export function makeClsLoss(cfg: ClsLossConfig): (yTrue: tf.Tensor, logits: tf.Tensor) => tf.Scalar {
  const fn = CLS_LOSSES[cfg.name];
  return (yTrue, logits) => fn(yTrue, logits, cfg);
}
