import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { MultitaskLoss, type LossTerms, type LossValues } from '../../../../src/training/losses/MultitaskLoss';
import { bce, softDice } from '../../../../src/training/losses/segLosses';
import { ce } from '../../../../src/training/losses/clsLosses';
import { useCpuBackend } from '../model/tfSetup';

/** Reads the terms in one transfer and disposes them. */
async function lossValues(terms: LossTerms): Promise<LossValues> {
  const packed = tf.stack([terms.seg, terms.cls, terms.total, terms.segWeight, terms.clsWeight]);
  const v = await packed.data();
  tf.dispose([packed, terms.seg, terms.cls, terms.total, terms.segWeight, terms.clsWeight]);
  return { seg: v[0], cls: v[1], total: v[2], segWeight: v[3], clsWeight: v[4] };
}

const close = (a: number, b: number, tol = 1e-5): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('training/losses MultitaskLoss', () => {
  let segLogits: tf.Tensor4D;
  let clsLogits: tf.Tensor2D;
  let ySeg: tf.Tensor4D;
  let yCls: tf.Tensor2D;
  let lseg = 0;
  let lcls = 0;
  before(async () => {
    await useCpuBackend();
    segLogits = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    ySeg = tf.cast(tf.greater(tf.randomUniform([2, 4, 4, 1], 0, 1, 'float32', 2), 0.5), 'float32') as tf.Tensor4D;
    clsLogits = tf.tensor2d([[1, 0, -1], [0, 2, 0]]);
    yCls = tf.tensor2d([[0], [2]]);
    lseg = tf.tidy(() => tf.add(softDice(ySeg, segLogits), bce(ySeg, segLogits)).dataSync()[0]);
    lcls = tf.tidy(() => ce(yCls, clsLogits).dataSync()[0]);
  });
  after(() => tf.dispose([segLogits, clsLogits, ySeg, yCls]));

  const run = async (loss: MultitaskLoss, epoch = 0, total = 10) =>
    lossValues(loss.compute({ segLogits, clsLogits }, { ySeg, yCls }, { epoch, totalEpochs: total }));

  it('fixed: Lseg + σ·Lcls, every term reported', async () => {
    const v = await run(new MultitaskLoss({ multitask: { weighting: 'fixed', clsWeight: 0.5 } }, 'sigmoid'));
    close(v.seg, lseg);
    close(v.cls, lcls);
    close(v.total, lseg + 0.5 * lcls);
    assert.equal(v.segWeight, 1);
    assert.equal(v.clsWeight, 0.5);
  });

  it('dynamic: λ = 1 − epoch/total shifts weight to classification', async () => {
    const loss = new MultitaskLoss({ multitask: { weighting: 'dynamic', clsWeight: 2 } }, 'sigmoid');
    const v0 = await run(loss, 0, 10);
    close(v0.total, lseg);
    const v = await run(loss, 4, 10);
    close(v.segWeight, 0.6);
    close(v.clsWeight, 2 * 0.4);
    close(v.total, 0.6 * lseg + 0.8 * lcls);
  });

  it('uncertainty: learned log-variances, trainable and checkpointable', async () => {
    const loss = new MultitaskLoss({ multitask: { weighting: 'uncertainty', clsWeight: 1 } }, 'sigmoid');
    assert.equal(loss.trainableVariables.length, 2);
    close((await run(loss)).total, lseg + lcls); // s = 0 → weights 1
    loss.setWeights([{ name: 'loss/logVarSeg', shape: [], data: Float32Array.of(1) }, { name: 'loss/logVarCls', shape: [], data: Float32Array.of(-0.5) }]);
    const v = await run(loss);
    close(v.total, Math.exp(-1) * lseg + 1 + Math.exp(0.5) * lcls - 0.5, 1e-4);
    // d total / d s_seg = 1 − e^{−s}·Lseg: the gradient exists and is finite.
    const { grads } = tf.variableGrads(() => loss.compute({ segLogits, clsLogits }, { ySeg, yCls }, { epoch: 0, totalEpochs: 1 }).total, loss.trainableVariables);
    close(grads[loss.trainableVariables[0].name].dataSync()[0], 1 - Math.exp(-1) * lseg, 1e-4);
    tf.dispose(Object.values(grads));
    loss.dispose();
  });

  it('leaks no tensors', async () => {
    const loss = new MultitaskLoss({}, 'sigmoid');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await run(loss);
    assert.equal(tf.memory().numTensors, before);
  });
});
