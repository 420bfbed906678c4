/**
 * Classification losses on LOGITS [N, C] (softmax applied once, as log-softmax, inside the loss).
 * Labels: one-hot [N, C] or class indices [N] / [N, 1]; index −1 (or an all-zero row) = unlabelled.
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

/**
 * Weighted mean of per-sample losses, Σ w_i l_i / Σ w_i with w_i = classWeight[y_i] (PyTorch's
 * convention) or 1. Samples without a label (index < 0, i.e. an all-zero one-hot row) get
 * weight 0, so partly labelled batches train only on their labelled cases.
 */
function reduce(perSample: tf.Tensor, y: tf.Tensor, classWeights: number[]): tf.Scalar {
  const c = y.shape[y.rank - 1];
  if (classWeights.length > 0 && classWeights.length !== c) throw new MedSegError('bad-config', `loss.cls.classWeights: needs ${c} class weights, got ${classWeights.length}`);
  const w = classWeights.length > 0 ? tf.sum(tf.mul(y, tf.tensor1d(classWeights)), -1) : tf.sum(y, -1);
  return tf.div(tf.sum(tf.mul(w, perSample)), tf.maximum(tf.sum(w), 1e-12)) as tf.Scalar;
}

/**
 * Softmax cross-entropy with optional class weights and label smoothing ε (the target becomes
 * (1−ε)·y + ε/C for labelled rows; the weights still follow the true class, as PyTorch).
 */
export function ce(yTrue: tf.Tensor, logits: tf.Tensor, opts?: Partial<ClsLossOptions>): tf.Scalar {
  const o = options(opts);
  return tf.tidy(() => {
    const y = toOneHot(yTrue, logits);
    const eps = o.labelSmoothing;
    const c = logits.shape[logits.rank - 1] as number;
    const target = eps > 0 ? tf.add(tf.mul(y, 1 - eps), tf.mul(tf.sum(y, -1, true), eps / c)) : y;
    return reduce(tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), -1)), y, o.classWeights);
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
