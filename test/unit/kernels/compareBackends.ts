/**
 * Test helper: runs the same tfjs computation on the CPU backend (the reference) and on
 * WASM with MedSeg's kernels, from identical random inputs, and compares the outputs.
 */
import { mulberry32 } from '../../../src/core/util/random';
import * as assert from 'assert';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's CJS bundle registers no gradients and Node cannot load its ESM
// register_all_gradients by package name; importing it by path makes esbuild bundle it.
import '../../../node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { projectRoot } from '../../helpers/paths';
import { registerWasmKernels } from '../../../src/worker/kernels/registerWasmKernels';

let ready: Promise<void> | undefined;

/** Loads the WASM backend once, with the custom kernels registered. */
export function wasmWithKernels(): Promise<void> {
  ready ??= (async () => {
    setWasmPaths(path.join(projectRoot(), 'node_modules/@tensorflow/tfjs-backend-wasm/dist/') + path.sep);
    registerWasmKernels();
    tf.env().set('PROD', true);
    if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise');
  })();
  return ready;
}

/** Deterministic uniform(-1, 1) values (mulberry32), so both backends see the same data. */
export function randomValues(n: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: n }, () => next() * 2 - 1);
}

/** Shapes of the inputs; `f` gets tensors of these shapes and returns the outputs to compare. */
export type Computation = (inputs: tf.Tensor[]) => tf.Tensor[];

async function runOn(backend: string, shapes: number[][], seed: number, f: Computation): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const inputs = shapes.map((s, i) => tf.tensor(randomValues(s.reduce((p, d) => p * d, 1), seed + i), s));
  const outs = tf.tidy(() => f(inputs));
  const values = await Promise.all(outs.map(async (o) => (await o.data()) as Float32Array));
  tf.dispose([...inputs, ...outs]);
  return values;
}

/** Largest |a−b| relative to the largest |b| (elementwise relative error is meaningless near 0). */
export function relativeError(a: Float32Array, b: Float32Array): number {
  assert.strictEqual(a.length, b.length, 'output sizes differ');
  let diff = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Asserts every output of `f` on wasm matches cpu within `tol` (relative to the output's max). */
export async function expectSameOnWasm(label: string, shapes: number[][], f: Computation, tol = 1e-4, seed = 7): Promise<void> {
  await wasmWithKernels();
  const ref = await runOn('cpu', shapes, seed, f);
  const got = await runOn('wasm', shapes, seed, f);
  assert.strictEqual(got.length, ref.length);
  ref.forEach((r, i) => {
    const err = relativeError(got[i], r);
    assert.ok(err <= tol, `${label}: output ${i} relative error ${err.toExponential(2)} > ${tol}`);
  });
}
