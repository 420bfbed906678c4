/**
 * Every layout the dataset doctor accepts trains and predicts, in a real worker process:
 * the doctor, one epoch of a tiny model, then a prediction on the dataset folder written in
 * the dataset's own label conventions and scored (evaluation.json + .csv).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fork, type ChildProcess } from 'child_process';
import { readPng, readNiftiAsync } from '../../../src/core/io';
import { MessageHandler } from '../../../src/core/protocol/MessageHandler';
import type { FromWorker, PredictEvaluation, PredictResult, ToWorker, TrainResult, WorkerReplies } from '../../../src/core/protocol/workerProtocol';
import type { RunSummary } from '../../../src/core/run';
import { rmTemp, tempDir } from '../dataset/fixtures';
import { projectRoot } from '../../helpers/paths';
import { buildBrats2018, buildBrats2023, buildDatasetJson, buildFigshareImages, buildFigshareMat, FIG_IDS } from './layoutFixtures';

const readJson = <T>(f: string): T => JSON.parse(fs.readFileSync(f, 'utf8')) as T;

/** A tiny one-epoch config; the data section says only where the data is (the doctor says the rest). */
function tiny(root: string, outputDir: string, data: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'layout', seed: 5,
    data: { root, inputSize: 32, validation: { strategy: 'fraction', fraction: 0.5 }, ...data },
    model: { baseFilters: 4, depth: 2 }, augmentation: { preset: 'none' },
    training: { epochs: 1, iterationsPerEpoch: 2, batchSize: 4, overlayCases: 1, overlaySize: 32 },
    run: { outputDir, backend: 'cpu' },
  };
}

const values = (data: ArrayLike<number>): number[] => [...new Set(Array.from(data))].sort((a, b) => a - b);

