import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../../../../src/core/config/modelConfig';
import { MedSegError } from '../../../../src/core/util/MedSegError';
import { MultitaskLoss } from '../../../../src/training/losses/MultitaskLoss';
import { buildModel } from '../../../../src/training/model/buildModel';
import { createOptimizer } from '../../../../src/training/optim/Optimizer';
import { trainStep, type TrainBatch } from '../../../../src/training/optim/trainStep';
import { useCpuBackend } from '../model/tfSetup';

const tiny: Partial<ModelConfig> = { inputSize: 16, depth: 2, baseFilters: 4, clsClasses: 3 };

/** Two 16×16 images: a bright square (class 1) and noise only (class 0). */
function syntheticBatch(segClasses = 1): TrainBatch {
  return tf.tidy(() => {
    const mask = tf.pad(tf.ones([1, 6, 6, 1]), [[0, 1], [5, 5], [5, 5], [0, 0]]) as tf.Tensor4D; // [2,16,16,1], sample 1 empty
    const noise = tf.randomUniform([2, 16, 16, 1], 0, 0.3, 'float32', 7);
    const x = tf.add(noise, tf.mul(mask, 0.7)) as tf.Tensor4D;
    const ySeg = segClasses === 1 ? mask : (tf.cast(mask, 'int32') as tf.Tensor4D);
    return { x, ySeg, yCls: tf.tensor2d([[1], [0]]) };
  });
}

describe('training/optim trainStep', () => {
  before(useCpuBackend);

  it('overfits one synthetic batch (loss drops) without leaking tensors', async () => {
    const model = buildModel(tiny, 1);
    const opt = createOptimizer({ name: 'adam', learningRate: 1e-2 }, model.namedTrainableVariables);
    const batch = syntheticBatch();
    const lossCfg = { seg: { name: 'diceBce' as const }, multitask: { weighting: 'fixed' as const, clsWeight: 0.5 } };
    const first = await trainStep(model, opt, batch, lossCfg, { epoch: 0, totalEpochs: 1 });
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 12; i++) {
      last = await trainStep(model, opt, batch, lossCfg, { epoch: 0, totalEpochs: 1 });
      if (process.env.DEBUG_TRAIN) console.log(i, last);
    }
    assert.equal(tf.memory().numTensors, before, 'tensor leak across trainStep calls');
    assert.ok(Number.isFinite(first.total) && Number.isFinite(first.gradNorm) && first.gradNorm > 0);
    assert.ok(last.total < 0.6 * first.total, `loss ${first.total} → ${last.total}`);
    assert.ok(last.seg < first.seg && last.cls < first.cls);
    assert.equal(opt.iterations, 13);
    tf.dispose([batch.x, batch.ySeg, batch.yCls]);
    opt.dispose();
    model.dispose();
  });

  it('trains softmax heads with integer labels, uncertainty weights and clipping', async () => {
    const model = buildModel({ ...tiny, segHead: 'softmax', segClasses: 2, block: 'residual', norm: 'instance', clsPooling: 'spp', squeezeExcitation: true, dropout: 0.1 }, 2);
    const loss = new MultitaskLoss({ seg: { name: 'diceCe' }, multitask: { weighting: 'uncertainty', clsWeight: 1 } }, 'softmax');
    const opt = createOptimizer({ name: 'adamw', learningRate: 1e-2, weightDecay: 1e-2 }, [...model.namedTrainableVariables, ...loss.namedTrainableVariables]);
    const batch = syntheticBatch(2);
    const first = await trainStep(model, opt, batch, loss, { epoch: 0, totalEpochs: 1 }, 0.5);
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 8; i++) last = await trainStep(model, opt, batch, loss, { epoch: 0, totalEpochs: 1 }, 0.5);
    assert.equal(tf.memory().numTensors, before);
    assert.ok(last.seg < first.seg, `seg ${first.seg} → ${last.seg}`);
    assert.notEqual(last.segWeight, 1); // the log-variances were updated
    // Uncertainty with a plain config is refused: its variables would not be optimised.
    await assert.rejects(trainStep(model, opt, batch, { multitask: { weighting: 'uncertainty', clsWeight: 1 } }, { epoch: 0, totalEpochs: 1 }), MedSegError);
    tf.dispose([batch.x, batch.ySeg, batch.yCls]);
    opt.dispose();
    loss.dispose();
    model.dispose();
  });

  it('is deterministic for a seed', async () => {
    const run = async (): Promise<number> => {
      const model = buildModel(tiny, 5);
      const opt = createOptimizer({}, model.namedTrainableVariables);
      const batch = syntheticBatch();
      let v = 0;
      for (let i = 0; i < 3; i++) v = (await trainStep(model, opt, batch, {}, { epoch: 0, totalEpochs: 1 })).total;
      tf.dispose([batch.x, batch.ySeg, batch.yCls]);
      opt.dispose();
      model.dispose();
      return v;
    };
    assert.equal(await run(), await run());
  });
});
