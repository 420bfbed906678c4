/**
 * The host ↔ worker boundary (a `child_process.fork` of `dist/worker.js` over IPC).
 * `ToWorker` are messages the host (extension or CLI) sends, `FromWorker` those the
 * worker sends. Requests are answered through the MessageHandler's reply; everything
 * else is a one-way event. The worker reads files itself: only paths, progress and
 * metrics cross this boundary.
 */

/** Ask the worker which tfjs backends load in its process, and about the machine. */
export interface GetEnvironmentRequest {
  type: 'getEnvironment';
  /** Also try to initialise each backend (slower; default true). */
  probe?: boolean;
}

/** Ask the worker to exit cleanly. */
export interface ShutdownRequest {
  type: 'shutdown';
}

/** Everything the host may send to the worker. */
export type ToWorker = GetEnvironmentRequest | ShutdownRequest;

/** A log line from the worker. */
export interface LogEvent {
  type: 'log';
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** Everything the worker may send on its own (not as a reply). */
export type FromWorker = LogEvent;

/** Availability of one tfjs backend in the worker process. */
export interface BackendStatus {
  /** Backend name: `tensorflow-gpu` (tfjs-node-gpu), `tensorflow` (tfjs-node), `webgpu`, `wasm`, `cpu`. */
  name: BackendName;
  /** The npm package providing it. */
  package: string;
  available: boolean;
  /** Plain-words reason when unavailable (not installed; libcudart.so.11.0 not found; no GPU adapter…), or details when available. */
  reason: string;
  /** Threads the backend uses, when known (WASM). */
  threads?: number;
}

/** Names of the backends the worker can pick, best first. */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

/** Preference order of `backend: "auto"`. */
export const BACKEND_PREFERENCE: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'];

/** Reply to `getEnvironment`. */
export interface EnvironmentReport {
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
  freeMemoryBytes: number;
  /** GPUs from `nvidia-smi`, empty when it is absent or fails. */
  gpus: { name: string; driver: string; memoryMiB: number }[];
  /** Why `gpus` is empty, when it is. */
  gpuNote?: string;
  /** CUDA/cuDNN libraries tfjs-node-gpu needs and whether the dynamic loader finds them. */
  cudaLibraries: { name: string; found: boolean }[];
  backends: BackendStatus[];
  /** The backend `auto` would pick. */
  recommended: BackendName;
  pid: number;
}

/** Maps each request type to its reply type. */
export interface WorkerReplies {
  getEnvironment: EnvironmentReport;
  shutdown: void;
  [k: string]: unknown;
}
