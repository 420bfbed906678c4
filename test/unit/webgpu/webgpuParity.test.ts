/**
 * WebGPU (Dawn) against the cpu reference: the ops of a U-Net training step and one full
 * forward + backward pass of a small MultitaskUNet, values and gradients. Skips, saying why,
 * where Dawn or an adapter is missing.
 */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../../../src/core/config/modelConfig';
import { buildModel, createOptimizer, MultitaskLoss, trainStep, type NamedTensorData } from '../../../src/training';
import { expectClose, runOn, seeded, skipWithoutWebGpu } from './webgpuHarness';

/** float32 sums in another order (GPU workgroups) differ by ~1e-6 relative; 1e-4 leaves room. */
const TOL = 1e-4;

const SHAPES = { x: [2, 16, 16, 3], w: [3, 3, 3, 8], gamma: [8], beta: [8], wt: [2, 2, 4, 8], wd: [8, 3] } as const;
const NAMES = Object.keys(SHAPES);

/** conv → batch-norm (batch statistics) → ReLU → max-pool → transposed conv → sigmoid, plus a softmax head. */
function unetOps(x: tf.Tensor, w: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, wt: tf.Tensor, wd: tf.Tensor): { seg: tf.Tensor; cls: tf.Tensor; loss: tf.Scalar } {
  const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same');
  const { mean, variance } = tf.moments(y, [0, 1, 2]);
  const bn = tf.add(tf.mul(tf.div(tf.sub(y, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
  const pooled = tf.maxPool(tf.relu(bn) as tf.Tensor4D, 2, 2, 'valid');
  const up = tf.conv2dTranspose(pooled, wt as tf.Tensor4D, [2, 16, 16, 4], 2, 'same');
  const seg = tf.sigmoid(up);
  const cls = tf.softmax(tf.matMul(tf.mean(pooled, [1, 2]), wd as tf.Tensor2D));
  const target = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
  const ce = tf.neg(tf.mean(tf.sum(tf.mul(target, tf.log(cls)), -1)));
  const loss = tf.add(tf.mean(tf.square(tf.sub(seg, 0.25))), ce) as tf.Scalar;
  return { seg, cls, loss };
}

function inputs(): tf.Tensor[] {
  return Object.values(SHAPES).map((s, i) => tf.tensor(seeded(s.reduce((p, d) => p * d, 1), 11 + i, i === 2 ? 0.5 : -1, i === 2 ? 1.5 : 1), [...s]));
}

const tiny: Partial<ModelConfig> = { inputSize: 16, depth: 2, baseFilters: 4, clsClasses: 3 };
const BATCH = 4;

function batch(): { x: tf.Tensor4D; ySeg: tf.Tensor4D; yCls: tf.Tensor2D } {
  const n = BATCH * 16 * 16;
  const x = tf.tensor4d(seeded(n, 3, 0, 1), [BATCH, 16, 16, 1]);
  const ySeg = tf.tensor4d(seeded(n, 4, 0, 1).map((v) => (v > 0.7 ? 1 : 0)), [BATCH, 16, 16, 1]);
  const yCls = tf.cast(tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3), 'float32') as tf.Tensor2D;
  return { x, ySeg, yCls };
}

/** Loss, both heads' logits and every gradient (in namedTrainableVariables order) of the tiny model with `weights`. */
function modelPass(weights: readonly NamedTensorData[]): tf.Tensor[] {
  const model = buildModel(tiny, 5);
  model.setWeights(weights);
  const loss = new MultitaskLoss({}, model.config.segHead);
  const b = batch();
  let kept: tf.Tensor[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const out = model.apply(b.x, true);
    kept = [tf.keep(out.segLogits), tf.keep(out.clsLogits)];
    return loss.compute(out, b, { epoch: 0, totalEpochs: 1 }).total;
  }, model.trainableVariables);
  const gradList = model.namedTrainableVariables.map((v) => grads[v.variable.name]);
  // Variables are not tidied with the rest; the returned tensors are copies that survive this.
  model.dispose();
  loss.dispose();
  return [value, ...kept, ...gradList];
}

describe('webgpu backend (Dawn) vs cpu', function () {
  before(async function () {
    await skipWithoutWebGpu(this);
  });
  after(async () => {
    await tf.setBackend('cpu');
  });

  it('matches conv/batch-norm/pool/transposed-conv/sigmoid/softmax values and gradients', async () => {
    const f = (): tf.Tensor[] => {
      const xs = inputs();
      const { seg, cls } = unetOps(xs[0], xs[1], xs[2], xs[3], xs[4], xs[5]);
      const { value, grads } = tf.valueAndGrads((...a: tf.Tensor[]) => unetOps(a[0], a[1], a[2], a[3], a[4], a[5]).loss)(xs);
      return [seg, cls, value, ...grads];
    };
    const ref = await runOn('cpu', f);
    const got = await runOn('webgpu', f);
    expectClose('ops', ['seg', 'cls', 'loss', ...NAMES.map((n) => `d/d${n}`)], got, ref, TOL);
  });

  it('casts int32 and bool to float32 so later kernels (transpose, mean over axes) see floats', async () => {
    const f = (): tf.Tensor[] => {
      // Big enough (> WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD) and computed by a kernel, so the data is on the GPU.
      const shape: [number, number, number, number] = [2, 16, 16, 4];
      const n = 2 * 16 * 16 * 4;
      const ints = tf.add(tf.tensor4d(Int32Array.from(seeded(n, 21, 0, 5), Math.floor), shape, 'int32'), tf.scalar(1, 'int32'));
      const mask = tf.cast(tf.greater(tf.tensor4d(seeded(n, 22), shape), 0), 'float32');
      const asFloat = tf.cast(ints, 'float32');
      const oneHot = tf.cast(tf.oneHot(tf.tensor1d([2, 0, 1], 'int32'), 3), 'float32');
      return [tf.transpose(asFloat, [0, 3, 1, 2]), tf.mean(asFloat, [1, 2]), tf.sum(mask, [1, 2]), tf.transpose(mask, [3, 0, 1, 2]), tf.mul(oneHot, 2), tf.cast(tf.scalar(3, 'int32'), 'float32')];
    };
    const ref = await runOn('cpu', f);
    const got = await runOn('webgpu', f);
    expectClose('cast', ['transpose(int→f32)', 'mean(int→f32)', 'sum(bool→f32)', 'transpose(bool→f32)', 'oneHot→f32', 'scalar'], got, ref, 0);
  });

  it('matches a MultitaskUNet forward + backward pass (loss, logits, every gradient)', async () => {
    await tf.setBackend('cpu');
    const init = buildModel(tiny, 5);
    const weights = init.getWeights();
    const names = ['loss', 'segLogits', 'clsLogits', ...init.namedTrainableVariables.map((v) => `d/d ${v.name}`)];
    init.dispose();
    const ref = await runOn('cpu', () => modelPass(weights));
    const got = await runOn('webgpu', () => modelPass(weights));
    assert.ok(ref.length > 10, 'expected gradients of every layer');
    expectClose('MultitaskUNet', names, got, ref, TOL);
  });

  it('runs trainStep (Adam) on webgpu with the same loss and gradient norm as cpu', async () => {
    const step = async (backend: 'cpu' | 'webgpu'): Promise<number[]> => {
      await tf.setBackend(backend);
      const model = buildModel(tiny, 9);
      const opt = createOptimizer({ name: 'adam', learningRate: 1e-3 }, model.namedTrainableVariables);
      const b = batch();
      const r = await trainStep(model, opt, b, {}, { epoch: 0, totalEpochs: 1 });
      tf.dispose([b.x, b.ySeg, b.yCls]);
      opt.dispose();
      model.dispose();
      return [r.total, r.seg, r.cls, r.gradNorm];
    };
    const ref = await step('cpu');
    const got = await step('webgpu');
    expectClose('trainStep', ['total', 'seg', 'cls', 'gradNorm'], got.map((v) => Float32Array.of(v)), ref.map((v) => Float32Array.of(v)), TOL);
  });
});
