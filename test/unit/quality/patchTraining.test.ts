import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveTrainConfig } from '../../../src/core/config/trainConfig';
import type { Sample2D } from '../../../src/core/preprocessing/Sample2D';
import { Rng } from '../../../src/core/util/random';
import { BatchSampler } from '../../../src/training/data/BatchSampler';
import { toSampleSource } from '../../../src/core/preprocessing/SampleSource';
import { augmentationPreset } from '../../../src/core/augmentation/AugmentationConfig';
import { runPredictJob } from '../../../src/worker/jobs/predictJob';
import { runTrainJob } from '../../../src/worker/jobs/trainJob';
import { sharedData } from '../../helpers/paths';
import { useCpu } from '../loop/tfCpu';
import { tinyConfig } from '../loop/tinyConfig';

/** A 64² sample whose tumour is a 6² square near one corner. */
function cornerTumour(id: string): Sample2D {
  const mask = new Uint8Array(64 * 64);
  for (let y = 50; y < 56; y++) for (let x = 50; x < 56; x++) mask[y * 64 + x] = 1;
  return { id, image: Float32Array.from(mask, (v) => v * 2 - 1), width: 64, height: 64, channels: 1, mask, label: 0 };
}

describe('patch training (data.patchSize): patches for training, sliding windows for validation and prediction', function () {
  this.timeout(600_000);
  let tmp: string;
  before(async () => {
    await useCpu();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-patch-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('sizes the network by the patch and rejects a patch larger than the image', () => {
    const base = { name: 'p', data: { kind: 'figshare', root: '/x', inputSize: 64 } };
    assert.equal(resolveTrainConfig(base, '/').model.inputSize, 64);
    assert.equal(resolveTrainConfig({ ...base, data: { ...base.data, patchSize: 32 } }, '/').model.inputSize, 32);
    assert.throws(() => resolveTrainConfig({ ...base, data: { ...base.data, patchSize: 96 } }, '/'), /data\.patchSize: must be 0 \(whole image\) or between 16 and data\.inputSize \(64\), got 96/);
  });

  it('cuts patches, and centres the forced-foreground share on tumour', () => {
    const sampler = new BatchSampler(toSampleSource([cornerTumour('a'), cornerTumour('b')]), { batchSize: 8, foregroundOversample: 0.5, augmentation: augmentationPreset('none'), patchSize: 16 }, new Rng(3));
    for (let i = 0; i < 5; i++) {
      const batch = sampler.next();
      assert.ok(batch.every((s) => s.width === 16 && s.height === 16 && s.image.length === 256), 'every item is a 16² patch');
      const fg = batch.map((s) => s.mask!.some((v) => v > 0));
      assert.ok(fg.slice(4).every(Boolean), `the forced half shows tumour: ${fg}`);
    }
  });

  it('trains a real run on patches, validates the whole image, and predicts on the source grid', async () => {
    const cfg = tinyConfig(tmp, { epochs: 2, iterations: 2 }) as Record<string, Record<string, unknown>>;
    cfg.data = { ...cfg.data, inputSize: 64, patchSize: 32 };
    const r = await runTrainJob({ type: 'train', config: cfg, runDir: path.join(tmp, 'run') }, () => undefined);
    assert.equal(r.status, 'completed', r.error);
    const saved = JSON.parse(fs.readFileSync(path.join(r.runDir, 'config.json'), 'utf8')) as { model?: { inputSize?: number } };
    assert.ok(saved.model?.inputSize === undefined || saved.model.inputSize === 32, 'the network is patch-sized');
    const rec = JSON.parse(fs.readFileSync(path.join(r.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n')[0]) as { valDice: number; valLoss?: number };
    assert.ok(Number.isFinite(rec.valDice), `validation Dice ${rec.valDice}`);
    const input = path.join(sharedData('figshare-brain-tumor'), 'mat', '1.mat');
    const p = await runPredictJob({ type: 'predict', runDir: r.runDir, inputs: [input], outDir: path.join(tmp, 'pred') });
    assert.ok(p.outputs[0].mask.endsWith('_pred.png'));
    const png = fs.readFileSync(p.outputs[0].mask);
    assert.equal(png.readUInt32BE(16), 512, 'the mask has the source width');
    assert.equal(png.readUInt32BE(20), 512, 'and height');
  });
});
