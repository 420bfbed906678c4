/**
 * Loads and activates one tfjs backend in this (worker) process. The only place that
 * imports backend packages. Native backends are optional dependencies resolved at run
 * time; WASM binaries ship in `dist/wasm/` next to the bundle.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as path from 'path';
import * as fs from 'fs';
import { BackendName } from '../../core/protocol/workerProtocol';
import { adoptNodeBackend } from './adoptNodeBackend';
import { loadWebGpuChoice } from './loadWebGpu';
import { registerCpuKernels, registerWasmKernels } from '../kernels/registerWasmKernels';
import { enableWasmThreadsFromEnv } from '../kernels/enableWasmThreads';

/** The npm package behind each backend name. */
export const BACKEND_PACKAGE: Record<BackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

/** Folder holding tfjs-backend-wasm's .wasm files (dist/wasm next to the bundle, else node_modules). */
export function wasmDir(): string {
  const candidates = [path.join(__dirname, 'wasm'), path.join(__dirname, '..', 'wasm'), path.resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')];
  return candidates.find((d) => fs.existsSync(path.join(d, 'tfjs-backend-wasm.wasm'))) ?? candidates[0];
}

let wasmRegistered = false;

/** Hooks run after the WASM backend registers (custom kernels register themselves here). */
export const wasmSetupHooks: (() => void)[] = [registerWasmKernels, enableWasmThreadsFromEnv];

/**
 * Registers (if needed) and switches to `name`. Throws with the loader's error when the
 * backend cannot run here. Returns details worth reporting (e.g. thread count).
 */
export async function loadBackend(name: BackendName): Promise<{ details: string; threads?: number; software?: boolean }> {
  // PROD skips tfjs's console banner (it would corrupt `--json` output) and debug checks.
  tf.env().set('PROD', true);
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow': {
      // A plain require keeps the package external; esbuild leaves it for run time.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod: unknown = name === 'tensorflow' ? require('@tensorflow/tfjs-node') : require('@tensorflow/tfjs-node-gpu');
      adoptNodeBackend(mod, 'tensorflow');
      await activate('tensorflow');
      return { details: `${BACKEND_PACKAGE[name]} (libtensorflow)` };
    }
    case 'webgpu': {
      const choice = await loadWebGpuChoice();
      await activate('webgpu');
      // A CPU rasteriser (llvmpipe) runs WebGPU 10–20× slower than WASM: usable, never auto-picked.
      return { details: choice.software ? `${choice.description}; software rasteriser, slower than wasm: auto skips it` : choice.description, software: choice.software };
    }
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (!wasmRegistered) {
        wasm.setWasmPaths(wasmDir() + path.sep);
        for (const hook of wasmSetupHooks) hook();
        wasmRegistered = true;
      }
      await activate('wasm');
      const threads = wasm.getThreadsCount();
      return { details: `XNNPACK, ${threads} thread(s)`, threads };
    }
    case 'cpu':
      registerCpuKernels();
      await activate('cpu');
      return { details: 'pure JavaScript' };
  }
}

async function activate(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`tfjs could not initialise the '${name}' backend`);
  await tf.ready();
}
