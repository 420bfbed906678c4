/**
 * Multithreaded WASM (XNNPACK thread pool on Emscripten pthreads) under Node.
 *
 * tfjs-backend-wasm 4.22 turns threads off under Node (flag WASM_HAS_MULTITHREAD_SUPPORT),
 * and forcing the flag fails because Emscripten's pthread workers are started from `blob:`
 * URLs, which Node's worker_threads reject (ERR_WORKER_PATH). This makes it work by, during
 * backend initialisation only:
 * - capturing the text of the pthread worker script Blob and writing it to a temp file, so
 *   `URL.createObjectURL` can hand Node a file path; the worker script is patched to load
 *   the module factory from the package file instead of the posted Blob;
 * - reporting twice the CPU count to Emscripten: the C++ side caps the pool at
 *   `emscripten_num_logical_cores() / 2` (it assumes hyper-threading), i.e. 1 thread on 2 CPUs.
 * Everything is restored once the backend exists. Opt-in (MEDSEG_WASM_THREADS=n), because a
 * failed threaded start cannot fall back to single-threaded WASM in the same process.
 */
import * as fs from 'fs';
// The default import is Node's mutable module object (the one Emscripten's require('os') sees).
import os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';

const FACTORY = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';

/**
 * The Emscripten factory as shipped in the package. The Blob tfjs posts to the workers holds
 * `factory.toString()` from tfjs's Node bundle, which refers to rollup's hoisted `require$$0`
 * variables and so cannot run on its own (the root of tfjs issue #3830).
 */
function factoryPath(): string | undefined {
  // dist/wasm/ next to the bundle (a packaged extension ships no node_modules), then the package.
  const candidates = [path.join(__dirname, 'wasm', path.basename(FACTORY)), path.resolve('node_modules', FACTORY)];
  try {
    candidates.splice(1, 0, require.resolve(FACTORY));
  } catch {
    // not resolvable from this bundle (e.g. a packaged extension without node_modules)
  }
  return candidates.find((f) => fs.existsSync(f));
}

/** Replaces the worker's `importScripts(blob:…)` of the factory by a require of the package's file. */
function workerPatch(factoryFile: string): string {
  return `\n;(function(){var load=global.importScripts;global.importScripts=function(f){` +
    `if(typeof f==='string'&&f.indexOf('blob:')===0){global.WasmBackendModuleThreadedSimd=require(${JSON.stringify(factoryFile)});return}` +
    `return load(f)}})();\n`;
}

let prepared = false;

/** Reads MEDSEG_WASM_THREADS (a setup hook for loadBackend): arms threaded WASM when ≥ 2. */
export function enableWasmThreadsFromEnv(): void {
  const n = Number(process.env.MEDSEG_WASM_THREADS ?? '');
  if (Number.isInteger(n) && n >= 2) enableWasmThreads(n);
}

/**
 * Arms threaded WASM for the next initialisation of the 'wasm' backend (call before
 * `tf.setBackend('wasm')`). `threads` ≥ 2. The pool size follows from the reported CPU count
 * (tfjs's default thread count), so `setThreadsCount` is not needed. Returns false (and
 * changes nothing) when already armed.
 */
export function enableWasmThreads(threads: number): boolean {
  if (prepared || threads < 2) return false;
  const factoryFile = factoryPath();
  if (!factoryFile) return false;
  prepared = true;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-wasm-threads-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const texts = new WeakMap<Blob, string>();
  const OrigBlob = globalThis.Blob;
  class CapturingBlob extends OrigBlob {
    constructor(parts: ConstructorParameters<typeof Blob>[0] = [], options?: ConstructorParameters<typeof Blob>[1]) {
      super(parts, options);
      if (parts.every((p) => typeof p === 'string')) texts.set(this, (parts as string[]).join(''));
    }
  }
  const origCreate = URL.createObjectURL.bind(URL);
  const origCpus = os.cpus.bind(os);

  globalThis.Blob = CapturingBlob;
  URL.createObjectURL = (obj: Blob): string => {
    const text = texts.get(obj);
    // Only tfjs's pthread worker script (the factory Blob is posted to workers, not passed here).
    if (text === undefined || obj.type !== 'application/javascript') return origCreate(obj);
    const file = path.join(dir, 'pthread-worker.cjs');
    if (!fs.existsSync(file)) fs.writeFileSync(file, text + workerPatch(factoryFile));
    return file;
  };
  os.cpus = () => {
    const c = origCpus();
    return Array.from({ length: 2 * threads }, (_, i) => c[i % c.length]);
  };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);

  const restore = (): void => {
    globalThis.Blob = OrigBlob;
    URL.createObjectURL = origCreate;
    os.cpus = origCpus;
    // The pool's workers (8, preallocated) have loaded the script by now; a worker process
    // killed by a signal never emits 'exit', so do not wait for it.
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  const poll = (): void => {
    if ('wasm' in tf.engine().registry || Date.now() > deadline) restore();
    else setTimeout(poll, 10).unref();
  };
  setTimeout(poll, 0).unref();
  return true;
}
