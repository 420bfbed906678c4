/**
 * Segmentation losses. Every loss takes LOGITS and applies the activation exactly once
 * (sigmoid for region heads, softmax for multi-class heads) inside the loss, in tf.tidy,
 * returning a scalar. Labels: see toOneHot (one-hot / region masks, or integer class maps).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SegHeadType, SegLossConfig, SegLossName } from '../../core/config/modelConfig';
import { DEFAULT_LOSS_CONFIG } from '../../core/config/modelConfig';
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
  // oneHot in int32, then cast: tfjs-backend-wasm 4.22's OneHot ignores a float32 dtype and
  // writes int32 bits into the float buffer (all-zero targets, silently).
  return tf.reshape(tf.cast(tf.oneHot(flat, k), 'float32'), logits.shape);
}

/** Element-wise binary cross-entropy on logits, stable for large |x|: max(x,0) − x·z + log(1 + e^−|x|). */
export function bceWithLogitsElementwise(z: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.add(tf.sub(tf.relu(x), tf.mul(x, z)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
}

/** Axes to reduce for per-class statistics: all but the last (batch) or all but first and last (per sample). */
export function spatialAxes(rank: number, perSample: boolean): number[] {
  return Array.from({ length: rank - 1 }, (_, i) => i).slice(perSample ? 1 : 0);
}

/** Loss options plus the head's activation. */
export interface SegLossOptions extends Omit<SegLossConfig, 'name'> {
  mode: SegHeadType;
}
export type SegLossFn = (yTrue: tf.Tensor, logits: tf.Tensor, opts?: Partial<SegLossOptions>) => tf.Scalar;

function options(opts: Partial<SegLossOptions> | undefined): SegLossOptions {
  const { name: _name, ...d } = DEFAULT_LOSS_CONFIG.seg;
  return { ...d, mode: 'sigmoid', ...opts };
}

/** Binary cross-entropy with logits, mean over all elements (region / sigmoid heads). */
export function bce(yTrue: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(bceWithLogitsElementwise(toOneHot(yTrue, logits), logits)) as tf.Scalar);
}

/** Softmax cross-entropy with logits over the last axis, mean over pixels. Sigmoid mode falls back to bce. */
export function ce(yTrue: tf.Tensor, logits: tf.Tensor, opts?: Partial<SegLossOptions>): tf.Scalar {
  if (options(opts).mode === 'sigmoid') return bce(yTrue, logits);
  return tf.tidy(() => ceFromLogProbs(toOneHot(yTrue, logits), tf.logSoftmax(logits)));
}

function ceFromLogProbs(y: tf.Tensor, logp: tf.Tensor): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(y, logp), -1))) as tf.Scalar;
}

/** 1 − mean soft Dice on probabilities `p`; per-class, per-sample or whole batch. */
function diceLoss(y: tf.Tensor, p: tf.Tensor, o: SegLossOptions): tf.Scalar {
  const axes = spatialAxes(p.rank, o.perSample);
  const inter = tf.sum(tf.mul(p, y), axes);
  const denom = tf.add(tf.sum(p, axes), tf.sum(y, axes));
  let dice = tf.div(tf.add(tf.mul(inter, 2), o.smooth), tf.add(denom, o.smooth));
  const k = p.shape[p.rank - 1];
  if (o.excludeBackground && o.mode === 'softmax' && k > 1) dice = tf.slice(dice, dice.rank === 1 ? [1] : [0, 1], dice.rank === 1 ? [-1] : [-1, -1]);
  return tf.sub(1, tf.mean(dice)) as tf.Scalar;
}

/** Soft Dice loss; probabilities computed once from the logits (sigmoid or softmax per `mode`). */
export function softDice(yTrue: tf.Tensor, logits: tf.Tensor, opts?: Partial<SegLossOptions>): tf.Scalar {
  const o = options(opts);
  return tf.tidy(() => diceLoss(toOneHot(yTrue, logits), o.mode === 'sigmoid' ? tf.sigmoid(logits) : tf.softmax(logits), o));
}

/** diceWeight·Dice + ceWeight·CE (softmax); the probabilities are exp(logSoftmax), shared by both terms. */
export function diceCe(yTrue: tf.Tensor, logits: tf.Tensor, opts?: Partial<SegLossOptions>): tf.Scalar {
  const o = options(opts);
  if (o.mode === 'sigmoid') return diceBce(yTrue, logits, o);
  return tf.tidy(() => {
    const y = toOneHot(yTrue, logits);
    const logp = tf.logSoftmax(logits);
    return tf.add(tf.mul(diceLoss(y, tf.exp(logp), o), o.diceWeight), tf.mul(ceFromLogProbs(y, logp), o.ceWeight)) as tf.Scalar;
  });
}

/** diceWeight·Dice + ceWeight·BCE (sigmoid regions); softmax mode uses CE instead. */
export function diceBce(yTrue: tf.Tensor, logits: tf.Tensor, opts?: Partial<SegLossOptions>): tf.Scalar {
  const o = options(opts);
  if (o.mode === 'softmax') return diceCe(yTrue, logits, o);
  return tf.tidy(() => {
    const y = toOneHot(yTrue, logits);
    const dice = diceLoss(y, tf.sigmoid(logits), o);
    return tf.add(tf.mul(dice, o.diceWeight), tf.mul(tf.mean(bceWithLogitsElementwise(y, logits)), o.ceWeight)) as tf.Scalar;
  });
}

/**
 * Focal loss (Lin et al.), mean over elements. Sigmoid: −α_t(1−p_t)^γ log p_t with
 * α_t = α for positives, 1−α for negatives. Softmax: −α Σ_c y_c (1−p_c)^γ log p_c.
 */
export function focal(yTrue: tf.Tensor, logits: tf.Tensor, opts?: Partial<SegLossOptions>): tf.Scalar {
  const o = options(opts);
  return tf.tidy(() => {
    const y = toOneHot(yTrue, logits);
    if (o.mode === 'sigmoid') {
      const nll = bceWithLogitsElementwise(y, logits); // −log p_t, stable
      const pt = tf.exp(tf.neg(nll));
      const alphaT = tf.add(tf.mul(y, o.focalAlpha), tf.mul(tf.sub(1, y), 1 - o.focalAlpha));
      return tf.mean(tf.mul(tf.mul(alphaT, tf.pow(tf.sub(1, pt), o.focalGamma)), nll)) as tf.Scalar;
    }
    const logp = tf.logSoftmax(logits);
    const mod = tf.pow(tf.sub(1, tf.exp(logp)), o.focalGamma);
    return tf.mul(tf.neg(tf.mean(tf.sum(tf.mul(tf.mul(y, mod), logp), -1))), o.focalAlpha) as tf.Scalar;
  });
}

/** Name → segmentation loss, for configs. */
export const SEG_LOSSES: Readonly<Record<SegLossName, SegLossFn>> = Object.freeze({ bce, ce, softDice, diceCe, diceBce, focal });

/** A two-argument loss closed over its config: `(yTrue, logits) => scalar`. */
export function makeSegLoss(cfg: SegLossConfig, mode: SegHeadType): (yTrue: tf.Tensor, logits: tf.Tensor) => tf.Scalar {
  const fn = SEG_LOSSES[cfg.name];
  const opts: SegLossOptions = { ...cfg, mode };
  return (yTrue, logits) => fn(yTrue, logits, opts);
}
