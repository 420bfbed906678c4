import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { batchNormTraining } from '../../../../src/training/model/batchNormTraining';
import { convNormAct } from '../../../../src/training/model/convNormAct';
import { ParamStore } from '../../../../src/training/model/ParamStore';
import { norm } from '../../../../src/training/model/layers';
import { wasmWithKernels } from '../../kernels/compareBackends';
import { useCpuBackend } from './tfSetup';

/** max|a − b| / max|b|: relative to the reference's scale. */
function relErr(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] / Math.max(1e-12, tf.max(tf.abs(b)).dataSync()[0]));
}

/** The previous implementation: tf.moments + tf.batchNorm, differentiated by tfjs-core's composite gradients. */
function compositeBn(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): tf.Tensor4D {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.batchNorm(x, mean as tf.Tensor1D, variance as tf.Tensor1D, beta, gamma, eps);
}

const SHAPES: [number, number, number, number][] = [[3, 5, 7, 6], [1, 1, 3, 2], [2, 3, 1, 5], [4, 6, 6, 1]];

describe('training/model batchNormTraining (closed-form gradient)', () => {
  after(useCpuBackend); // leave the cpu backend selected for the other suites

  // wasm for one shape: the per-channel means come from its XNNPACK average pool there, not cpu loops.
  for (const [backend, shape] of [...SHAPES.map((s) => ['cpu', s] as const), ['wasm', SHAPES[0]] as const]) {
    it(`matches autodiff of the composite batch norm for [${shape}] (${backend})`, async () => {
      if (backend === 'wasm') await wasmWithKernels();
      await tf.setBackend(backend);
      const c = shape[3];
      const x = tf.add(tf.randomNormal(shape, 0, 2, 'float32', 11), 3) as tf.Tensor4D; // non-zero mean on purpose
      const gamma = tf.randomNormal([c], 1, 0.5, 'float32', 12) as tf.Tensor1D;
      const beta = tf.randomNormal([c], 0, 0.5, 'float32', 13) as tf.Tensor1D;
      const w = tf.randomNormal(shape, 0, 1, 'float32', 14);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const loss = (bn: (a: tf.Tensor4D, g: tf.Tensor1D, b: tf.Tensor1D) => tf.Tensor4D) => (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Scalar =>
          tf.sum(tf.mul(bn(a as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D), w));
        let moments: number[][] = [];
        const ours = (a: tf.Tensor4D, g: tf.Tensor1D, b: tf.Tensor1D): tf.Tensor4D =>
          batchNormTraining(a, g, b, 1e-3, (m) => { moments = [Array.from(m.mean.dataSync()), Array.from(m.variance.dataSync())]; });
        const ref = (a: tf.Tensor4D, g: tf.Tensor1D, b: tf.Tensor1D): tf.Tensor4D => compositeBn(a, g, b, 1e-3);
        assert.ok(relErr(ours(x, gamma, beta), ref(x, gamma, beta)) <= 1e-5);
        const gOurs = tf.grads(loss(ours))([x, gamma, beta]);
        const gRef = tf.grads(loss(ref))([x, gamma, beta]);
        ['dx', 'dgamma', 'dbeta'].forEach((n, i) => {
          const e = relErr(gOurs[i], gRef[i]);
          assert.ok(e <= 1e-4, `${n} rel err ${e}`);
        });
        const { mean, variance } = tf.moments(x, [0, 1, 2]);
        assert.ok(relErr(tf.tensor(moments[0]), mean) <= 1e-5 && relErr(tf.tensor(moments[1]), variance) <= 1e-5);
      });
      assert.equal(tf.memory().numTensors, before, 'no tensors leak from forward + backward');
      tf.dispose([x, gamma, beta, w]);
    });
  }

  it('updates the moving statistics like before (Keras momentum, unbiased variance)', async () => {
    await useCpuBackend();
    const store = new ParamStore(1);
    const bn = norm(store, 'bn', 'batch', 3, 0.9, 1e-5);
    const x = tf.randomNormal([2, 3, 5, 3], 1, 2, 'float32', 5) as tf.Tensor4D;
    tf.tidy(() => { bn(x, true); });
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    const n = 2 * 3 * 5;
    const mm = tf.mul(mean, 0.1);
    const mv = tf.add(0.9, tf.mul(variance, 0.1 * (n / (n - 1))));
    assert.ok(relErr(store.get('bn/movingMean'), mm) <= 1e-6);
    assert.ok(relErr(store.get('bn/movingVariance'), mv) <= 1e-6);
    tf.dispose([x, mean, variance, mm, mv]);
    store.dispose();
  });
});

describe('training/model convNormAct (batch norm folded for inference)', () => {
  before(useCpuBackend);

  for (const act of ['relu', null, 'leakyrelu'] as const) {
    it(`folded inference equals conv → batchNorm → ${act ?? 'linear'}, and follows weight changes`, () => {
      const atStart = tf.memory().numTensors;
      const store = new ParamStore(3);
      const unit = convNormAct(store, 'u', 3, 3, 5, { norm: 'batch', momentum: 0.9, eps: 1e-3, activation: act, slope: 0.1 });
      const randomise = (seed: number): void => tf.tidy(() => {
        store.get('u/norm/gamma').assign(tf.randomNormal([5], 1, 0.5, 'float32', seed));
        store.get('u/norm/beta').assign(tf.randomNormal([5], 0, 0.5, 'float32', seed + 1));
        store.get('u/norm/movingMean').assign(tf.randomNormal([5], 0, 0.5, 'float32', seed + 2));
        store.get('u/norm/movingVariance').assign(tf.randomUniform([5], 0.2, 2, 'float32', seed + 3));
      });
      const reference = (x: tf.Tensor4D): tf.Tensor => tf.tidy(() => {
        const y = tf.batchNorm(tf.conv2d(x, store.get('u/conv/kernel') as tf.Tensor4D, 1, 'same'), store.get('u/norm/movingMean') as tf.Tensor1D,
          store.get('u/norm/movingVariance') as tf.Tensor1D, store.get('u/norm/beta') as tf.Tensor1D, store.get('u/norm/gamma') as tf.Tensor1D, 1e-3);
        return act === 'relu' ? tf.relu(y) : act === 'leakyrelu' ? tf.leakyRelu(y, 0.1) : y;
      });
      const x = tf.randomNormal([2, 6, 5, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
      for (const seed of [20, 30]) {
        randomise(seed); // replaces the variables' data: the cache must notice
        for (let rep = 0; rep < 2; rep++) {
          const y = tf.tidy(() => unit(x, false));
          const ref = reference(x);
          const e = relErr(y, ref);
          assert.ok(e <= 1e-5, `seed ${seed}: rel err ${e}`);
          tf.dispose([y, ref]);
        }
      }
      // Training mode updates the moving statistics: the next inference uses the new ones.
      tf.tidy(() => { unit(x, true); });
      const [y, ref] = [tf.tidy(() => unit(x, false)), reference(x)];
      assert.ok(relErr(y, ref) <= 1e-5);
      tf.dispose([y, ref, x]);
      store.dispose();
      assert.equal(tf.memory().numTensors, atStart, 'store.dispose() frees the folded weights');
    });
  }
});
