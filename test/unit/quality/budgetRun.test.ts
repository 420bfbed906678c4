import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { EpochRecord } from '../../../src/core/run';
import { runPredictJob } from '../../../src/worker/jobs/predictJob';
import { runTrainJob } from '../../../src/worker/jobs/trainJob';
import { sharedData } from '../../helpers/paths';
import { useCpu } from '../loop/tfCpu';
import { tinyConfig } from '../loop/tinyConfig';

describe('training with a CPU budget, per-task best checkpoints and chosen inference (tiny real figshare run, cpu)', function () {
  this.timeout(600_000);
  let tmp: string;
  before(async () => {
    await useCpu();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-quality-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('ends when the budget is spent, keeps best and best-cls, records inference.json, and predict uses them', async () => {
    const cfg = tinyConfig(tmp, { epochs: 500, iterations: 2 }) as Record<string, Record<string, unknown>>;
    cfg.data = { ...cfg.data, cropHead: true };
    cfg.model = { ...cfg.model, clsPooling: 'attention' };
    cfg.loss = { cls: { labelSmoothing: 0.1 } };
    cfg.schedule = { kind: 'cosine', warmupSteps: 1, minLr: 0 };
    cfg.training = { ...cfg.training, budgetMinutes: 0.1 };
    cfg.inference = { autoSelect: true };
    const cpu0 = process.cpuUsage();
    const r = await runTrainJob({ type: 'train', config: cfg, runDir: path.join(tmp, 'run') }, () => undefined);
    const used = process.cpuUsage(cpu0);
    assert.equal(r.status, 'completed', r.error);
    assert.ok(r.epochsCompleted < 500 && r.epochsCompleted >= 1, `${r.epochsCompleted} epochs`);
    // The budget (6 CPU-s) ends training; the last validation and the inference choice come after it.
    assert.ok((used.user + used.system) / 1e6 >= 6, 'spent at least the budget');
    const recs = fs.readFileSync(path.join(r.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as EpochRecord);
    // The learning rate follows the budget: it falls towards minLr as the budget is spent.
    assert.ok(recs.at(-1)!.lr < 0.01 * 0.5, `last lr ${recs.at(-1)!.lr}`);
    for (const ck of ['latest', 'best', 'best-cls']) assert.ok(fs.existsSync(path.join(r.runDir, 'checkpoints', ck, 'manifest.json')), ck);
    const summary = JSON.parse(fs.readFileSync(path.join(r.runDir, 'summary.json'), 'utf8')) as { scheduleFollowsBudget?: boolean };
    assert.equal(summary.scheduleFollowsBudget, true, 'the 500 planned epochs do not fit in 6 CPU-s');
    const bestAcc = Math.max(...recs.map((x) => x.accuracy ?? 0));
    const clsEpoch = (JSON.parse(fs.readFileSync(path.join(r.runDir, 'checkpoints', 'best-cls', 'manifest.json'), 'utf8')) as { epoch: number }).epoch;
    assert.equal(recs[clsEpoch - 1].accuracy, bestAcc, 'best-cls holds the epoch of the best accuracy');
    const choice = JSON.parse(fs.readFileSync(path.join(r.runDir, 'inference.json'), 'utf8')) as { tta: boolean; largestComponent: boolean; nonEmpty: boolean; trials: { dice: number; nonEmpty: boolean }[] };
    // figshare cases are single slices with one tumour region: never-empty masks are tried too.
    assert.equal(choice.trials.length, 8);
    assert.equal(choice.trials.filter((t) => t.nonEmpty).length, 4);
    assert.equal(typeof choice.tta, 'boolean');
    assert.equal(typeof choice.nonEmpty, 'boolean');
    const input = path.join(sharedData('figshare-brain-tumor'), 'mat', '1.mat');
    const p = await runPredictJob({ type: 'predict', runDir: r.runDir, inputs: [input], outDir: path.join(tmp, 'pred') });
    const json = JSON.parse(fs.readFileSync(p.outputs[0].probabilities, 'utf8')) as { tta: boolean };
    assert.equal(json.tta, choice.tta, 'prediction uses the recorded flips');
  });

  it('repeats for a seed when the steps fit in the budget: the schedule counts steps, not CPU time', async () => {
    const runOnce = async (name: string) => {
      const cfg = tinyConfig(tmp, { epochs: 3, iterations: 3 }) as Record<string, Record<string, unknown>>;
      cfg.schedule = { kind: 'cosine', warmupSteps: 2, minLr: 0 };
      cfg.training = { ...cfg.training, budgetMinutes: 0.2 };
      const r = await runTrainJob({ type: 'train', config: cfg, runDir: path.join(tmp, name) }, () => undefined);
      assert.equal(r.status, 'completed', r.error);
      const summary = JSON.parse(fs.readFileSync(path.join(r.runDir, 'summary.json'), 'utf8')) as { scheduleFollowsBudget?: boolean };
      // A budget small enough that its share spent leads the steps' share right after warm-up (as
      // for the demo), which is what made budget runs differ before.
      assert.equal(summary.scheduleFollowsBudget, false, 'the 9 steps fit in 12 CPU-s');
      const recs = fs.readFileSync(path.join(r.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as EpochRecord);
      return recs.map(({ epoch, lr, train, valLoss, valDice, accuracy }) => ({ epoch, lr, train, valLoss, valDice, accuracy }));
    };
    const a = await runOnce('seedA');
    const b = await runOnce('seedB');
    assert.equal(a.length, 3);
    assert.deepEqual(b, a, 'the same seed gives the same epochs');
    // The last epoch's lr is the step cosine's, wherever CPU time stands.
    assert.ok(Math.abs(a[2].lr - 0.01 * 0.5 * (1 + Math.cos(Math.PI * (8 - 2) / 7))) < 1e-9, `lr ${a[2].lr}`);
  });
});
