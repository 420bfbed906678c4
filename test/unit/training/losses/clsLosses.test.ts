import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { CLS_LOSSES, ce, focal } from '../../../../src/training/losses/clsLosses';
import { MedSegError } from '../../../../src/core/util/MedSegError';
import { useCpuBackend } from '../model/tfSetup';

const close = (a: number, b: number, tol = 1e-5): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const val = (t: tf.Scalar): number => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};

describe('training/losses classification', () => {
  before(useCpuBackend);

  it('ce: hand-computed, integer or one-hot labels, class weights (weighted mean)', () => {
    const logits = tf.tensor2d([[0, 0, 0], [2, 0, 0]]);
    const idx = tf.tensor2d([[0], [1]]);
    const oneHot = tf.tensor2d([[1, 0, 0], [0, 1, 0]]);
    const l0 = Math.log(3);
    const l1 = Math.log(Math.exp(2) + 2);
    close(val(ce(idx, logits)), (l0 + l1) / 2);
    close(val(ce(oneHot, logits)), (l0 + l1) / 2);
    close(val(ce(idx, logits, { classWeights: [2, 1, 1] })), (2 * l0 + l1) / 3);
    assert.throws(() => ce(idx, logits, { classWeights: [1, 1] }), MedSegError);
    // An unlabelled sample (index −1) is left out of the mean.
    const partly = tf.tensor2d([[0], [-1]]);
    close(val(ce(partly, logits)), l0);
    const none = tf.tensor2d([[-1], [-1]]);
    close(val(ce(none, logits)), 0);
    tf.dispose([partly, none]);
    tf.dispose([logits, idx, oneHot]);
  });

  it('focal: γ = 0, α = 1 is ce; γ > 0 down-weights easy samples', () => {
    const logits = tf.tensor2d([[4, 0, 0], [0, 1, 0]]);
    const y = tf.tensor1d([0, 1], 'int32');
    close(val(focal(y, logits, { focalAlpha: 1, focalGamma: 0 })), val(ce(y, logits)));
    const p0 = Math.exp(4) / (Math.exp(4) + 2);
    const p1 = Math.exp(1) / (Math.exp(1) + 2);
    const expected = 0.25 * ((1 - p0) ** 2 * -Math.log(p0) + (1 - p1) ** 2 * -Math.log(p1)) / 2;
    close(val(focal(y, logits, { focalAlpha: 0.25, focalGamma: 2 })), expected);
    tf.dispose([logits, y]);
  });

  it('leaks no tensors and has finite gradients', () => {
    const logits = tf.tensor2d([[80, -80, 0], [0, 1, 2]]);
    const y = tf.tensor2d([[0, 1, 0], [0, 0, 1]]);
    for (const [name, fn] of Object.entries(CLS_LOSSES)) {
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) fn(y, logits, { classWeights: [1, 2, 3] }).dispose();
      assert.equal(tf.memory().numTensors, before, name);
      const g = tf.grad((l: tf.Tensor) => fn(y, l))(logits);
      assert.ok(g.dataSync().every(Number.isFinite), name);
      g.dispose();
    }
    tf.dispose([logits, y]);
  });
});
