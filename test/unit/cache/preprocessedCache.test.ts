import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { EpochRecord } from '../../../src/core/run';
import { augmentationPreset } from '../../../src/core/augmentation/AugmentationConfig';
import { Rng } from '../../../src/core/util/random';
import { BatchSampler } from '../../../src/training/data/BatchSampler';
import { prepareSample } from '../../../src/training/data/prepareSample';
import { examineDataset } from '../../../src/worker/io/examineDataset';
import { buildCache, CachedSamples } from '../../../src/worker/io/PreprocessedCache';
import { readDatasetCase } from '../../../src/worker/io/readDatasetCase';
import { loadTrainingData } from '../../../src/worker/jobs/loadTrainingData';
import { resolveRunData } from '../../../src/worker/jobs/resolveRunData';
import { requestStop } from '../../../src/worker/jobs/jobControl';
import { runTrainJob } from '../../../src/worker/jobs/trainJob';
import { rmTemp, tempDir } from '../dataset/fixtures';
import { buildFigshareMat, FIG_IDS } from '../pipeline/layoutFixtures';
import { useCpu } from '../loop/tfCpu';

/** A small figshare config on `root`, its cache in `cacheDir`. */
function config(root: string, tmp: string, data: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'cache', seed: 3,
    data: { kind: 'figshare', root, inputSize: 32, cacheDir: path.join(tmp, 'cache'), validation: { strategy: 'fraction', fraction: 0.25 }, ...data },
    model: { baseFilters: 4, depth: 2, norm: 'batch' },
    augmentation: { preset: 'none' },
    training: { epochs: 2, iterationsPerEpoch: 3, batchSize: 4, overlayCases: 1, overlaySize: 32 },
    run: { outputDir: path.join(tmp, 'runs'), backend: 'cpu' },
  };
}

async function load(root: string, tmp: string, data: Record<string, unknown> = {}, shouldStop?: () => boolean) {
  const { cfg, dataset } = await resolveRunData({ type: 'train', config: config(root, tmp, data) });
  return { cfg, dataset, loaded: await loadTrainingData(cfg, dataset, { shouldStop }) };
}

const comparable = (r: EpochRecord) => ({ step: r.step, lr: r.lr, train: r.train, valLoss: r.valLoss, seg: r.seg, valDice: r.valDice, accuracy: r.accuracy, confusion: r.confusion });
const metrics = (dir: string): EpochRecord[] => fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as EpochRecord);

