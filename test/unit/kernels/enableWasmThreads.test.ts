/**
 * Threaded WASM must be armed before the backend initialises, so this test forks itself:
 * the child (MEDSEG_THREADS_CHILD set) loads wasm with 2 threads and MedSeg's kernels,
 * checks conv gradients against cpu, and reports the thread count.
 */
import * as assert from 'assert';
import { fork } from 'child_process';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { enableWasmThreads } from '../../../src/worker/kernels/enableWasmThreads';
import { expectSameOnWasm } from './compareBackends';

interface ChildReport { threads: number; ok: boolean; error?: string; blobRestored: boolean }

async function child(): Promise<void> {
  const report: ChildReport = { threads: 0, ok: false, blobRestored: false };
  try {
    const OrigBlob = globalThis.Blob;
    assert.ok(enableWasmThreads(2));
    await expectSameOnWasm('conv grads, 2 threads', [[2, 12, 10, 3], [3, 3, 3, 4]], ([x, f]) => {
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([x, f]);
      return [tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same'), dx, dw];
    });
    report.threads = getThreadsCount();
    await new Promise((r) => setTimeout(r, 50));
    report.blobRestored = globalThis.Blob === OrigBlob;
    report.ok = true;
  } catch (e) {
    report.error = String((e as Error).stack ?? e);
  }
  process.send?.(report);
  process.exit(0); // the pthread workers would keep the process alive
}

if (process.env.MEDSEG_THREADS_CHILD) {
  void child();
} else {
  describe('wasm kernels: multithreaded WASM under Node', () => {
    it('runs XNNPACK with 2 threads and matches cpu', async function () {
      this.timeout(120_000);
      const report = await new Promise<ChildReport>((resolve, reject) => {
        const p = fork(__filename, [], { env: { ...process.env, MEDSEG_THREADS_CHILD: '1' }, stdio: 'inherit' });
        p.once('message', (m) => resolve(m as ChildReport));
        p.once('exit', (code) => reject(new Error(`child exited ${code} without a report`)));
      });
      assert.ok(report.ok, report.error);
      assert.strictEqual(report.threads, 2);
      assert.ok(report.blobRestored, 'globals restored after init');
    });
  });
}
