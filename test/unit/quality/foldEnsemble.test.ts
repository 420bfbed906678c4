import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ClusterGroup } from '../../../src/core/cluster/ClusterGroup';
import { runPredictJob } from '../../../src/worker/jobs/predictJob';
import { runTrainJob } from '../../../src/worker/jobs/trainJob';
import { sharedData } from '../../helpers/paths';
import { useCpu } from '../loop/tfCpu';
import { tinyConfig } from '../loop/tinyConfig';

interface PredJson { probabilities: number[]; ensemble?: string[] }

describe('fold ensemble: predict --run on a cross-validation folder averages its folds (tiny real runs, cpu)', function () {
  this.timeout(600_000);
  let tmp: string;
  before(async () => {
    await useCpu();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-ensemble-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('averages the completed folds\' class probabilities, skips an unfinished fold, and refuses a folder without any', async () => {
    const group = path.join(tmp, 'tiny-cv');
    const folds = ['fold-1', 'fold-2'];
    for (const [i, name] of folds.entries()) {
      const cfg = tinyConfig(tmp, { epochs: 1, iterations: 2 }) as Record<string, unknown> & { seed: number };
      cfg.seed = 11 + i;
      const r = await runTrainJob({ type: 'train', config: cfg, runDir: path.join(group, name) }, () => undefined);
      assert.equal(r.status, 'completed', r.error);
    }
    fs.mkdirSync(path.join(group, 'fold-3'));
    const meta: ClusterGroup = {
      format: 'medseg-group-1', kind: 'cv', name: 'tiny', executor: 'local', source: 'tiny.medseg.json', createdAt: new Date().toISOString(),
      tasks: ['fold-1', 'fold-2', 'fold-3'].map((name, index) => ({ index, name, fold: index + 1 })),
    };
    fs.writeFileSync(path.join(group, 'group.json'), JSON.stringify(meta));
    const input = path.join(sharedData('figshare-brain-tumor'), 'mat', '1.mat');
    const single = await Promise.all(folds.map(async (f) => {
      const p = await runPredictJob({ type: 'predict', runDir: path.join(group, f), inputs: [input], outDir: path.join(tmp, `pred-${f}`), tta: false });
      return JSON.parse(fs.readFileSync(p.outputs[0].probabilities, 'utf8')) as PredJson;
    }));
    assert.notDeepEqual(single[0].probabilities, single[1].probabilities, 'the folds differ');
    const p = await runPredictJob({ type: 'predict', runDir: group, inputs: [input], outDir: path.join(tmp, 'pred-ens'), tta: false });
    const ens = JSON.parse(fs.readFileSync(p.outputs[0].probabilities, 'utf8')) as PredJson;
    assert.deepEqual(ens.ensemble, folds.map((f) => path.join(group, f)), 'the two completed folds, not the unfinished one');
    ens.probabilities.forEach((v, c) => assert.ok(Math.abs(v - (single[0].probabilities[c] + single[1].probabilities[c]) / 2) < 1e-5, `class ${c}: ${v}`));

    fs.rmSync(path.join(group, 'fold-1'), { recursive: true });
    fs.rmSync(path.join(group, 'fold-2'), { recursive: true });
    await assert.rejects(runPredictJob({ type: 'predict', runDir: group, inputs: [input] }), /no fold of this cross-validation has a best checkpoint/);
  });
});