describe('preprocessed cache (figshare .mat cases)', function () {
  this.timeout(60_000);
  let tmp: string;
  let root: string;

  beforeEach(() => {
    tmp = tempDir('cache');
    root = path.join(tmp, 'data');
    buildFigshareMat(root);
  });
  afterEach(() => rmTemp(tmp));

  it('removes other settings\' folders unused for 30 days, keeps recent ones and one a live build writes into', async () => {
    const pre = path.join(tmp, 'cache', 'preprocessed');
    const old = new Date(Date.now() - 40 * 86_400_000);
    const folder = (name: string, used: Date, temp?: string) => {
      fs.mkdirSync(path.join(pre, name, 'cases'), { recursive: true });
      fs.writeFileSync(path.join(pre, name, 'key.json'), '{}');
      if (temp) fs.writeFileSync(path.join(pre, name, 'cases', temp), '');
      fs.utimesSync(path.join(pre, name, 'key.json'), used, used);
    };
    folder('stale-96', old);
    folder('recent-128', new Date());
    folder('building-64', old, `.tmp-a.bin-${process.pid}-1`);
    folder('killed-64', old, '.tmp-a.bin-999999999-1');
    const first = await load(root, tmp);
    const left = fs.readdirSync(pre).sort();
    assert.deepStrictEqual(left, ['building-64', path.basename(first.loaded!.cache.dir), 'recent-128'].sort());
    // Its own folder counts as used now, so a later run with other settings keeps it.
    const used = fs.statSync(path.join(first.loaded!.cache.dir, 'key.json')).mtimeMs;
    assert.ok(Date.now() - used < 60_000);
  });

  it('a second run reads no case and no file for the doctor, and serves what core preprocessing makes', async () => {
    const first = await load(root, tmp);
    assert.deepStrictEqual([first.loaded?.cache.built, first.loaded?.cache.reused], [FIG_IDS.length, 0]);
    const second = await load(root, tmp);
    assert.deepStrictEqual([second.loaded?.cache.built, second.loaded?.cache.reused], [0, FIG_IDS.length]);
    assert.strictEqual(second.loaded?.cache.dir, first.loaded?.cache.dir);
    assert.ok((await examineDataset(root, { preferKind: 'figshare', cacheDir: path.join(tmp, 'cache') })).cached, 'doctor report not reused');
    assert.ok(!(await examineDataset(root, { preferKind: 'figshare', cacheDir: path.join(tmp, 'other') })).cached);
    // The cached samples are exactly readDatasetCase → prepareSample, in split order.
    const { cfg, dataset, loaded } = second;
    const c = loaded!.trainCases[0];
    const raw = await readDatasetCase(dataset.root, dataset.manifest, c.source, cfg.data.modalities, { nonEmptyOnly: true });
    assert.deepStrictEqual(loaded!.train.get(0), prepareSample(raw.slices[0], cfg.data).sample);
    assert.strictEqual(loaded!.train.length + loaded!.val.length, FIG_IDS.length);
    assert.deepStrictEqual([...loaded!.val].map((s) => s.id), loaded!.valCases.map((v) => v.id));
  });

  it('a changed file (mtime or size) rebuilds its case only; changed preprocessing settings start a new folder', async () => {
    const first = await load(root, tmp);
    const cacheDir = path.join(tmp, 'cache');
    assert.ok((await examineDataset(root, { preferKind: 'figshare', cacheDir })).cached);
    const file = path.join(root, `${FIG_IDS[0]}.mat`);
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(file, later, later);
    assert.ok(!(await examineDataset(root, { preferKind: 'figshare', cacheDir })).cached, 'doctor report reused after an mtime change');
    const touched = await load(root, tmp);
    assert.notStrictEqual(touched.dataset.fingerprint, first.dataset.fingerprint);
    assert.deepStrictEqual([touched.loaded?.cache.built, touched.loaded?.cache.reused], [1, FIG_IDS.length - 1]);
    // Same mtime, another size: a copy of another case's file under this name.
    fs.copyFileSync(path.join(root, `${FIG_IDS[1]}.mat`), file);
    fs.utimesSync(file, later, later);
    const resized = await load(root, tmp);
    assert.deepStrictEqual([resized.loaded?.cache.built, resized.loaded?.cache.reused], [1, FIG_IDS.length - 1]);
    // One version of each case is kept, not every version.
    assert.strictEqual(fs.readdirSync(path.join(first.loaded!.cache.dir, 'cases')).length, FIG_IDS.length);
    for (const data of [{ inputSize: 40 }, { cropHead: true }, { normalization: 'minmax' }]) {
      const changed = (await load(root, tmp, data)).loaded!;
      assert.notStrictEqual(changed.cache.dir, first.loaded!.cache.dir, JSON.stringify(data));
      assert.strictEqual(changed.cache.built, FIG_IDS.length, JSON.stringify(data));
    }
  });

  it('a build stopped part-way (or killed mid-write) resumes with the cases already written', async () => {
    let n = 0;
    const stopped = await load(root, tmp, {}, () => n++ >= 3);
    assert.strictEqual(stopped.loaded, undefined);
    const casesDir = fs.readdirSync(path.join(tmp, 'cache', 'preprocessed')).map((d) => path.join(tmp, 'cache', 'preprocessed', d, 'cases'))[0];
    const written = fs.readdirSync(casesDir);
    assert.strictEqual(written.length, 3);
    // A write cut short by a kill: a dead process's temp file, and a truncated case file under its final name.
    fs.writeFileSync(path.join(casesDir, '.tmp-x.bin-999999999-1'), 'partial');
    const victim = path.join(casesDir, written[0]);
    fs.truncateSync(victim, fs.statSync(victim).size - 10);
    const resumed = (await load(root, tmp)).loaded!;
    assert.deepStrictEqual([resumed.cache.built, resumed.cache.reused], [FIG_IDS.length - 2, 2]);
    assert.deepStrictEqual(fs.readdirSync(casesDir).filter((f) => f.startsWith('.tmp')), []);
  });

  it('a cache location that cannot be created fails the run naming the folder and the settings that move it', async () => {
    const blocker = path.join(tmp, 'a-file');
    fs.writeFileSync(blocker, '');
    await assert.rejects(load(root, tmp, { cacheDir: path.join(blocker, 'cache') }), (err: Error) => {
      assert.match(err.message, /cannot create the preprocessed cache \(ENOTDIR\); set data\.cacheDir or MEDSEG_CACHE_DIR/);
      assert.match(String((err as Error & { file?: string }).file ?? err.message), /a-file/);
      return true;
    });
  });

  it('keeps at most its LRU capacity of slices in memory while batches are drawn', async () => {
    const { cfg, dataset } = await load(root, tmp);
    const built = await buildCache(cfg, dataset, dataset.manifest.cases);
    assert.strictEqual(built.built, 0);
    const src = new CachedSamples(built.entries, { capacity: 2 });
    const sampler = new BatchSampler(src, { batchSize: 3, foregroundOversample: 0.33, augmentation: augmentationPreset('none') }, new Rng(cfg.seed));
    let peak = 0;
    for (let b = 0; b < 20; b++) {
      assert.strictEqual(sampler.next().length, 3);
      peak = Math.max(peak, src.resident);
    }
    assert.ok(peak <= 2, `resident ${peak}`);
    assert.ok(src.reads > 2, 'slices were not read lazily');
  });

  it('a run stopped while its cache is built ends stopped, and Resume builds the rest and trains', async function () {
    await useCpu();
    const runDir = path.join(tmp, 'stop');
    const stopped = await runTrainJob({ type: 'train', config: config(root, tmp), runDir }, (e) => {
      if (e.type === 'progress' && e.phase === 'loading' && e.iteration === 2) requestStop();
    });
    assert.strictEqual(stopped.status, 'stopped', stopped.error);
    assert.strictEqual(stopped.epochsCompleted, 0);
    const logs: string[] = [];
    const resumed = await runTrainJob({ type: 'train', resume: runDir }, (e) => { if (e.type === 'log') logs.push(e.text); });
    assert.strictEqual(resumed.status, 'completed', resumed.error);
    assert.strictEqual(resumed.epochsCompleted, 2);
    assert.ok(logs.some((l) => /preprocessed cache .*: 6 case\(s\) prepared, 2 reused; dataset doctor report reused/.test(l)), logs.join('\n'));
  });

  it('trains to identical metrics from a cold and a warm cache for the same seed', async function () {
    await useCpu();
    const cold = await runTrainJob({ type: 'train', config: config(root, tmp), runDir: path.join(tmp, 'cold') }, () => undefined);
    const warm = await runTrainJob({ type: 'train', config: config(root, tmp), runDir: path.join(tmp, 'warm') }, () => undefined);
    assert.strictEqual(cold.status, 'completed', cold.error);
    assert.strictEqual(warm.status, 'completed', warm.error);
    assert.deepStrictEqual(metrics(warm.runDir).map(comparable), metrics(cold.runDir).map(comparable));
  });

});
