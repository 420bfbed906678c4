/**
 * Activates the backend a job asked for and explains the choice for `summary.json`:
 * an explicit name must load (its loader's error is the job's error); `auto` probes
 * every backend in preference order and records why the better ones were skipped.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../../core/protocol/workerProtocol';
import { loadBackend } from '../backend/loadBackend';
import { probeBackends } from '../backend/probeBackends';

/** The active backend and why. */
export interface BackendChoice {
  backend: BackendName;
  reason: string;
  /** WASM threads, when the backend is wasm. */
  threads?: number;
}

let current: BackendChoice | undefined;

/** Loads `setting` (cached: a second job with the same setting reuses it). */
export async function selectBackend(setting: 'auto' | BackendName): Promise<BackendChoice> {
  if (current && (setting === 'auto' || setting === current.backend) && tf.getBackend() === current.backend) return current;
  if (setting === 'auto') {
    const { backends, recommended } = await probeBackends();
    const skipped = backends.slice(0, backends.findIndex((b) => b.name === recommended)).map((b) => `${b.name}: ${b.reason}`);
    const picked = backends.find((b) => b.name === recommended);
    current = { backend: recommended, threads: picked?.threads, reason: `auto picked ${recommended} (${picked?.reason ?? 'available'})${skipped.length ? `; skipped ${skipped.join('; ')}` : ''}` };
    return current;
  }
  const { details, threads } = await loadBackend(setting);
  current = { backend: setting, threads, reason: `requested ${setting} (${details})` };
  return current;
}
