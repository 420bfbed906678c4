import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig } from '../../../../src/core/config/modelConfig';
import type { NamedVariable } from '../../../../src/training/model/NamedTensorData';
import { Optimizer } from '../../../../src/training/optim/Optimizer';
import { useCpuBackend } from '../model/tfSetup';

const close = (a: number, b: number, tol = 1e-5): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

/** A kernel-like (decayed) and a bias-like (not decayed) scalar. */
function params(w = 1, b = 1): NamedVariable[] {
  return [
    { name: 'w', variable: tf.variable(tf.scalar(w)), decay: true },
    { name: 'b', variable: tf.variable(tf.scalar(b)), decay: false },
  ];
}
const read = (p: NamedVariable[]): number[] => p.map((x) => x.variable.dataSync()[0]);

/** n steps minimising scale·Σ v² (gradient 2·scale·v). */
function steps(cfg: Partial<OptimizerConfig>, n: number, scale = 1, p = params()): { opt: Optimizer; p: NamedVariable[] } {
  const opt = new Optimizer(cfg, p);
  for (let i = 0; i < n; i++) {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.mul(tf.addN(p.map((x) => tf.square(x.variable))), scale) as tf.Scalar, p.map((x) => x.variable));
      opt.applyGradients(grads);
    });
  }
  return { opt, p };
}

describe('training/optim Optimizer', () => {
  before(useCpuBackend);

  it('Adam: first step moves every weight by lr (bias-corrected)', () => {
    const { p } = steps({ name: 'adam', learningRate: 0.1 }, 1);
    read(p).forEach((v) => close(v, 0.9));
  });

  it('AdamW decays decoupled from the gradient scale; Adam-L2 decay is normalised away', () => {
    // Zero loss gradient: only the decay acts. Adam-L2 divides decay·w by its own RMS (a full lr step);
    // AdamW shrinks by lr·wd exactly. Biases (decay: false) are left alone by both.
    const zero = (cfg: Partial<OptimizerConfig>): number[] => {
      const p = params();
      const opt = new Optimizer(cfg, p);
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.mul(tf.addN(p.map((x) => x.variable)), 0) as tf.Scalar, p.map((x) => x.variable));
        opt.applyGradients(grads);
      });
      return read(p);
    };
    const l2 = zero({ name: 'adam', learningRate: 0.1, weightDecay: 0.01 });
    const w = zero({ name: 'adamw', learningRate: 0.1, weightDecay: 0.01 });
    close(l2[0], 0.9, 1e-4);
    close(w[0], 1 - 0.1 * 0.01);
    assert.equal(l2[1], 1);
    assert.equal(w[1], 1);
    // With a gradient, AdamW = Adam step on the decayed weight (PyTorch order).
    const { p } = steps({ name: 'adamw', learningRate: 0.1, weightDecay: 0.5 }, 1);
    close(read(p)[0], 1 * (1 - 0.05) - 0.1);
    close(read(p)[1], 0.9);
  });

  it('SGD with momentum and Nesterov follows the PyTorch update', () => {
    close(read(steps({ name: 'sgd', learningRate: 0.1, momentum: 0.9 }, 2).p)[0], 0.46);
    close(read(steps({ name: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true }, 1).p)[0], 0.62);
    close(read(steps({ name: 'sgd', learningRate: 0.1, momentum: 0 }, 1).p)[0], 0.8);
  });

  it('learning rate can change between steps', () => {
    const p = params();
    const opt = new Optimizer({ name: 'sgd', learningRate: 0.1, momentum: 0 }, p);
    opt.learningRate = 0.25;
    tf.tidy(() => opt.applyGradients(tf.variableGrads(() => tf.square(p[0].variable) as tf.Scalar, [p[0].variable]).grads));
    close(read(p)[0], 0.5);
  });

  it('state round-trips (incl. step count): a resumed optimiser continues identically', async () => {
    for (const name of ['adam', 'adamw', 'sgd'] as const) {
      const cfg = { name, learningRate: 0.05, weightDecay: 0.1, momentum: 0.9 };
      const a = steps(cfg, 3, 1.3);
      const state = await a.opt.getState();
      assert.equal(state.find((s) => s.name === 'optimizer/step')?.data[0], 3);
      const p2 = params(...(read(a.p) as [number, number]));
      const b = new Optimizer(cfg, p2);
      b.setState(state);
      assert.equal(b.iterations, 3);
      const one = (o: Optimizer, p: NamedVariable[]): void =>
        tf.tidy(() => o.applyGradients(tf.variableGrads(() => tf.addN(p.map((x) => tf.square(x.variable))) as tf.Scalar, p.map((x) => x.variable)).grads));
      one(a.opt, a.p);
      one(b, p2);
      assert.deepEqual(read(a.p), read(p2), name);
    }
  });

  it('leaks no tensors per step', () => {
    const p = params();
    const opt = new Optimizer({ name: 'adamw', weightDecay: 0.1 }, p);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.tidy(() => opt.applyGradients(tf.variableGrads(() => tf.square(p[0].variable) as tf.Scalar, [p[0].variable]).grads));
    assert.equal(tf.memory().numTensors, before);
    opt.dispose();
  });
});
