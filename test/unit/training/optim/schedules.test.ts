import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { MedSegError } from '../../../../src/core/util/MedSegError';
import { clipByGlobalNorm, globalNorm } from '../../../../src/training/optim/Optimizer';
import { LrScheduler, lrAt } from '../../../../src/training/optim/schedules';
import { useCpuBackend } from '../model/tfSetup';

const close = (a: number, b: number, tol = 1e-6): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('training/optim schedules and clipping', () => {
  before(useCpuBackend);

  it('cosine with warm-up', () => {
    const c = { kind: 'cosine', warmupSteps: 10, totalSteps: 110, minLr: 0 } as const;
    close(lrAt(c, 1, 0), 0.1);
    close(lrAt(c, 1, 9), 1);
    close(lrAt(c, 1, 10), 1);
    close(lrAt(c, 1, 60), 0.5);
    close(lrAt(c, 1, 110), 0);
    close(lrAt({ ...c, minLr: 0.1 }, 1, 500), 0.1);
  });

  it('poly (nnU-Net) and step', () => {
    close(lrAt({ kind: 'poly', totalSteps: 100, power: 0.9 }, 0.01, 0), 0.01);
    close(lrAt({ kind: 'poly', totalSteps: 100, power: 0.9 }, 0.01, 50), 0.01 * 0.5 ** 0.9);
    close(lrAt({ kind: 'poly', totalSteps: 100, power: 0.9 }, 0.01, 100), 0);
    close(lrAt({ kind: 'step', stepSize: 10, gamma: 0.1 }, 1, 9), 1);
    close(lrAt({ kind: 'step', stepSize: 10, gamma: 0.1 }, 1, 25), 0.01);
  });

  it('reduce-on-plateau lowers the lr after `patience` epochs without improvement and its state round-trips', () => {
    const s = new LrScheduler({ kind: 'plateau', factor: 0.5, patience: 2, minLr: 0.2 }, 1);
    assert.deepEqual([1, 0.9, 0.95, 0.95].map((m) => s.reportMetric(m)), [1, 1, 1, 1]);
    assert.equal(s.reportMetric(0.95), 0.5);
    assert.equal(s.lrForStep(1234), 0.5);
    const s2 = new LrScheduler({ kind: 'plateau', factor: 0.5, patience: 2, minLr: 0.2 }, 1);
    s2.setState(s.getState());
    for (let i = 0; i < 6; i++) s2.reportMetric(2);
    assert.equal(s2.lrForStep(0), 0.2); // floored at minLr
  });

  it('rejects bad schedule configs with the field name', () => {
    assert.throws(() => new LrScheduler({ kind: 'poly', totalSteps: 0 }, 1), (e: unknown) => e instanceof MedSegError && /schedule\.totalSteps/.test(e.message));
    assert.throws(() => new LrScheduler({ kind: 'warp' } as never, 1), (e: unknown) => e instanceof MedSegError && /schedule\.kind/.test(e.message));
  });

  it('global-norm clipping bounds the norm and keeps the direction', () => {
    const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) };
    const { grads: c, norm } = clipByGlobalNorm(grads, 1);
    close(norm.dataSync()[0], 5);
    const n2 = globalNorm(c);
    close(n2.dataSync()[0], 1, 1e-5);
    close(c.a.dataSync()[0] / c.b.dataSync()[1], 3 / 4);
    const { grads: same, norm: n3 } = clipByGlobalNorm(grads, 10);
    assert.deepEqual(Array.from(same.b.dataSync()), [0, 4]);
    tf.dispose([grads.a, grads.b, c.a, c.b, norm, n2, same.a, same.b, n3]);
  });
});
