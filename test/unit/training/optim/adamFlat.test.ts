import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedVariable } from '../../../../src/training/model/NamedTensorData';
import { Optimizer } from '../../../../src/training/optim/Optimizer';
import { wasmWithKernels } from '../../kernels/compareBackends';
import { useCpuBackend } from '../model/tfSetup';

/** The previous per-variable Adam/AdamW update, as the reference for the flattened one. */
function referenceStep(kind: 'adam' | 'adamw', p: NamedVariable[], m: tf.Variable[], v: tf.Variable[], grads: (tf.Tensor | null)[], t: number, lr: number, wd: number): void {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  tf.tidy(() => p.forEach((e, i) => {
    const g0 = grads[i];
    if (!g0) return;
    const w = e.variable;
    const decay = e.decay ? wd : 0;
    const g = kind === 'adam' && decay > 0 ? tf.add(g0, tf.mul(w, decay)) : g0;
    m[i].assign(tf.add(tf.mul(m[i], b1), tf.mul(g, 1 - b1)));
    v[i].assign(tf.add(tf.mul(v[i], b2), tf.mul(tf.square(g), 1 - b2)));
    const mHat = tf.div(m[i], 1 - b1 ** t);
    const vHat = tf.div(v[i], 1 - b2 ** t);
    const base = kind === 'adamw' && decay > 0 ? tf.mul(w, 1 - lr * decay) : w;
    w.assign(tf.sub(base, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), eps)), lr)));
  }));
}

const SHAPES = [[3, 3, 2, 4], [4], [5, 3], []];

describe('training/optim Optimizer (flattened Adam update)', () => {
  after(useCpuBackend); // leave the cpu backend selected for the other suites

  // wasm too: there the flat update is split back into variables through a read-back, not tf.split.
  for (const [backend, kind] of [['cpu', 'adam'], ['cpu', 'adamw'], ['wasm', 'adamw']] as const) {
    it(`${kind} (${backend}): equals the per-variable update over several steps, incl. a variable without gradient, leaking nothing`, async () => {
      if (backend === 'wasm') await wasmWithKernels();
      await tf.setBackend(backend);
      const make = (): NamedVariable[] => SHAPES.map((s, i) => ({ name: `p${i}`, variable: tf.variable(tf.randomNormal(s, 0, 1, 'float32', 40 + i)), decay: i % 2 === 0 }));
      const [ours, ref] = [make(), make()];
      const m = ref.map((e) => tf.variable(tf.zerosLike(e.variable)));
      const v = ref.map((e) => tf.variable(tf.zerosLike(e.variable)));
      const opt = new Optimizer({ name: kind, learningRate: 0.01, weightDecay: 0.1 }, ours);
      const before = tf.memory().numTensors;
      for (let t = 1; t <= 4; t++) {
        const gs = SHAPES.map((s, i) => (t === 2 && i === 1 ? null : tf.randomNormal(s, 0, 1 + i, 'float32', 100 * t + i)));
        const named: tf.NamedTensorMap = {};
        gs.forEach((g, i) => { if (g) named[ours[i].variable.name] = g; });
        opt.learningRate = 0.01 * t;
        opt.applyGradients(named);
        referenceStep(kind, ref, m, v, gs, t, 0.01 * t, 0.1);
        tf.dispose(gs.filter((g): g is tf.Tensor => g !== null));
      }
      assert.equal(tf.memory().numTensors, before, 'no tensors leak per step');
      ours.forEach((e, i) => {
        const [a, b] = [e.variable.dataSync(), ref[i].variable.dataSync()];
        a.forEach((x, j) => assert.ok(Math.abs(x - b[j]) <= 1e-5 * Math.max(1, Math.abs(b[j])), `${e.name}[${j}]: ${x} vs ${b[j]}`));
      });
      opt.dispose();
      tf.dispose([...ours.map((e) => e.variable), ...ref.map((e) => e.variable), ...m, ...v]);
    });
  }
});
