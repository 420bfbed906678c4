/**
 * Test helper: loads the WebGPU backend once (through the worker's loader) and runs the same
 * computation on cpu and webgpu for comparison. tfjs has one active backend per process, so
 * each run switches with tf.setBackend and reads its results back as plain arrays.
 */
import { mulberry32 } from '../../../src/core/util/random';
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's CJS bundle registers no gradients; importing the ESM file by path makes esbuild
// bundle it into the test (see test/unit/training/model/tfSetup.ts).
import '../../../node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { loadWebGpuChoice } from '../../../src/worker/backend/loadWebGpu';

let availability: Promise<string | null> | undefined;

/**
 * Null when the webgpu backend computes here, else why not (package absent, no adapter, …).
 * Loads Dawn and activates webgpu once, then goes back to cpu.
 */
export function webgpuUnavailableReason(): Promise<string | null> {
  availability ??= (async () => {
    tf.env().set('PROD', true);
    try {
      const choice = await loadWebGpuChoice();
      if (!(await tf.setBackend('webgpu'))) return 'tfjs could not initialise the webgpu backend';
      const probe = await tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.scalar(1))).data();
      if (probe[1] !== 3) return `webgpu computed ${probe[1]} instead of 3`;
      console.log(`      webgpu adapter: ${choice.description}`);
      return null;
    } catch (err) {
      return err instanceof Error ? err.message.split('\n')[0] : String(err);
    } finally {
      await tf.setBackend('cpu');
    }
  })();
  return availability;
}

/** Mocha `before` hook body: skips the suite (saying why) when webgpu is unavailable. */
export async function skipWithoutWebGpu(ctx: Mocha.Context): Promise<void> {
  const reason = await webgpuUnavailableReason();
  if (reason !== null) {
    console.log(`      skipped: ${reason}`);
    ctx.skip();
  }
}

/** Runs `f` with `backend` active and returns its outputs as arrays (tensors all disposed). */
export async function runOn(backend: 'cpu' | 'webgpu', f: () => tf.Tensor[]): Promise<Float32Array[]> {
  if (!(await tf.setBackend(backend))) throw new Error(`could not activate ${backend}`);
  const before = tf.memory().numTensors;
  const outs = tf.tidy(f);
  const values = await Promise.all(outs.map(async (o) => Float32Array.from(await o.data())));
  tf.dispose(outs);
  assert.strictEqual(tf.memory().numTensors, before, `${backend}: computation leaked tensors`);
  return values;
}

/** Deterministic uniform(lo, hi) values (mulberry32), identical on every backend. */
export function seeded(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: n }, () => lo + next() * (hi - lo));
}

/**
 * Largest |a−b| relative to the largest |b|: an elementwise ratio is meaningless for values
 * near zero, which gradients are full of.
 */
export function relativeError(a: Float32Array, b: Float32Array): number {
  assert.strictEqual(a.length, b.length, 'output sizes differ');
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) return Infinity;
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/**
 * Asserts each webgpu output matches its cpu reference within `tol`; returns the worst
 * relative error so the test can print it.
 */
export function expectClose(label: string, names: readonly string[], got: Float32Array[], ref: Float32Array[], tol: number): number {
  assert.strictEqual(got.length, ref.length, `${label}: output count`);
  let worst = 0;
  let worstName = '';
  ref.forEach((r, i) => {
    const err = relativeError(got[i], r);
    if (err > worst) [worst, worstName] = [err, names[i] ?? String(i)];
    assert.ok(err <= tol, `${label}: ${names[i] ?? i} relative error ${err.toExponential(2)} > ${tol}`);
  });
  console.log(`      ${label}: worst relative error ${worst.toExponential(2)} (${worstName}) over ${ref.length} outputs`);
  return worst;
}
