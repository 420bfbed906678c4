import * as assert from 'assert';
import { useCpu } from '../../loop/tfCpu';
import { resolveTrainConfig } from '../../../../src/core/config/trainConfig';
import type { Sample2D } from '../../../../src/core/preprocessing/Sample2D';
import { Trainer } from '../../../../src/training/loop/Trainer';
import type { NamedTensorData } from '../../../../src/training/model/NamedTensorData';

function sample(id: string, shift: number): Sample2D {
  const image = new Float32Array(16 * 16).map((_, i) => ((i + shift) % 7) / 7);
  const mask = new Uint8Array(16 * 16).map((_, i) => (i % 16 > 8 ? 1 : 0));
  return { id, image, width: 16, height: 16, channels: 1, mask, label: shift % 2 };
}

function trainer(weightEma: number): Trainer {
  const cfg = resolveTrainConfig({
    name: 'ema', seed: 5,
    data: { kind: 'figshare', root: '/nowhere', inputSize: 16, classes: ['a', 'b'] },
    model: { baseFilters: 2, depth: 1, norm: 'batch' },
    optimizer: { learningRate: 0.05 },
    augmentation: { preset: 'none' },
    training: { epochs: 2, iterationsPerEpoch: 3, batchSize: 2, weightEma },
  }, '/');
  return new Trainer(cfg, [sample('a', 0), sample('b', 1), sample('c', 2)], [sample('v', 3)]);
}

const byName = (w: readonly NamedTensorData[]) => new Map(w.map((d) => [d.name, Array.from(d.data)]));
const maxDiff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('weight averaging (training.weightEma)', () => {
  before(useCpu);

  it('checkpoints and validates the averaged weights while training steps the raw ones, and resumes exactly', async () => {
    const t = trainer(0.9);
    for (let i = 0; i < 3; i++) await t.step(t.nextBatch());
    const raw = byName(t.model.getWeights());
    const avg = byName(await t.weights());
    const k = 'enc0/conv1/conv/kernel';
    assert.ok(raw.has(k) && avg.has(k), `weight ${k} exists`);
    assert.ok(maxDiff(raw.get(k)!, avg.get(k)!) > 1e-6, 'the checkpoint holds the average, not the raw weights');
    assert.deepStrictEqual(byName(t.model.getWeights()).get(k), raw.get(k), 'reading the average leaves the raw weights in the model');
    const v1 = await t.validate();
    assert.deepStrictEqual(byName(t.model.getWeights()).get(k), raw.get(k), 'validation puts the raw weights back');

    // Resume from (averaged weights, optimiser state with the raw ones) and continue: same as uninterrupted.
    const r = trainer(0.9);
    r.restore(await t.weights(), await t.optimizerState(), JSON.parse(JSON.stringify(t.s)) as typeof t.s);
    assert.ok(maxDiff(byName(r.model.getWeights()).get(k)!, raw.get(k)!) < 1e-7, 'raw weights restored into the model');
    assert.ok(Math.abs((await r.validate()).valDice - v1.valDice) < 1e-6, 'the restored average validates the same');
    const batch = t.nextBatch();
    await t.step(batch);
    await r.step(batch);
    assert.ok(maxDiff(byName(await t.weights()).get(k)!, byName(await r.weights()).get(k)!) < 1e-6, 'the average continues identically after a resume');
    t.dispose();
    r.dispose();
  });

  it('is off by default: checkpoints hold the trained weights', async () => {
    const t = trainer(0);
    await t.step(t.nextBatch());
    assert.deepStrictEqual(byName(await t.weights()).get('enc0/conv1/conv/kernel'), byName(t.model.getWeights()).get('enc0/conv1/conv/kernel'));
    assert.ok(!(await t.optimizerState()).some((d) => d.name.startsWith('ema-raw/')));
    t.dispose();
  });
});
