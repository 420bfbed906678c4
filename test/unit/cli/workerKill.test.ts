import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as esbuild from 'esbuild';
import type { CheckpointManifest, RunSummary } from '../../../src/core/run';
import { WorkerClient } from '../../../src/extension/worker/WorkerClient';
import { markRunFailed } from '../../../src/worker/io/RunWriter';
import { projectRoot } from '../../helpers/paths';
import { tinyConfig } from '../loop/tinyConfig';

const readJson = <T>(f: string): T => JSON.parse(fs.readFileSync(f, 'utf8')) as T;

/** Bundles src/worker/worker.ts as the build does (so the test needs no prior `npm run build`). */
async function buildWorker(outdir: string): Promise<string> {
  await esbuild.build({
    entryPoints: { worker: path.join(projectRoot(), 'src/worker/worker.ts') }, outdir, bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', mainFields: ['module', 'main'], logLevel: 'error',
    external: ['vscode', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'webgpu'],
  });
  return path.join(outdir, 'worker.js');
}

describe('forked worker killed mid-epoch', function () {
  this.timeout(600_000);
  let tmp: string;
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-kill-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('leaves a resumable run whose summary stays running until the host marks it failed', async () => {
    const workerJs = await buildWorker(path.join(tmp, 'dist'));
    const runDir = path.join(tmp, 'run');
    let killed = false;
    const client: WorkerClient = new WorkerClient({
      workerPath: workerJs,
      onEvent: (e) => {
        // Epoch 1 is complete (its checkpoint is written before epoch 2 starts): kill during epoch 2.
        if (!killed && e.type === 'progress' && e.phase === 'train' && e.epoch === 2) {
          killed = true;
          client.process.kill('SIGKILL');
        }
      },
    });
    const reply = client.channel.request({ type: 'train', config: tinyConfig(tmp, { epochs: 3, iterations: 6 }), runDir, backend: 'cpu' });
    await assert.rejects(reply, /./, 'the train request must reject when the worker dies');
    const exit = await client.exited;
    assert.strictEqual(exit.signal, 'SIGKILL');
    assert.ok(killed);

    const summary = readJson<RunSummary>(path.join(runDir, 'summary.json'));
    assert.strictEqual(summary.status, 'running');
    const m = readJson<CheckpointManifest>(path.join(runDir, 'checkpoints/latest/manifest.json'));
    assert.strictEqual(m.epoch, 1);
    assert.strictEqual(m.iteration, 0);
    const weights = fs.statSync(path.join(runDir, 'checkpoints/latest/weights.bin')).size;
    assert.strictEqual(weights, 4 * m.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0));

    // The host's part: mark it failed with the stderr tail.
    assert.strictEqual(markRunFailed(runDir, exit.message, ['line']), true);
    assert.strictEqual(readJson<RunSummary>(path.join(runDir, 'summary.json')).status, 'failed');

    // And the run resumes (in a fresh worker) from epoch 2 to the end.
    const client2 = new WorkerClient({ workerPath: workerJs });
    try {
      const r = await client2.channel.request({ type: 'train', resume: runDir, backend: 'cpu' });
      assert.strictEqual(r.status, 'completed', r.error);
      assert.strictEqual(r.epochsCompleted, 3);
      const lines = fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).epoch);
      assert.deepStrictEqual(lines, [1, 2, 3]);
      assert.strictEqual(readJson<RunSummary>(path.join(runDir, 'summary.json')).status, 'completed');
    } finally {
      await client2.channel.request({ type: 'shutdown' }).catch(() => undefined);
      await client2.exited;
    }
  });
});
