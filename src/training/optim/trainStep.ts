import * as tf from '@tensorflow/tfjs-core';
import type { LossConfigInput } from '../../core/config/modelConfig';
import { MedSegError } from '../../core/util/MedSegError';
import type { EpochInfo, LossValues } from '../losses/MultitaskLoss';
import { MultitaskLoss } from '../losses/MultitaskLoss';
import type { MultitaskUNet } from '../model/MultitaskUNet';
import { clipByGlobalNorm, globalNorm, type Optimizer } from './Optimizer';

/** One training batch, NHWC. ySeg: masks/one-hot like segLogits, or integer class map [N,H,W,1]; yCls: one-hot [N,C] or indices [N,1]. */
export interface TrainBatch {
  x: tf.Tensor4D;
  ySeg: tf.Tensor4D;
  yCls: tf.Tensor2D;
}

/** Loss terms of the step plus the global gradient norm before clipping. */
export interface StepResult extends LossValues {
  gradNorm: number;
}

/**
 * Forward, backward and update in one call, leaking no tensors: the batch stays owned by the
 * caller. `loss` is a MultitaskLoss (needed for `uncertainty`, whose learned weights must also
 * be in the optimiser) or a plain loss config. `clipNorm` defaults to the optimiser config's
 * (0 = no clipping). Values are read back in one transfer at the end.
 */
export async function trainStep(
  model: MultitaskUNet,
  optimizer: Optimizer,
  batch: TrainBatch,
  loss: MultitaskLoss | LossConfigInput,
  epochInfo: EpochInfo,
  clipNorm: number = optimizer.config.clipNorm,
): Promise<StepResult> {
  const ownLoss = !(loss instanceof MultitaskLoss);
  const mtl = loss instanceof MultitaskLoss ? loss : new MultitaskLoss(loss, model.config.segHead);
  if (ownLoss && mtl.trainableVariables.length > 0) {
    mtl.dispose();
    throw new MedSegError('bad-config', 'uncertainty weighting learns variables: pass a MultitaskLoss (also given to the optimiser)', 'loss.multitask.weighting');
  }
  const vars = [...model.trainableVariables, ...mtl.trainableVariables];
  let kept: tf.Scalar[] = [];
  const packed = tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const terms = mtl.compute(model.apply(batch.x, true), batch, epochInfo);
      // variableGrads tidies everything but its return value; keep the logged terms.
      kept = [terms.seg, terms.cls, terms.total, terms.segWeight, terms.clsWeight].map((t) => tf.keep(t));
      return terms.total;
    }, vars);
    let norm: tf.Scalar;
    let g = grads;
    if (clipNorm > 0) ({ grads: g, norm } = clipByGlobalNorm(grads, clipNorm));
    else norm = globalNorm(grads);
    optimizer.applyGradients(g);
    return tf.stack([...kept, norm]);
  });
  tf.dispose(kept);
  if (ownLoss) mtl.dispose();
  const v = await packed.data();
  packed.dispose();
  return { seg: v[0], cls: v[1], total: v[2], segWeight: v[3], clsWeight: v[4], gradNorm: v[5] };
}
