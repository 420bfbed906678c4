/**
 * Tries every backend in this process and reports which load, and why the others don't.
 * Used by "MedSeg: Show Environment", `medseg env` and the run summary.
 */
import * as os from 'os';
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_PREFERENCE, BackendName, BackendStatus, EnvironmentReport } from '../../core/protocol/workerProtocol';
import { BACKEND_PACKAGE, loadBackend } from './loadBackend';
import { explainLoadError } from './explainLoadError';
import { findCudaLibraries, queryNvidiaSmi } from './nativeProbe';

/** Probes each backend in preference order; leaves the best available one active. */
export async function probeBackends(): Promise<{ backends: BackendStatus[]; recommended: BackendName }> {
  const missingCuda = findCudaLibraries().filter((l) => !l.found).map((l) => l.name);
  const backends: BackendStatus[] = [];
  const software = new Set<BackendName>();
  for (const name of BACKEND_PREFERENCE) {
    const pkg = BACKEND_PACKAGE[name];
    try {
      const { details, threads, software: isSoftware } = await loadBackend(name);
      if (isSoftware) software.add(name);
      // A backend that registers but cannot compute is not available: run one op.
      const probe = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.scalar(1)).dataSync());
      if (probe[1] !== 3) throw new Error(`computed ${probe[1]} instead of 3`);
      backends.push({ name, package: pkg, available: true, reason: details, threads });
    } catch (err) {
      const reason = name === 'tensorflow' || name === 'tensorflow-gpu'
        ? explainLoadError(pkg, err, missingCuda)
        : name === 'webgpu' ? explainWebGpu(err) : `failed: ${(err as Error).message}`;
      backends.push({ name, package: pkg, available: false, reason });
    }
  }
  const recommended = backends.find((b) => b.available && !software.has(b.name))?.name ?? backends.find((b) => b.available)?.name ?? 'cpu';
  await loadBackend(recommended);
  return { backends, recommended };
}

function explainWebGpu(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'MODULE_NOT_FOUND' && /'webgpu'/.test(e.message)) return "not installed (optional npm package 'webgpu', Dawn for Node)";
  return e?.message?.split('\n')[0] ?? String(err);
}

/** The full environment report of this process. */
export async function environmentReport(): Promise<EnvironmentReport> {
  const smi = queryNvidiaSmi();
  const { backends, recommended } = await probeBackends();
  const cpus = os.cpus();
  return {
    node: process.version, platform: process.platform, arch: process.arch,
    cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemoryBytes: os.totalmem(), freeMemoryBytes: os.freemem(),
    gpus: smi.gpus, gpuNote: smi.note, cudaLibraries: findCudaLibraries(),
    backends, recommended, pid: process.pid,
  };
}
