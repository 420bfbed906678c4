/**
 * The worker's `activations` job in-process (cpu backend): a tiny run trained on the demo
 * figshare cases, then feature maps of its layers for a .mat case and a NIfTI volume
 * slice, checked against the model run directly on the same preprocessed input.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { writeNifti } from '../../../src/core/io';
import { decodeBase64 } from '../../../src/core/tensor/base64';
import { affineFromSpacing } from '../../../src/core/volume/Volume';
import { prepareSample } from '../../../src/training/data/prepareSample';
import { runActivationsJob } from '../../../src/worker/jobs/activationsJob';
import { loadInput } from '../../../src/worker/jobs/predictJob';
import { loadRunModel } from '../../../src/worker/jobs/predictionMembers';
import { runTrainJob } from '../../../src/worker/jobs/trainJob';
import { projectRoot } from '../../helpers/paths';
import { useCpu } from '../loop/tfCpu';
import { tinyConfig } from '../loop/tinyConfig';

const floats = (b64: string): Float32Array => new Float32Array(decodeBase64(b64).slice().buffer);

describe('activations job (tiny figshare run, cpu)', function () {
  this.timeout(300_000);
  let tmp: string;
  let runDir: string;
  const mat = path.join(projectRoot(), 'media/demo/figshare/mat', fs.readdirSync(path.join(projectRoot(), 'media/demo/figshare/mat')).filter((f) => f.endsWith('.mat')).sort()[0]!);

  before(async () => {
    await useCpu();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-act-'));
    const cfg = tinyConfig(tmp, { epochs: 1, iterations: 2 });
    (cfg.data as Record<string, unknown>).root = path.join(projectRoot(), 'media/demo/figshare');
    const r = await runTrainJob({ type: 'train', config: cfg, runDir: path.join(tmp, 'run') }, () => undefined);
    assert.strictEqual(r.status, 'completed', r.error);
    runDir = r.runDir;
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('returns the first encoder conv by default, NHWC, equal to the model on the preprocessed input', async () => {
    const before = tf.memory().numTensors;
    const r = await runActivationsJob({ type: 'activations', runDir, input: mat });
    assert.strictEqual(tf.memory().numTensors, before, 'no tensors leak');
    assert.strictEqual(r.layer, 'enc0.conv1');
    assert.strictEqual(r.layers[0], 'enc0.conv1');
    assert.deepStrictEqual(r.shape, [1, 32, 32, 4]);
    assert.strictEqual(r.epoch, 1);
    const got = floats(r.data);
    assert.strictEqual(got.length, 32 * 32 * 4);
    assert.ok(Math.max(...got) > Math.min(...got), 'not constant');
    const { cfg, model } = loadRunModel(runDir, 'best');
    const raw = (await loadInput(mat, cfg)).slices[0]!;
    const { sample } = prepareSample(raw, { inputSize: 32, cropNonzero: cfg.data.cropNonzero, normalization: cfg.data.normalization });
    const x = tf.tensor4d(sample.image, [1, 32, 32, 1]);
    const want = model.activations(x, 'enc0.conv1');
    const w = want.dataSync();
    tf.dispose([x, want]);
    model.dispose();
    got.forEach((v, i) => assert.ok(Math.abs(v - w[i]!) < 1e-5, `value ${i}: ${v} vs ${w[i]}`));
  });

  it('returns deeper and 2-D layers, and names the layers on an unknown one', async () => {
    const r = await runActivationsJob({ type: 'activations', runDir, input: mat, layer: 'bottleneck', checkpoint: 'latest' });
    assert.deepStrictEqual(r.shape, [1, 8, 8, 16]);
    const c = await runActivationsJob({ type: 'activations', runDir, input: mat, layer: 'clsLogits' });
    assert.deepStrictEqual(c.shape, [1, 3]);
    await assert.rejects(runActivationsJob({ type: 'activations', runDir, input: mat, layer: 'nope' }), /no layer 'nope'.*enc0\.conv1/);
  });

  it('uses the middle slice of a volume unless one is named', async () => {
    const [W, H, D] = [40, 30, 5];
    const data = Float32Array.from({ length: W * H * D }, (_, i) => (i % W) * Math.floor(i / (W * H)) + 1);
    const vol = path.join(tmp, 'vol.nii.gz');
    fs.writeFileSync(vol, writeNifti({ data, dims: [W, H, D], spacing: [1, 1, 1], affine: affineFromSpacing([1, 1, 1]), sourceDtype: 'float32', scaling: { slope: 1, inter: 0, applied: false } }, { gzip: true }));
    const mid = await runActivationsJob({ type: 'activations', runDir, input: vol });
    assert.strictEqual(mid.slice, 2);
    assert.deepStrictEqual(mid.shape, [1, 32, 32, 4]);
    const first = await runActivationsJob({ type: 'activations', runDir, input: vol, slice: 0 });
    assert.strictEqual(first.slice, 0);
    await assert.rejects(runActivationsJob({ type: 'activations', runDir, input: vol, slice: 9 }), /out of range/);
  });
});
