import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { resolveTrainConfig } from '../../../src/core/config/trainConfig';
import { ce } from '../../../src/training/losses/clsLosses';
import { improves } from '../../../src/training/loop/Trainer';
import { buildModel } from '../../../src/training/model/buildModel';
import { lrAtFraction } from '../../../src/training/optim/schedules';
import { useCpuBackend } from '../training/model/tfSetup';

const close = (a: number, b: number, tol = 1e-5): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('quality options (label smoothing, attention pool, budget schedule, per-task best)', () => {
  before(useCpuBackend);

  it('ce with label smoothing matches PyTorch: (1-e)·CE + e·mean(-log p)', () => {
    const logits = tf.tensor2d([[2, 0, -1], [0.5, 0.5, 3]]);
    const y = tf.tensor2d([[1, 0, 0], [0, 1, 0]]);
    const lp = tf.logSoftmax(logits).arraySync() as number[][];
    const eps = 0.1;
    const expected = ([0, 1] as const).map((i) => {
      const t = i === 0 ? 0 : 1;
      return -((1 - eps) * lp[i][t] + (eps / 3) * lp[i].reduce((a, b) => a + b, 0));
    });
    const l = ce(y, logits, { labelSmoothing: eps });
    close(l.dataSync()[0], (expected[0] + expected[1]) / 2);
    const plain = ce(y, logits, { labelSmoothing: 0 });
    close(plain.dataSync()[0], -(lp[0][0] + lp[1][1]) / 2);
    tf.dispose([logits, y, l, plain]);
  });

  it('attention pooling doubles the pooled features and keeps the mask out of the classification gradient', () => {
    const m = buildModel(resolveTrainConfig({ data: { root: '/x', inputSize: 16 }, model: { depth: 2, baseFilters: 4, clsPooling: 'attention' } }).model, 3);
    const x = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const feats = m.activations(x, 'clsFeatures');
    assert.deepEqual(feats.shape, [2, 32]);
    const out = m.apply(x, false);
    assert.deepEqual(out.clsLogits.shape, [2, 3]);
    // The segmentation head's weights get no gradient from the classification logits (the mask is detached).
    const segW = m.namedTrainableVariables.find((v) => v.name.startsWith('seg/out'))!.variable;
    const g = tf.variableGrads(() => tf.sum(m.apply(x, true).clsLogits) as tf.Scalar, [segW]);
    close(tf.sum(tf.abs(g.grads[segW.name])).dataSync()[0], 0);
    tf.dispose([x, feats, out.segLogits, out.clsLogits, g.value, ...Object.values(g.grads)]);
    m.dispose();
  });

  it('budget schedule: warm-up by steps, then cosine over the larger of step share and budget share', () => {
    const cfg = { kind: 'cosine' as const, warmupSteps: 10, totalSteps: 110, minLr: 0.001 };
    close(lrAtFraction(cfg, 0.01, 4, 0.5), 0.005);
    close(lrAtFraction(cfg, 0.01, 10, 0), 0.01);
    // Budget ahead of the steps: the budget sets the progress.
    close(lrAtFraction(cfg, 0.01, 20, 0.5), 0.0055);
    close(lrAtFraction(cfg, 0.01, 20, 1.7), 0.001);
    // Steps ahead of the budget: the step schedule is unchanged (repeatable for a seed).
    close(lrAtFraction(cfg, 0.01, 60, 0.1), 0.0055);
    close(lrAtFraction({ kind: 'poly', totalSteps: 100, power: 1 }, 0.01, 3, 0.25), 0.0075);
  });

  it('best checkpoints: a higher metric wins, ties go to the lower loss', () => {
    assert.equal(improves(0.5, 1, undefined, undefined), true);
    assert.equal(improves(0.6, 9, 0.5, 1), true);
    assert.equal(improves(0.4, 0.1, 0.5, 1), false);
    assert.equal(improves(0.5, 0.9, 0.5, 1), true);
    assert.equal(improves(0.5, 1.1, 0.5, 1), false);
  });

  it('config: cropHead, budgetMinutes, labelSmoothing, attention and autoSelect validate with named errors', () => {
    const c = resolveTrainConfig({
      description: 'd', data: { root: '/x', inputSize: 256, cropHead: true }, model: { clsPooling: 'attention' },
      loss: { cls: { labelSmoothing: 0.1 } }, training: { budgetMinutes: 28 }, inference: { autoSelect: true }, augmentation: { preset: 'light-2d' },
    });
    assert.equal(c.data.cropHead, true);
    assert.equal(c.data.inputSize, 256);
    assert.equal(c.training.budgetMinutes, 28);
    assert.equal(c.loss.cls.labelSmoothing, 0.1);
    assert.equal(c.inference.autoSelect, true);
    assert.equal(c.description, 'd');
    assert.throws(() => resolveTrainConfig({ data: { root: '/x' }, training: { budgetMinutes: -1 } }), /training\.budgetMinutes/);
    assert.throws(() => resolveTrainConfig({ data: { root: '/x' }, loss: { cls: { labelSmoothing: 1 } } }), /loss\.cls\.labelSmoothing/);
  });
});
