import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { benchModelConfig, type ModelConfig } from '../../../../src/core/config/modelConfig';
import { MedSegError } from '../../../../src/core/util/MedSegError';
import { buildModel } from '../../../../src/training/model/buildModel';
import { useCpuBackend } from './tfSetup';

const tiny: Partial<ModelConfig> = { inputSize: 16, depth: 2, baseFilters: 4, clsClasses: 3 };

function input(n: number, size: number, c: number, seed = 1): tf.Tensor4D {
  return tf.randomUniform([n, size, size, c], 0, 1, 'float32', seed) as tf.Tensor4D;
}

describe('training/model MultitaskUNet', () => {
  before(useCpuBackend);

  it('matches the PyTorch reference parameter count for the bench config', () => {
    // From bench_torch.py: sum(p.numel() for p in UNet(base).parameters()).
    for (const [size, base, expected] of [[32, 4, 122216], [64, 8, 486796], [128, 16, 1943060]] as const) {
      const m = buildModel(benchModelConfig(size, base), 1);
      assert.equal(m.paramCount(), expected, `base ${base}`);
      // BN moving mean + variance: 2 per channel of 18 norms.
      m.dispose();
    }
  });

  it('returns logits of the right shapes for every option combination', () => {
    const combos: Partial<ModelConfig>[] = [];
    for (const block of ['plain', 'residual'] as const)
      for (const norm of ['batch', 'instance'] as const)
        for (const upsampling of ['transposed', 'resize-conv'] as const)
          combos.push({ block, norm, upsampling });
    for (const activation of ['relu', 'leakyrelu', 'prelu', 'swish', 'mish'] as const) combos.push({ activation });
    combos.push({ segHead: 'softmax', segClasses: 4, clsPooling: 'spp', squeezeExcitation: true, dropout: 0.2, clsHidden: 8, clsStopGradient: true, inChannels: 3 });
    combos.push({ segHead: 'sigmoid', segClasses: 3, clsPooling: 'spp', depth: 1 });
    for (const extra of combos) {
      const cfg = { ...tiny, ...extra };
      const m = buildModel(cfg, 3);
      const x = input(2, 16, cfg.inChannels ?? 1);
      for (const training of [true, false]) {
        const before = tf.memory().numTensors;
        const { segLogits, clsLogits } = m.apply(x, training);
        assert.deepEqual(segLogits.shape, [2, 16, 16, cfg.segClasses ?? 1], JSON.stringify(extra));
        assert.deepEqual(clsLogits.shape, [2, 3]);
        const total = tf.sum(segLogits);
        assert.ok(Number.isFinite(total.dataSync()[0]));
        total.dispose();
        tf.dispose([segLogits, clsLogits]);
        assert.equal(tf.memory().numTensors, before, `leak ${JSON.stringify(extra)}`);
      }
      x.dispose();
      m.dispose();
    }
  });

  it('initialises deterministically from the seed', () => {
    const models = [buildModel(tiny, 42), buildModel(tiny, 42), buildModel(tiny, 43)];
    const [a, b, c] = models.map((m) => m.getWeights());
    assert.deepEqual(a.map((w) => w.name), b.map((w) => w.name));
    assert.deepEqual(models[0].weightNames(), a.map((w) => w.name));
    a.forEach((w, i) => assert.deepEqual(w.data, b[i].data, w.name));
    assert.notDeepEqual(a[0].data, c[0].data);
    models.forEach((m) => m.dispose());
  });

  it('round-trips weights (incl. BN moving stats) through getWeights/setWeights', () => {
    const m1 = buildModel(tiny, 1);
    const m2 = buildModel(tiny, 2);
    const x = input(2, 16, 1);
    m1.apply(x, true); // updates moving stats so they differ from the init
    const w = m1.getWeights();
    assert.ok(w.some((t) => t.name.endsWith('movingMean') && t.data.some((v) => v !== 0)));
    m2.setWeights(w);
    const o1 = m1.apply(x, false);
    const o2 = m2.apply(x, false);
    assert.deepEqual(o1.segLogits.dataSync(), o2.segLogits.dataSync());
    assert.deepEqual(o1.clsLogits.dataSync(), o2.clsLogits.dataSync());
    assert.throws(() => m2.setWeights(w.slice(1)), MedSegError);
    tf.dispose([x, o1.segLogits, o1.clsLogits, o2.segLogits, o2.clsLogits]);
    m1.dispose();
    m2.dispose();
  });

  it('exposes named activations (first encoder conv feature maps)', () => {
    const m = buildModel(tiny, 1);
    assert.equal(m.layerNames()[0], 'enc0.conv1');
    const x = input(1, 16, 1);
    const before = tf.memory().numTensors;
    const a = m.activations(x, 'enc0.conv1');
    assert.deepEqual(a.shape, [1, 16, 16, 4]);
    assert.equal(tf.memory().numTensors, before + 1);
    // The last layers equal apply()'s outputs.
    const out = m.apply(x, false);
    const seg = m.activations(x, 'segLogits');
    assert.deepEqual(seg.dataSync(), out.segLogits.dataSync());
    tf.dispose([seg, out.segLogits, out.clsLogits]);
    assert.throws(() => m.activations(x, 'nope'), MedSegError);
    tf.dispose([a, x]);
    m.dispose();
  });

  it('stopGradient keeps the classification loss out of the encoder', () => {
    const m = buildModel({ ...tiny, clsStopGradient: true }, 1);
    const x = input(2, 16, 1);
    const named = m.namedTrainableVariables;
    const { grads } = tf.variableGrads(() => tf.sum(m.apply(x, true).clsLogits) as tf.Scalar, m.trainableVariables);
    const enc = named.find((v) => v.name === 'enc0/conv1/conv/kernel');
    const head = named.find((v) => v.name === 'cls/out/kernel');
    assert.ok(enc && head);
    const encGrad = grads[enc.variable.name];
    assert.ok(!encGrad || tf.max(tf.abs(encGrad)).dataSync()[0] === 0);
    assert.ok(tf.max(tf.abs(grads[head.variable.name])).dataSync()[0] > 0);
    tf.dispose([x, ...Object.values(grads)]);
    m.dispose();
  });

  it('dropout masks are reproducible from rngState (resume)', () => {
    const m = buildModel({ ...tiny, dropout: 0.5 }, 1);
    const x = input(2, 16, 1);
    const run = (): Float32Array => {
      const o = m.apply(x, true);
      const v = o.clsLogits.dataSync() as Float32Array;
      tf.dispose([o.segLogits, o.clsLogits]);
      return v;
    };
    const w = m.getWeights(); // training-mode calls move the BN statistics: restore them between runs
    const state = m.rngState;
    const a = run();
    const b = run();
    assert.notDeepEqual(a, b);
    m.setWeights(w);
    m.rngState = state;
    assert.deepEqual(run(), a);
    x.dispose();
    m.dispose();
  });

  it('rejects bad configs with the field name', () => {
    assert.throws(() => buildModel({ ...tiny, inputSize: 18 }, 1), (e: unknown) => e instanceof MedSegError && /model\.inputSize/.test(e.message));
    assert.throws(() => buildModel({ ...tiny, activation: 'gelu' as never }, 1), (e: unknown) => e instanceof MedSegError && /model\.activation/.test(e.message));
  });
});
