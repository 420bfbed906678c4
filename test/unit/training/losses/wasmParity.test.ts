import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { wasmWithKernels } from '../../kernels/compareBackends';
import { CLS_LOSSES } from '../../../../src/training/losses/clsLosses';
import { SEG_LOSSES } from '../../../../src/training/losses/segLosses';
import { buildModel } from '../../../../src/training/model/buildModel';
import { MultitaskLoss } from '../../../../src/training/losses/MultitaskLoss';
import { createOptimizer } from '../../../../src/training/optim/Optimizer';
import { trainStep } from '../../../../src/training/optim/trainStep';
import { useCpuBackend } from '../model/tfSetup';

/** Every loss on fixed inputs, integer and one-hot labels. */
function allLosses(): number[] {
  return tf.tidy(() => {
    const logits = tf.tensor4d(Array.from({ length: 2 * 4 * 4 * 3 }, (_, i) => Math.sin(i) * 3), [2, 4, 4, 3]);
    const idx = tf.tensor4d(Array.from({ length: 2 * 4 * 4 }, (_, i) => i % 3), [2, 4, 4, 1]);
    const regions = tf.tensor4d(Array.from({ length: 2 * 4 * 4 * 3 }, (_, i) => (i % 5 < 2 ? 1 : 0)), [2, 4, 4, 3]);
    const clsLogits = tf.tensor2d([[1, 0, -1], [0, 2, 0]]);
    const clsIdx = tf.tensor2d([[1], [0]]);
    const out: number[] = [];
    for (const fn of Object.values(SEG_LOSSES)) {
      out.push(fn(idx, logits, { mode: 'softmax', excludeBackground: true }).dataSync()[0]);
      out.push(fn(regions, logits, { mode: 'sigmoid', perSample: true }).dataSync()[0]);
    }
    for (const fn of Object.values(CLS_LOSSES)) out.push(fn(clsIdx, clsLogits, { classWeights: [1, 2, 3] }).dataSync()[0]);
    return out;
  });
}

/**
 * Three training steps of a tiny softmax model; returns the step totals. Mish on purpose: its
 * negative outputs exposed tfjs-backend-wasm 4.22's MaxPoolGrad, which drops windows whose
 * maximum is negative (the model's maxPool2x2 avoids that kernel).
 */
async function tinyTraining(): Promise<number[]> {
  const model = buildModel({ inputSize: 16, depth: 2, baseFilters: 4, segHead: 'softmax', segClasses: 2, clsPooling: 'spp', activation: 'mish' }, 3);
  const loss = new MultitaskLoss({ seg: { name: 'diceCe' }, cls: { name: 'ce' } }, 'softmax');
  // SGD, not Adam: Adam's first step is ±lr whatever the gradient's size, so float noise in near-zero gradients would be amplified.
  const opt = createOptimizer({ name: 'sgd', learningRate: 0.05, momentum: 0.9, weightDecay: 0.01 }, model.namedTrainableVariables);
  const x = tf.tensor4d(Array.from({ length: 2 * 16 * 16 }, (_, i) => Math.cos(i * 0.37)), [2, 16, 16, 1]);
  const ySeg = tf.tensor4d(Array.from({ length: 2 * 16 * 16 }, (_, i) => (i % 16 > 8 ? 1 : 0)), [2, 16, 16, 1]);
  const yCls = tf.tensor2d([[2], [1]]);
  const totals: number[] = [];
  for (let i = 0; i < 3; i++) totals.push((await trainStep(model, opt, { x, ySeg, yCls }, loss, { epoch: 0, totalEpochs: 1 })).total);
  tf.dispose([x, ySeg, yCls]);
  opt.dispose();
  loss.dispose();
  model.dispose();
  return totals;
}

describe('training/losses on the wasm backend', () => {
  after(useCpuBackend); // leave the cpu backend selected for the other suites

  it('losses and training steps agree with the cpu backend', async () => {
    await useCpuBackend();
    const cpu = allLosses();
    const cpuTrain = await tinyTraining();
    await wasmWithKernels();
    await tf.setBackend('wasm');
    const wasm = allLosses();
    const wasmTrain = await tinyTraining();
    // tfjs-backend-wasm's OneHot ignored float32 and gave all-zero targets: integer labels must still work.
    cpu.forEach((v, i) => assert.ok(Math.abs(v - wasm[i]) < 1e-5 * Math.max(1, Math.abs(v)), `loss #${i}: cpu ${v} wasm ${wasm[i]}`));
    cpuTrain.forEach((v, i) => assert.ok(Math.abs(v - wasmTrain[i]) < 1e-4, `step ${i}: cpu ${v} wasm ${wasmTrain[i]}`));
  });
});