describe('every dataset layout: doctor → one epoch → prediction, in the worker', function () {
  this.timeout(900_000);
  let child: ChildProcess;
  let channel: MessageHandler<ToWorker, FromWorker, WorkerReplies>;
  let tmp: string;

  before(() => {
    const worker = path.join(projectRoot(), 'dist', 'worker.js');
    if (!fs.existsSync(worker)) throw new Error(`${worker} missing: run npm run build first`);
    tmp = tempDir('layouts');
    child = fork(worker, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    channel = new MessageHandler<ToWorker, FromWorker, WorkerReplies>({ post: (m) => { child.send(m); }, timeoutMs: 600_000 });
    child.on('message', (m) => void channel.handleMessage(m));
    child.on('exit', (code) => channel.close(`worker exited with ${code}`));
  });
  after(() => {
    child.kill();
    rmTemp(tmp);
  });

  async function trainAndPredict(tag: string, build: (root: string) => void | Promise<void>, data?: Record<string, unknown>, input = ''): Promise<{ run: TrainResult; pred: PredictResult; ev: PredictEvaluation; summary: RunSummary }> {
    const root = path.join(tmp, tag);
    fs.mkdirSync(root);
    await build(root);
    const run = await channel.request({ type: 'train', config: tiny(root, tmp, data), runDir: path.join(tmp, `run-${tag}`) });
    assert.strictEqual(run.status, 'completed', run.error);
    const pred = await channel.request({ type: 'predict', runDir: run.runDir, inputs: [path.join(root, input)], outDir: path.join(tmp, `pred-${tag}`) });
    assert.ok(pred.evaluation, 'scored against the masks');
    const ev = readJson<PredictEvaluation>(pred.evaluation.json);
    assert.strictEqual(ev.cases.length, pred.outputs.length);
    assert.match(fs.readFileSync(pred.evaluation.csv, 'utf8'), /^id,dice_/);
    return { run, pred, ev, summary: readJson<RunSummary>(path.join(run.runDir, 'summary.json')) };
  }

  it('figshare .mat: labels from the files; predictions report label 1..3, classIndex and className', async () => {
    const { pred, ev, summary } = await trainAndPredict('mat', buildFigshareMat);
    assert.strictEqual(summary.dataset?.kind, 'figshare');
    assert.strictEqual(pred.outputs.length, FIG_IDS.length);
    for (const o of pred.outputs) {
      const j = readJson<{ label: number; classIndex: number; className: string }>(o.probabilities);
      assert.strictEqual(j.label, j.classIndex + 1);
      assert.strictEqual(j.className, ['meningioma', 'glioma', 'pituitary'][j.classIndex]);
      assert.deepStrictEqual(readPng('p', new Uint8Array(fs.readFileSync(o.mask))).dims.slice(0, 2), [512, 512]);
    }
    assert.strictEqual(ev.confusion?.flat().reduce((a, b) => a + b, 0), FIG_IDS.length);
    assert.ok(ev.cases.every((c) => c.trueClass !== undefined && c.regions.length === 1));
  });

  it('figshare images/ + masks/ with labels.csv (the kind is a hint that picks this layout)', async () => {
    const build = (root: string) => { buildFigshareImages(root); buildFigshareMat(path.join(root, 'mat')); };
    const { ev, summary } = await trainAndPredict('pairs', build, { kind: 'image-mask' });
    assert.strictEqual(summary.dataset?.kind, 'image-mask');
    assert.deepStrictEqual(ev.classes, ['meningioma', 'glioma', 'pituitary']);
    assert.strictEqual(ev.cases.length, FIG_IDS.length);
  });

  it('BraTS 2018 names: enhancing tumour written as 4, WT/TC/ET scored in 3-D', async () => {
    // Predicted on one case folder (the doctor reads a folder of BraTS files as one case).
    const { pred, ev } = await trainAndPredict('brats18', buildBrats2018, { classes: ['no tumour', 'tumour'] }, 'Brats18_2013_3_1');
    assert.deepStrictEqual(ev.regions, ['WT', 'TC', 'ET']);
    assert.strictEqual(pred.outputs.length, 1);
    const v = await readNiftiAsync('p', new Uint8Array(fs.readFileSync(pred.outputs[0].mask)));
    assert.deepStrictEqual(v.dims.slice(0, 3), [240, 240, 24]);
    assert.ok(values(v.data).every((x) => [0, 1, 2, 4].includes(x)), `labels ${values(v.data)}`);
    assert.ok(ev.cases.every((c) => c.trueClass === 1), 'every case has tumour (presence from the mask)');
  });

  it('BraTS 2023 names (t2f/t1n/t1c/t2w/seg): trains and writes the 2023 labels', async () => {
    const { pred, ev, summary } = await trainAndPredict('brats23', buildBrats2023);
    assert.strictEqual(summary.dataset?.kind, 'brats');
    assert.deepStrictEqual(ev.regions, ['WT', 'TC', 'ET']);
    const v = await readNiftiAsync('p', new Uint8Array(fs.readFileSync(pred.outputs[0].mask)));
    assert.ok(values(v.data).every((x) => [0, 1, 2, 3].includes(x)), `labels ${values(v.data)}`);
  });

  it('dataset.json: two modalities, label map 5/7 → 0/1, mask labels 0/2', async () => {
    const { run, pred, ev } = await trainAndPredict('json', buildDatasetJson);
    const cfg = readJson<{ data: { modalities: string[]; classes: string[] }; model: { inChannels: number } }>(path.join(run.runDir, 'config.json'));
    assert.deepStrictEqual(cfg.data.modalities, ['t1', 'inv']);
    assert.strictEqual(cfg.model.inChannels, 2);
    assert.deepStrictEqual(cfg.data.classes, ['low', 'high']);
    for (const o of pred.outputs) {
      assert.ok([5, 7].includes(o.label!), `label ${o.label}`);
      assert.strictEqual(o.label, o.classIndex === 0 ? 5 : 7);
      const png = readPng('p', new Uint8Array(fs.readFileSync(o.mask)));
      assert.ok(values(png.data).every((x) => x === 0 || x === 2), `mask values ${values(png.data)}`);
    }
    assert.strictEqual(ev.accuracy !== null, true);
  });

  it('stops a run on doctor errors before any work, naming the file', async () => {
    const root = path.join(tmp, 'broken');
    fs.mkdirSync(root);
    buildDatasetJson(root);
    fs.rmSync(path.join(root, 'inv', `${FIG_IDS[0]}.png`));
    const runDir = path.join(tmp, 'run-broken');
    await assert.rejects(channel.request({ type: 'train', config: tiny(root, tmp), runDir }), /dataset doctor found 1 error.*inv\/1\.png/s);
    assert.ok(!fs.existsSync(runDir), 'no run folder');
  });
});
