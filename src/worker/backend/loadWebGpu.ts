/**
 * WebGPU in Node through the optional npm package `webgpu` (Dawn for Node). Tries the Dawn
 * configurations of `dawnAttempts()` in order (Vulkan, then OpenGL through EGL), installs
 * the first that yields an adapter as `navigator.gpu`, then loads the tfjs WebGPU backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { pathToFileURL } from 'url';
import { adapterTimeoutMs, dawnAttempts, describeAdapter, driverHint, isSoftwareAdapter, prepareDawnEnv, withTimeout, type DawnAttempt } from './webgpuAttempts';
import { registerChunkedAddN } from './webgpuAddN';
import { registerFloatCast } from './webgpuCast';
import { adaptGpu, installNavigatorGpu, type DawnAdapter, type DawnGpu } from './webgpuNavigator';

/** The npm package that ships Dawn's `dawn.node`. */
export const DAWN_PACKAGE = 'webgpu';

interface DawnModule {
  create(flags: string[]): DawnGpu;
  globals: Record<string, unknown>;
}

/** What a successful load found. */
export interface WebGpuAdapterChoice {
  /** One line for the environment report, naming the adapter. */
  description: string;
  attempt: DawnAttempt;
  /** A CPU rasteriser (llvmpipe, SwiftShader): works, but slower than the WASM backend. */
  software: boolean;
}

let loading: Promise<WebGpuAdapterChoice> | undefined;

/**
 * Makes the 'webgpu' tfjs backend available (it still has to be activated with
 * `tf.setBackend`). Returns a line naming the adapter. Throws a one-line reason when the
 * package is absent (code MODULE_NOT_FOUND) or no attempt yields an adapter; every Dawn
 * request is time-boxed, so a broken driver cannot hang the worker. The outcome is cached:
 * a process loads Dawn and the tfjs backend once.
 */
export async function loadWebGpu(): Promise<string> {
  loading ??= chooseAdapter();
  return (await loading).description;
}

/** Like `loadWebGpu`, also returning which Dawn attempt worked (for tests and benchmarks). */
export function loadWebGpuChoice(): Promise<WebGpuAdapterChoice> {
  loading ??= chooseAdapter();
  return loading;
}

async function chooseAdapter(): Promise<WebGpuAdapterChoice> {
  const dawn = await importDawn();
  // GPUBufferUsage, GPUMapMode, … are globals in a browser; tfjs uses them unqualified.
  Object.assign(globalThis, dawn.globals);
  const found = await firstAdapter(dawn);
  installNavigatorGpu(found.gpu);
  loadTfjsWebGpu();
  if (!tf.findBackendFactory('webgpu')) {
    throw new Error('@tensorflow/tfjs-backend-webgpu was loaded before navigator.gpu existed, so it registered no backend (imported elsewhere first?)');
  }
  // Two tfjs-backend-webgpu 4.22 kernels give wrong results in training; see each file.
  registerChunkedAddN();
  registerFloatCast();
  const info = found.adapter.info ?? {};
  return { description: describeAdapter(info, found.attempt), attempt: found.attempt, software: isSoftwareAdapter(info) };
}

/** Tries each Dawn attempt in order; throws naming every one tried and why it failed. */
async function firstAdapter(dawn: DawnModule): Promise<{ gpu: DawnGpu; adapter: DawnAdapter; attempt: DawnAttempt }> {
  const timeoutMs = adapterTimeoutMs();
  const failures: string[] = [];
  for (const attempt of dawnAttempts()) {
    try {
      prepareDawnEnv(attempt);
      const gpu = adaptGpu(dawn.create(attempt.flags), attempt.compat, timeoutMs);
      const adapter = await gpu.requestAdapter();
      if (adapter) return { gpu, adapter, attempt };
      const hint = driverHint(attempt);
      failures.push(`${attempt.label}: no adapter${hint ? ` (${hint})` : ''}`);
    } catch (err) {
      failures.push(`${attempt.label}: ${firstLine(err)}`);
    }
  }
  const env = process.env.MEDSEG_DAWN_FLAGS ? ' (MEDSEG_DAWN_FLAGS)' : '';
  throw new Error(`no GPU adapter: Dawn found no usable Vulkan/OpenGL driver; tried${env} ${failures.join('; ')}`);
}

/**
 * Loads the `webgpu` package. It is ESM-only, so it is imported, not required; its path is
 * resolved with require.resolve first because ESM resolution ignores NODE_PATH (used when
 * bundled tests run from a temp folder) and an absent package should read as not installed.
 */
async function importDawn(): Promise<DawnModule> {
  let entry: string;
  try {
    entry = require.resolve(DAWN_PACKAGE);
  } catch {
    const e: NodeJS.ErrnoException = new Error(`not installed: Cannot find module '${DAWN_PACKAGE}' (optional npm package, Dawn for Node)`);
    e.code = 'MODULE_NOT_FOUND';
    throw e;
  }
  // dawn.node is loaded here; a missing system library (libstdc++ too old, …) fails now.
  const mod = (await withTimeout(import(pathToFileURL(entry).href), adapterTimeoutMs(), `loading ${DAWN_PACKAGE}`)) as Partial<DawnModule>;
  if (typeof mod.create !== 'function' || typeof mod.globals !== 'object' || mod.globals === null) {
    throw new Error(`the '${DAWN_PACKAGE}' package does not export create() and globals (unsupported version?)`);
  }
  return { create: mod.create, globals: mod.globals };
}

/**
 * Loads the tfjs WebGPU backend package, which registers 'webgpu' now that navigator.gpu
 * exists. A plain require: bundled into the worker by esbuild, and resolved through
 * NODE_PATH (CommonJS build) when tests keep packages external; a dynamic import() of an
 * external package would not see NODE_PATH.
 */
function loadTfjsWebGpu(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-backend-webgpu');
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0].slice(0, 200);
}
