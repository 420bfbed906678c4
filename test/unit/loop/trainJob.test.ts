import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import type { FromWorker, TrainResult } from '../../../src/core/protocol/workerProtocol';
import type { CheckpointManifest, EpochRecord, RunSummary } from '../../../src/core/run';
import { requestStop } from '../../../src/worker/jobs/jobControl';
import { runTrainJob } from '../../../src/worker/jobs/trainJob';
import { runPredictJob } from '../../../src/worker/jobs/predictJob';
import { readPng } from '../../../src/core/io/readImage2d';
import { readNiftiAsync } from '../../../src/core/io/readNifti';
import { projectRoot, sharedData } from '../../helpers/paths';
import { useCpu } from './tfCpu';
import { tinyConfig } from './tinyConfig';

const readJson = <T>(f: string): T => JSON.parse(fs.readFileSync(f, 'utf8')) as T;
const metrics = (dir: string): EpochRecord[] => fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as EpochRecord);

/** The parts of an epoch record that must repeat exactly (not timings). */
function comparable(r: EpochRecord): unknown {
  return { epoch: r.epoch, step: r.step, lr: r.lr, train: r.train, valLoss: r.valLoss, seg: r.seg, valDice: r.valDice, accuracy: r.accuracy, confusion: r.confusion };
}

