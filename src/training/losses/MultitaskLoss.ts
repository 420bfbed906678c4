/**
 * Combination of the segmentation and classification losses, with the three weightings:
 * fixed (Lseg + σ·Lcls), dynamic (λ·Lseg + σ(1−λ)·Lcls, λ = 1 − epoch/total) and uncertainty
 * (Kendall et al. 2018, log-variance form: Σ_i exp(−s_i)·L_i + s_i with learned s_i).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LossConfig, LossConfigInput, SegHeadType } from '../../core/config/modelConfig';
import { validateLossConfig } from '../../core/config/modelConfig';
import { assertNever } from '../../core/util/assertNever';
import type { NamedTensorData, NamedVariable } from '../model/NamedTensorData';
import { ParamStore } from '../model/ParamStore';
import { makeClsLoss } from './clsLosses';
import { makeSegLoss } from './segLosses';

/** Where training is, for the `dynamic` weighting (epoch counts from 0). */
export interface EpochInfo {
  epoch: number;
  totalEpochs: number;
}

/** Every term separately, for logging. Scalars owned by the caller. */
export interface LossTerms {
  seg: tf.Scalar;
  cls: tf.Scalar;
  total: tf.Scalar;
  segWeight: tf.Scalar;
  clsWeight: tf.Scalar;
}

/** The same terms as plain numbers. */
export interface LossValues {
  seg: number;
  cls: number;
  total: number;
  segWeight: number;
  clsWeight: number;
}

export interface MultitaskTargets {
  ySeg: tf.Tensor;
  yCls: tf.Tensor;
}

/**
 * The configured multitask loss. Holds the learned log-variances when the weighting is
 * `uncertainty` (they must be trained and checkpointed together with the model).
 */
export class MultitaskLoss {
  readonly config: LossConfig;
  private readonly segFn: (y: tf.Tensor, logits: tf.Tensor) => tf.Scalar;
  private readonly clsFn: (y: tf.Tensor, logits: tf.Tensor) => tf.Scalar;
  private readonly store = new ParamStore(0);
  private readonly logVars: [tf.Variable, tf.Variable] | null;

  constructor(cfg: LossConfigInput, readonly segMode: SegHeadType) {
    this.config = validateLossConfig(cfg);
    this.segFn = makeSegLoss(this.config.seg, segMode);
    this.clsFn = makeClsLoss(this.config.cls);
    this.logVars = this.config.multitask.weighting === 'uncertainty'
      ? [this.store.add('loss/logVarSeg', [], { kind: 'constant', value: 0 }), this.store.add('loss/logVarCls', [], { kind: 'constant', value: 0 })]
      : null;
  }

  /** Learned loss weights (empty unless `uncertainty`); train them with the model's variables. */
  get namedTrainableVariables(): NamedVariable[] {
    return this.store.trainable;
  }

  get trainableVariables(): tf.Variable[] {
    return this.store.trainable.map((e) => e.variable);
  }

  /** Computes each term and the weighted total; call inside the gradient function. */
  compute(outputs: { segLogits: tf.Tensor; clsLogits: tf.Tensor }, targets: MultitaskTargets, epoch: EpochInfo): LossTerms {
    const [seg, cls, total, segWeight, clsWeight] = tf.tidy(() => {
      const ls = this.segFn(targets.ySeg, outputs.segLogits);
      const lc = this.clsFn(targets.yCls, outputs.clsLogits);
      const mt = this.config.multitask;
      let ws: tf.Scalar;
      let wc: tf.Scalar;
      let extra: tf.Scalar = tf.scalar(0);
      switch (mt.weighting) {
        case 'fixed':
          ws = tf.scalar(1);
          wc = tf.scalar(mt.clsWeight);
          break;
        case 'dynamic': {
          const lambda = epoch.totalEpochs > 0 ? Math.min(1, Math.max(0, 1 - epoch.epoch / epoch.totalEpochs)) : 1;
          ws = tf.scalar(lambda);
          wc = tf.scalar(mt.clsWeight * (1 - lambda));
          break;
        }
        case 'uncertainty': {
          const [s1, s2] = this.logVars as [tf.Variable, tf.Variable];
          ws = tf.exp(tf.neg(s1)) as tf.Scalar;
          wc = tf.exp(tf.neg(s2)) as tf.Scalar;
          extra = tf.add(s1, s2) as tf.Scalar;
          break;
        }
        default:
          return assertNever(mt.weighting, 'multitask weighting');
      }
      const tot = tf.add(tf.add(tf.mul(ws, ls), tf.mul(wc, lc)), extra) as tf.Scalar;
      return [ls, lc, tot, ws, wc];
    });
    return { seg, cls, total, segWeight, clsWeight } as LossTerms;
  }

  getWeights(): NamedTensorData[] {
    return this.store.getWeights();
  }

  setWeights(weights: readonly NamedTensorData[]): void {
    this.store.setWeights(weights, false);
  }

  dispose(): void {
    this.store.dispose();
  }
}

/** Every loss term for a forward pass (see MultitaskLoss.compute). */
export function computeLosses(loss: MultitaskLoss, outputs: { segLogits: tf.Tensor; clsLogits: tf.Tensor }, targets: MultitaskTargets, epoch: EpochInfo): LossTerms {
  return loss.compute(outputs, targets, epoch);
}
