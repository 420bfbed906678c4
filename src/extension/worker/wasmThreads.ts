/**
 * WASM thread count for the host's workers. Threaded WASM (XNNPACK pool on worker_threads)
 * is armed in the worker by MEDSEG_WASM_THREADS (see src/worker/kernels/enableWasmThreads.ts).
 * A failed threaded start cannot fall back inside the same process, so a host that sees a
 * worker fail to start its backend with threads on starts a new worker with one thread,
 * and remembers that for the rest of the session.
 */
import * as os from 'os';

let threadsFailed: string | undefined;

/** Threads a new worker should use: the CPU count, or 1 after a threaded start failed. */
export function wasmThreads(): number {
  if (threadsFailed !== undefined) return 1;
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cpus);
}

/** Environment of a worker started with `threads` WASM threads (1 turns threads off). */
export function wasmThreadsEnv(threads = wasmThreads()): NodeJS.ProcessEnv {
  return { MEDSEG_WASM_THREADS: String(threads) };
}

/** Records that a threaded start failed (later workers use one thread). */
export function markWasmThreadsFailed(reason: string): void {
  threadsFailed = reason;
}

/** Why threads are off this session, if a threaded start failed. */
export function wasmThreadsFailure(): string | undefined {
  return threadsFailed;
}
