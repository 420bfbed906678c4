import * as assert from 'assert';
import { useCpu } from './tfCpu';
import { resolveTrainConfig } from '../../../src/core/config/trainConfig';
import type { Sample2D } from '../../../src/core/preprocessing/Sample2D';
import { Trainer } from '../../../src/training/loop/Trainer';

/** A synthetic 16×16 sample: enough to build a Trainer (no training step runs here). */
function sample(id: string): Sample2D {
  const image = new Float32Array(16 * 16).map((_, i) => (i % 7) / 7);
  const mask = new Uint8Array(16 * 16).map((_, i) => (i % 16 > 8 ? 1 : 0));
  return { id, image, width: 16, height: 16, channels: 1, mask, label: 0 };
}

function trainer(mode: 'min' | 'max'): Trainer {
  const cfg = resolveTrainConfig({
    name: 'plateau', seed: 3,
    data: { kind: 'figshare', root: '/nowhere', inputSize: 16 },
    model: { baseFilters: 2, depth: 1 },
    optimizer: { learningRate: 0.1 },
    schedule: { kind: 'plateau', factor: 0.5, patience: 0, mode },
    training: { epochs: 5, iterationsPerEpoch: 1, batchSize: 1 },
  }, '/');
  return new Trainer(cfg, [sample('a')], [sample('b')]);
}

describe('reduce-on-plateau in the training loop', () => {
  before(useCpu);

  it('halves the lr when validation Dice stops improving (mode max), and survives a resume', async () => {
    const t = trainer('max');
    assert.strictEqual(t.lr(), 0.1);
    t.finishEpoch(0.5);
    assert.strictEqual(t.lr(), 0.1, 'first epoch sets the best');
    t.finishEpoch(0.4);
    assert.strictEqual(t.lr(), 0.05, 'no improvement with patience 0 halves the lr');
    const saved = JSON.parse(JSON.stringify(t.s));
    const resumed = trainer('max');
    const w = t.model.getWeights();
    resumed.restore(w, await t.optimizer.getState(), saved);
    assert.strictEqual(resumed.lr(), 0.05, 'scheduler state restored from the checkpoint scalars');
    assert.strictEqual(resumed.model.rngState, t.model.rngState);
    t.dispose();
    resumed.dispose();
  });

  it('watches the validation loss in mode min', () => {
    const t = trainer('min');
    t.finishEpoch(0.1, 1.0);
    t.finishEpoch(0.9, 0.5);
    assert.strictEqual(t.lr(), 0.1, 'loss improved: lr kept');
    t.finishEpoch(0.9, 0.7);
    assert.strictEqual(t.lr(), 0.05);
    t.dispose();
  });
});
