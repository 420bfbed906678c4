import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { ParamStore } from '../../../../src/training/model/ParamStore';
import { maxPool2x2, norm, spatialPyramidPool } from '../../../../src/training/model/layers';
import { useCpuBackend } from './tfSetup';

/** Batch norm written out, as the reference for values and gradients. */
function manualBn(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), gamma), beta);
}

describe('training/model layers', () => {
  before(useCpuBackend);

  it('batch norm (training) matches the written-out formula in value and gradient', () => {
    const store = new ParamStore(1);
    const bn = norm(store, 'bn', 'batch', 3, 0.9, 1e-5);
    const [gamma, beta] = store.entries.map((e) => e.variable);
    tf.tidy(() => {
      gamma.assign(tf.tensor1d([1.5, -0.5, 2]));
      beta.assign(tf.tensor1d([0.1, 0.2, -0.3]));
    });
    const x = tf.randomNormal([2, 3, 3, 3], 0, 2, 'float32', 5) as tf.Tensor4D;
    const w = tf.randomNormal([2, 3, 3, 3], 0, 1, 'float32', 6);
    const f1 = (t: tf.Tensor): tf.Scalar => tf.sum(tf.mul(bn(t as tf.Tensor4D, true), w)) as tf.Scalar;
    const f2 = (t: tf.Tensor): tf.Scalar => tf.sum(tf.mul(manualBn(t as tf.Tensor4D, gamma, beta, 1e-5), w)) as tf.Scalar;
    const [g1, g2] = [tf.grad(f1)(x), tf.grad(f2)(x)];
    const maxDiff = tf.max(tf.abs(tf.sub(g1, g2))).dataSync()[0];
    assert.ok(maxDiff < 1e-4, `gradient differs by ${maxDiff}`);
    assert.ok(Math.abs(f1(x).dataSync()[0] - f2(x).dataSync()[0]) < 1e-4);
    // Moving mean moved towards the batch mean (momentum 0.9): 0.1·mean after one step.
    const mm = store.entries.find((e) => e.name === 'bn/movingMean')?.variable;
    assert.ok(mm && mm.dataSync().some((v) => v !== 0));
    store.dispose();
  });

  it('maxPool2x2 equals tf.maxPool in value and gradient, also for all-negative windows', () => {
    const x = tf.randomNormal([2, 4, 6, 3], -2, 1, 'float32', 9) as tf.Tensor4D; // mostly negative, no ties
    const w = tf.randomNormal([2, 2, 3, 3], 0, 1, 'float32', 10);
    const f = (pool: (t: tf.Tensor4D) => tf.Tensor4D) => (t: tf.Tensor): tf.Scalar => tf.sum(tf.mul(pool(t as tf.Tensor4D), w)) as tf.Scalar;
    const ref = (t: tf.Tensor4D): tf.Tensor4D => tf.maxPool(t, 2, 2, 'valid');
    assert.deepEqual(maxPool2x2(x).dataSync(), ref(x).dataSync());
    assert.deepEqual(tf.grad(f(maxPool2x2))(x).dataSync(), tf.grad(f(ref))(x).dataSync());
  });

  it('spatial pyramid pooling gives C·(16+4+1) features for any map size', () => {
    for (const s of [1, 2, 4, 6]) {
      const x = tf.ones([2, s, s, 3]) as tf.Tensor4D;
      const y = spatialPyramidPool(x, [4, 2, 1]);
      assert.deepEqual(y.shape, [2, 3 * 21]);
      tf.dispose([x, y]);
    }
  });
});