describe('train job (tiny real figshare run, cpu)', function () {
  this.timeout(600_000);
  let tmp: string;
  let full: TrainResult;
  const events: FromWorker[] = [];

  before(async () => {
    await useCpu();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-loop-'));
    full = await runTrainJob({ type: 'train', config: tinyConfig(tmp), runDir: path.join(tmp, 'full') }, (e) => events.push(e));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('completes and writes a complete, schema-valid run folder', () => {
    assert.strictEqual(full.status, 'completed', full.error);
    const dir = full.runDir;
    for (const f of ['config.json', 'metrics.jsonl', 'summary.json', 'previews/batch-000.png', 'overlays/epoch-003/index.json',
      'checkpoints/latest/manifest.json', 'checkpoints/latest/weights.bin', 'checkpoints/latest/optimizer.bin', 'checkpoints/best/manifest.json']) {
      assert.ok(fs.existsSync(path.join(dir, f)), `missing ${f}`);
    }
    const schema = readJson<object>(path.join(projectRoot(), 'media/schemas/medseg-config.schema.json'));
    const validate = new Ajv({ strict: false }).compile(schema);
    assert.ok(validate(readJson(path.join(dir, 'config.json'))), JSON.stringify(validate.errors));
    const s = readJson<RunSummary>(path.join(dir, 'summary.json'));
    assert.strictEqual(s.status, 'completed');
    assert.strictEqual(s.backend, 'cpu');
    assert.strictEqual(s.epochsCompleted, 3);
    assert.ok(s.trainCases > 0 && s.valCases > 0);
    const m = readJson<CheckpointManifest>(path.join(dir, 'checkpoints/latest/manifest.json'));
    const floats = m.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    assert.strictEqual(fs.statSync(path.join(dir, 'checkpoints/latest/weights.bin')).size, floats * 4);
    assert.strictEqual(m.epoch, 3);
  });

  it('logs every metric per epoch, the loss decreases and no tensors leak', () => {
    const rs = metrics(full.runDir);
    assert.strictEqual(rs.length, 3);
    for (const r of rs) {
      for (const k of ['total', 'seg', 'cls']) assert.ok(Number.isFinite(r.train[k]), `train.${k}`);
      assert.ok(r.valDice >= 0 && r.valDice <= 1);
      assert.ok(r.accuracy !== null && r.confusion !== null && r.perClassAccuracy !== null);
      assert.strictEqual(r.seg[0].name, 'tumour');
    }
    assert.strictEqual(rs[2].numTensors, rs[1].numTensors, 'tensor count grew between epochs');
    assert.ok(rs[2].train.total < rs[0].train.total, `loss did not decrease: ${rs.map((r) => r.train.total.toFixed(4)).join(' → ')}`);
    assert.ok(events.some((e) => e.type === 'progress' && e.phase === 'train'));
    assert.strictEqual(events.filter((e) => e.type === 'metrics').length, 3);
    assert.strictEqual(events.filter((e) => e.type === 'validationPreview').length, 6);
  });

  it('resuming after a stop at an epoch boundary repeats the uninterrupted run exactly', async () => {
    const dir = path.join(tmp, 'boundary');
    const r1 = await runTrainJob({ type: 'train', config: tinyConfig(tmp), runDir: dir }, (e) => {
      if (e.type === 'metrics' && e.record.epoch === 2) requestStop();
    });
    assert.strictEqual(r1.status, 'stopped');
    assert.strictEqual(readJson<RunSummary>(path.join(dir, 'summary.json')).status, 'stopped');
    const r2 = await runTrainJob({ type: 'train', resume: dir }, () => undefined);
    assert.strictEqual(r2.status, 'completed', r2.error);
    assert.deepStrictEqual(metrics(dir).map(comparable), metrics(full.runDir).map(comparable));
    assert.strictEqual(readJson<RunSummary>(path.join(dir, 'summary.json')).resumes, 1);
  });

  it('resuming after a stop in the middle of an epoch repeats the uninterrupted run exactly', async () => {
    const dir = path.join(tmp, 'mid');
    let stopped = false;
    const r1 = await runTrainJob({ type: 'train', config: tinyConfig(tmp), runDir: dir }, (e) => {
      if (!stopped && e.type === 'progress' && e.phase === 'train' && e.epoch === 2) stopped = requestStop();
    });
    assert.strictEqual(r1.status, 'stopped');
    const m = readJson<CheckpointManifest>(path.join(dir, 'checkpoints/latest/manifest.json'));
    assert.strictEqual(m.epoch, 1);
    assert.ok(m.iteration > 0, 'the stop checkpoint should be mid-epoch');
    const r2 = await runTrainJob({ type: 'train', resume: dir }, () => undefined);
    assert.strictEqual(r2.status, 'completed', r2.error);
    assert.deepStrictEqual(metrics(dir).map(comparable), metrics(full.runDir).map(comparable));
  });

  it('predicts 2-D slices (.mat, .jpg) and a NIfTI volume slice-wise, on the source grid', async () => {
    const fig = sharedData('figshare-brain-tumor');
    const vol = sharedData('brats18/Brats18_2013_3_1/Brats18_2013_3_1_t1ce.nii.gz');
    const out = path.join(tmp, 'pred');
    const r = await runPredictJob({ type: 'predict', runDir: full.runDir, inputs: [path.join(fig, 'mat/15.mat'), path.join(fig, 'images/1.jpg'), vol], outDir: out, tta: true });
    assert.strictEqual(r.outputs.length, 3);
    const png = readPng('m', new Uint8Array(fs.readFileSync(r.outputs[1].mask)));
    assert.deepStrictEqual(png.dims.slice(0, 2), [512, 512]);
    const probs = readJson<{ probabilities: number[]; className: string; label: number; classIndex: number }>(r.outputs[0].probabilities);
    assert.strictEqual(probs.probabilities.length, 3);
    // The dataset's own label (figshare 1..3) beside the 0-based training index.
    assert.strictEqual(probs.label, probs.classIndex + 1);
    assert.strictEqual(probs.className, ['meningioma', 'glioma', 'pituitary'][probs.classIndex]);
    // The .mat holds a mask and a label: it is scored; the .jpg and the lone volume have neither.
    assert.deepStrictEqual(r.evaluation?.cases.map((c) => c.id), ['15']);
    assert.ok(fs.existsSync(path.join(out, 'evaluation.json')) && fs.existsSync(path.join(out, 'evaluation.csv')));
    assert.ok(Math.abs(probs.probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-4);
    assert.ok(['meningioma', 'glioma', 'pituitary'].includes(probs.className));
    assert.match(r.outputs[2].mask, /_pred\.nii\.gz$/);
    const src = await readNiftiAsync('src', new Uint8Array(fs.readFileSync(vol)));
    const pred = await readNiftiAsync('pred', new Uint8Array(fs.readFileSync(r.outputs[2].mask)));
    assert.deepStrictEqual(pred.dims.slice(0, 3), src.dims.slice(0, 3));
    pred.affine.forEach((v, i) => assert.ok(Math.abs(v - src.affine[i]) < 1e-4, `affine[${i}]`));
  });
});
