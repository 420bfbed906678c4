/**
 * Finds out, without loading tfjs, what the machine offers the native backends:
 * nvidia-smi's GPUs and whether the CUDA 11.2 / cuDNN 8.1 libraries that
 * `@tensorflow/tfjs-node-gpu` links against can be found by the dynamic loader.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Shared libraries tfjs-node-gpu 4.x needs at load time. */
export const CUDA_LIBRARIES = ['libcudart.so.11.0', 'libcublas.so.11', 'libcudnn.so.8'] as const;

/** GPUs reported by nvidia-smi, or the reason there are none. */
export function queryNvidiaSmi(): { gpus: { name: string; driver: string; memoryMiB: number }[]; note?: string } {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader,nounits'], {
      encoding: 'utf8', timeout: 10000, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const gpus = out.trim().split('\n').filter(Boolean).map((line) => {
      const [name = '?', driver = '?', mem = '0'] = line.split(',').map((s) => s.trim());
      return { name, driver, memoryMiB: Number(mem) || 0 };
    });
    return gpus.length ? { gpus } : { gpus, note: 'nvidia-smi lists no GPU' };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { gpus: [], note: e.code === 'ENOENT' ? 'nvidia-smi not found (no NVIDIA driver installed)' : `nvidia-smi failed: ${e.message.split('\n')[0]}` };
  }
}

/** Whether each CUDA library is visible to the dynamic loader (ldconfig cache or LD_LIBRARY_PATH). */
export function findCudaLibraries(): { name: string; found: boolean }[] {
  let cache = '';
  try {
    cache = execFileSync('ldconfig', ['-p'], { encoding: 'utf8', timeout: 10000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch { /* no ldconfig: rely on LD_LIBRARY_PATH */ }
  const dirs = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  return CUDA_LIBRARIES.map((name) => ({
    name,
    found: cache.includes(name) || dirs.some((d) => fs.existsSync(path.join(d, name))),
  }));
}
