import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { SEG_LOSSES, bce, ce, diceBce, diceCe, focal, softDice } from '../../../../src/training/losses/segLosses';
import { useCpuBackend } from '../model/tfSetup';

const close = (a: number, b: number, tol = 1e-5, msg = ''): void => assert.ok(Math.abs(a - b) <= tol, `${msg} ${a} vs ${b}`);
const val = (t: tf.Scalar): number => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};
const t4 = (v: number[], shape: [number, number, number, number]): tf.Tensor4D => tf.tensor4d(v, shape);

describe('training/losses segmentation', () => {
  before(useCpuBackend);

  it('bce on logits equals the hand-computed value and applies the sigmoid exactly once', () => {
    const logits = t4([2, -1, 0], [1, 1, 3, 1]);
    const y = t4([1, 0, 1], [1, 1, 3, 1]);
    // log(1+e^-2), log(1+e^-1), log 2
    const expected = (0.126928 + 0.313262 + 0.693147) / 3;
    close(val(bce(y, logits)), expected);
    // Feeding probabilities instead of logits gives another number: the loss must not be given sigmoid outputs.
    const probs = tf.sigmoid(logits);
    assert.ok(Math.abs(val(bce(y, probs)) - expected) > 0.05);
    tf.dispose([logits, y, probs]);
  });

  it('bce is finite and exact for extreme logits', () => {
    const logits = t4([100, -100, 100], [1, 1, 3, 1]);
    const y = t4([1, 0, 0], [1, 1, 3, 1]);
    close(val(bce(y, logits)), 100 / 3, 1e-4);
    const g = tf.grad((l: tf.Tensor) => bce(y, l))(logits);
    assert.ok(g.dataSync().every(Number.isFinite));
    tf.dispose([logits, y, g]);
  });

  it('softmax ce accepts integer and one-hot labels', () => {
    const logits = t4([1, 2, 3, 0, 0, 0], [1, 1, 2, 3]);
    const idx = t4([2, 0], [1, 1, 2, 1]);
    const oneHot = t4([0, 0, 1, 1, 0, 0], [1, 1, 2, 3]);
    const expected = (0.407606 + Math.log(3)) / 2;
    close(val(ce(idx, logits, { mode: 'softmax' })), expected);
    close(val(ce(oneHot, logits, { mode: 'softmax' })), expected);
    tf.dispose([logits, idx, oneHot]);
  });

  it('soft Dice: smooth, per-sample vs batch, background exclusion', () => {
    const zeros = tf.zeros([1, 2, 2, 1]); // p = 0.5 everywhere
    const y = t4([1, 0, 0, 1], [1, 2, 2, 1]);
    close(val(softDice(y, zeros, { smooth: 1 })), 1 - 3 / 5);
    close(val(softDice(y, zeros, { smooth: 0 })), 0.5);
    // Two samples: perfect on sample 0 (dice 1), a false positive on an empty sample 1 (dice 0), smooth 0.
    const logits = t4([20, 20, 20, -20], [2, 1, 2, 1]);
    const y2 = t4([1, 1, 0, 0], [2, 1, 2, 1]);
    close(val(softDice(y2, logits, { smooth: 0, perSample: true })), 0.5, 1e-4);
    close(val(softDice(y2, logits, { smooth: 0, perSample: false })), 1 - 4 / 5, 1e-4); // 2·2/(3+2)
    // Softmax: background predicted perfectly, foreground wrong; excluding background leaves only the error.
    const l3 = t4([20, -20, 20, -20], [1, 1, 2, 2]); // both pixels predicted class 0
    const y3 = t4([0, 1], [1, 1, 2, 1]); // pixel 0 background, pixel 1 foreground
    const withBg = val(softDice(y3, l3, { mode: 'softmax', smooth: 0 }));
    const noBg = val(softDice(y3, l3, { mode: 'softmax', smooth: 0, excludeBackground: true }));
    close(noBg, 1, 1e-4);
    close(withBg, 1 - (2 / 3) / 2, 1e-4); // bg dice = 2·1/(2+1), fg dice = 0
    tf.dispose([zeros, y, logits, y2, l3, y3]);
  });

  it('combined losses are the weighted sums of their parts', () => {
    const logits = tf.randomNormal([2, 4, 4, 3], 0, 2, 'float32', 3) as tf.Tensor4D;
    const labels = tf.randomUniform([2, 4, 4, 1], 0, 3, 'int32', 4);
    const yReg = tf.cast(tf.greater(tf.randomUniform([2, 4, 4, 3], 0, 1, 'float32', 5), 0.5), 'float32');
    const sm = { mode: 'softmax' as const, diceWeight: 2, ceWeight: 0.5 };
    close(val(diceCe(labels, logits, sm)), 2 * val(softDice(labels, logits, sm)) + 0.5 * val(ce(labels, logits, sm)));
    const sg = { mode: 'sigmoid' as const, diceWeight: 1, ceWeight: 3 };
    close(val(diceBce(yReg, logits, sg)), val(softDice(yReg, logits, sg)) + 3 * val(bce(yReg, logits)));
    tf.dispose([logits, labels, yReg]);
  });

  it('focal: γ = 0 reduces to α-weighted bce; γ = 2 matches the formula', () => {
    const logits = t4([1.5, -0.5], [1, 1, 2, 1]);
    const y = t4([1, 1], [1, 1, 2, 1]);
    close(val(focal(y, logits, { focalAlpha: 1, focalGamma: 0 })), val(bce(y, logits)));
    const p = [1 / (1 + Math.exp(-1.5)), 1 / (1 + Math.exp(0.5))];
    const expected = (0.25 * (1 - p[0]) ** 2 * -Math.log(p[0]) + 0.25 * (1 - p[1]) ** 2 * -Math.log(p[1])) / 2;
    close(val(focal(y, logits, { focalAlpha: 0.25, focalGamma: 2 })), expected);
    // Softmax focal with γ = 0, α = 1 is the cross-entropy.
    const l2 = t4([1, 2, 3], [1, 1, 1, 3]);
    const idx = t4([2], [1, 1, 1, 1]);
    close(val(focal(idx, l2, { mode: 'softmax', focalAlpha: 1, focalGamma: 0 })), 0.407606);
    tf.dispose([logits, y, l2, idx]);
  });

  it('every loss has finite gradients and leaks no tensors', () => {
    const logits = t4([30, -30, 0.5, -0.2, 4, -8, 0, 1], [1, 2, 2, 2]);
    const y = t4([1, 0, 0, 1, 1, 0, 1, 0], [1, 2, 2, 2]);
    for (const mode of ['sigmoid', 'softmax'] as const) {
      for (const [name, fn] of Object.entries(SEG_LOSSES)) {
        const before = tf.memory().numTensors;
        for (let i = 0; i < 3; i++) fn(y, logits, { mode }).dispose();
        assert.equal(tf.memory().numTensors, before, `${name}/${mode} leaks`);
        const g = tf.grad((l: tf.Tensor) => fn(y, l, { mode }))(logits);
        assert.ok(g.dataSync().every(Number.isFinite), `${name}/${mode} gradient`);
        g.dispose();
      }
    }
    tf.dispose([logits, y]);
  });
});
