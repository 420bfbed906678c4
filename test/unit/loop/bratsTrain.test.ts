import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { EpochRecord } from '../../../src/core/run';
import { runTrainJob } from '../../../src/worker/jobs/trainJob';
import { sharedData } from '../../helpers/paths';
import { useCpu } from './tfCpu';

describe('train job on BraTS volumes (axial slices, WT/TC/ET regions)', function () {
  this.timeout(600_000);
  let tmp: string;
  before(async () => {
    await useCpu();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-brats-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('trains one epoch and reports Dice per region without classification', async () => {
    const r = await runTrainJob({
      type: 'train', runDir: path.join(tmp, 'run'),
      config: {
        name: 'brats-tiny', seed: 3,
        data: { kind: 'brats', root: sharedData('brats18'), inputSize: 32, maxCases: 3, validation: { strategy: 'fraction', fraction: 0.3 } },
        model: { baseFilters: 4, depth: 2 },
        augmentation: { preset: 'nnunet-brats-da3' },
        training: { epochs: 1, iterationsPerEpoch: 2, batchSize: 4, overlayCases: 1 },
        run: { outputDir: tmp, backend: 'cpu' },
      },
    }, () => undefined);
    assert.strictEqual(r.status, 'completed', r.error);
    const rec = JSON.parse(fs.readFileSync(path.join(r.runDir, 'metrics.jsonl'), 'utf8').trim()) as EpochRecord;
    assert.deepStrictEqual(rec.seg.map((s) => s.name), ['WT', 'TC', 'ET']);
    assert.strictEqual(rec.accuracy, null);
    assert.ok(rec.seg.every((s) => s.dice >= 0 && s.dice <= 1));
  });
});
