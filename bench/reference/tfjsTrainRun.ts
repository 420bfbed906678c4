/**
 * One tfjs measurement of the train benchmark, run in its own process (clean peak RSS, one
 * backend per process): loads a backend variant, builds MedSeg's multitask U-Net with the
 * reference bench config, and times training steps and inference. Optionally profiles one
 * step per kernel with tf.profile.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../../node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { benchModelConfig } from '../../src/core/config/modelConfig';
import { buildModel, createOptimizer, trainStep } from '../../src/training';
import * as os from 'os';
import * as path from 'path';
// A static import (a require() in the CJS bundle) resolves through NODE_PATH from the temp
// bundle that bench/run.mjs writes; loadBackend's dynamic import() would not.
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { wasmDir, wasmSetupHooks } from '../../src/worker/backend/loadBackend';
import { registerCpuKernels, unregisterWasmKernels, wasmKernelsRegistered } from '../../src/worker/kernels/registerWasmKernels';
import { registerReferenceShim } from './stockWasmShim';
import { makeBatch, median, mulberry32 } from './syntheticBatch';

/** Backend variants the benchmark compares. */
export type Variant = 'wasm-medseg' | 'wasm-medseg-mt' | 'wasm-stock+shim' | 'cpu-medseg' | 'cpu-stock';

export interface RunOptions { variant: Variant; size: number; base: number; batch: number; steps: number; warmup: number; infer: number; profile: boolean }

export interface RunResult {
  impl: string; variant: Variant; params: number; threads: number; backendDetails: string;
  step_ms: number[]; median_step_ms: number; infer_b1_ms: number; infer_ms_per_img_b8: number;
  loss_first: number; loss_last: number; peak_rss_mb: number;
  profile?: { wall_ms: number; kernels: { name: string; ms: number; calls: number }[] };
}

/** loadBackend's steps (same setup hooks, so the same kernel registration as the worker). */
async function loadBackend(name: 'wasm' | 'cpu'): Promise<{ details: string; threads: number }> {
  tf.env().set('PROD', true);
  if (name === 'wasm') {
    setWasmPaths(wasmDir() + path.sep);
    for (const hook of wasmSetupHooks) hook();
  }
  if (name === 'cpu') registerCpuKernels();
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} failed to initialise`);
  await tf.ready();
  return name === 'wasm' ? { details: 'XNNPACK', threads: getThreadsCount() } : { details: 'pure JavaScript', threads: 1 };
}

/** Runs one measurement; the caller prints it. */
export async function runTfjs(o: RunOptions): Promise<RunResult> {
  const backend = o.variant.startsWith('cpu') ? 'cpu' : 'wasm';
  // Read by the enableWasmThreadsFromEnv setup hook; one thread per CPU, like PyTorch's default here.
  if (o.variant === 'wasm-medseg-mt') process.env.MEDSEG_WASM_THREADS ??= String(Math.max(2, os.cpus().length));
  else delete process.env.MEDSEG_WASM_THREADS;
  const { details, threads } = await loadBackend(backend);
  if (o.variant === 'cpu-stock') registerCpuKernels(false);
  if (o.variant === 'wasm-stock+shim') {
    unregisterWasmKernels();
    registerReferenceShim();
  } else if (backend === 'wasm' && !wasmKernelsRegistered()) {
    throw new Error('MedSeg wasm kernels are not registered');
  }
  const model = buildModel(benchModelConfig(o.size, o.base), 1234);
  const opt = createOptimizer({ name: 'adam', learningRate: 1e-3 }, model.namedTrainableVariables);
  const rng = mulberry32(1234);
  const B = o.batch, S = o.size;
  const batchTensors = () => {
    const d = makeBatch(rng, B, S);
    return { x: tf.tensor4d(d.img, [B, S, S, 1]), ySeg: tf.tensor4d(d.mask, [B, S, S, 1]), yCls: tf.tensor2d(d.onehot, [B, 3]) };
  };
  const step = async (batch: ReturnType<typeof batchTensors>) => (await trainStep(model, opt, batch, {}, { epoch: 0, totalEpochs: 1 })).total;

  const stepMs: number[] = [], losses: number[] = [];
  for (let i = 0; i < o.warmup + o.steps; i++) {
    const batch = batchTensors(); // data generation is not timed
    const t = performance.now();
    const loss = await step(batch);
    const ms = performance.now() - t;
    tf.dispose(batch);
    if (!Number.isFinite(loss)) throw new Error(`non-finite loss at step ${i}`);
    losses.push(loss);
    if (i >= o.warmup) stepMs.push(ms);
  }

  const d = makeBatch(rng, B, S);
  const x8 = tf.tensor4d(d.img, [B, S, S, 1]);
  const x1 = tf.slice(x8, [0, 0, 0, 0], [1, S, S, 1]);
  const i1: number[] = [], i8: number[] = [];
  for (let i = 0; i < o.infer + 1; i++) {
    for (const [x, arr] of [[x1, i1], [x8, i8]] as const) {
      const t = performance.now();
      const out = model.apply(x, false);
      await Promise.all([out.segLogits.data(), out.clsLogits.data()]);
      if (i > 0) arr.push(performance.now() - t);
      tf.dispose([out.segLogits, out.clsLogits]);
    }
  }

  let profile: RunResult['profile'];
  if (o.profile) {
    const batch = batchTensors();
    const t = performance.now();
    const info = await tf.profile(async () => { await step(batch); });
    const wall = performance.now() - t;
    const agg = new Map<string, { ms: number; calls: number }>();
    for (const k of info.kernels) {
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      const e = agg.get(k.name) ?? { ms: 0, calls: 0 };
      e.ms += ms; e.calls++;
      agg.set(k.name, e);
    }
    profile = {
      wall_ms: +wall.toFixed(0),
      kernels: [...agg].map(([name, e]) => ({ name, ms: +e.ms.toFixed(1), calls: e.calls })).sort((a, b) => b.ms - a.ms),
    };
    tf.dispose(batch);
  }
  tf.dispose([x1, x8]);
  return {
    impl: 'tfjs', variant: o.variant, params: model.paramCount(), threads, backendDetails: details,
    step_ms: stepMs.map((v) => +v.toFixed(1)), median_step_ms: +median(stepMs).toFixed(1),
    infer_b1_ms: +median(i1).toFixed(2), infer_ms_per_img_b8: +(median(i8) / B).toFixed(2),
    loss_first: +losses[0].toFixed(4), loss_last: +losses[losses.length - 1].toFixed(4),
    peak_rss_mb: +(process.resourceUsage().maxRSS / 1024).toFixed(1), profile,
  };
}
