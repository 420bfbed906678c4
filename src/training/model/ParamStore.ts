import * as tf from '@tensorflow/tfjs-core';
import { MedSegError } from '../../core/util/MedSegError';
import { mulberry32 } from '../../core/util/random';
import type { NamedTensorData, NamedVariable } from './NamedTensorData';

/*
 * Deterministic weight initialisation: weights are drawn in JavaScript from a seeded PRNG,
 * not with tf.randomNormal, so the same seed gives bit-identical initial weights on every
 * backend (cpu, wasm, webgpu) and in every process.
 */

/** FNV-1a hash of a string mixed with a seed: each weight gets its own stream, keyed by its name, so adding a layer leaves the others' init unchanged. */
export function hashSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** `n` samples of N(0, std²) (Box–Muller) from a seeded stream. */
export function seededNormal(n: number, std: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    // 1 - rand() lies in (0, 1], so the log is finite.
    const r = Math.sqrt(-2 * Math.log(1 - rand()));
    const th = 2 * Math.PI * rand();
    out[i] = r * Math.cos(th) * std;
    if (i + 1 < n) out[i + 1] = r * Math.sin(th) * std;
  }
  return out;
}

/** How a new variable is filled. `he`: N(0, 2/fanIn); `glorot`: N(0, 2/(fanIn+fanOut)). */
export type Init = { kind: 'he'; fanIn: number } | { kind: 'glorot'; fanIn: number; fanOut: number } | { kind: 'constant'; value: number };

/**
 * Owns a set of named tf.Variables: creation with deterministic init, weight export/import
 * and disposal. Names are ours (`enc0/conv1/kernel`), not tfjs's, because tfjs variable names
 * are process-global and two models with the same names would collide.
 */
export class ParamStore {
  readonly entries: NamedVariable[] = [];
  private readonly byName = new Map<string, NamedVariable>();
  private readonly disposers: (() => void)[] = [];

  constructor(private readonly seed: number) {}

  /** Creates a variable; `decay` marks kernels that AdamW may decay. */
  add(name: string, shape: number[], init: Init, opts: { trainable?: boolean; decay?: boolean } = {}): tf.Variable {
    if (this.byName.has(name)) throw new MedSegError('duplicate-weight', `weight ${name} defined twice`);
    const size = shape.reduce((a, b) => a * b, 1);
    let data: Float32Array;
    if (init.kind === 'constant') data = new Float32Array(size).fill(init.value);
    else {
      const std = init.kind === 'he' ? Math.sqrt(2 / init.fanIn) : Math.sqrt(2 / (init.fanIn + init.fanOut));
      data = seededNormal(size, std, hashSeed(this.seed, name));
    }
    const trainable = opts.trainable ?? true;
    const variable = tf.tidy(() => tf.variable(tf.tensor(data, shape, 'float32'), trainable));
    const entry: NamedVariable = { name, variable, decay: opts.decay ?? false };
    this.entries.push(entry);
    this.byName.set(name, entry);
    return variable;
  }

  /** The variable called `name`; throws MedSegError when there is none. */
  get(name: string): tf.Variable {
    const e = this.byName.get(name);
    if (!e) throw new MedSegError('missing-weight', `no weight ${name}`);
    return e.variable;
  }

  /** Registers cleanup for derived tensors (e.g. folded inference weights), run by dispose(). */
  onDispose(fn: () => void): void {
    this.disposers.push(fn);
  }

  get trainable(): NamedVariable[] {
    return this.entries.filter((e) => e.variable.trainable);
  }

  /** Number of scalars, trainable only by default (matches PyTorch's `parameters()`). */
  count(includeNonTrainable = false): number {
    return this.entries.filter((e) => includeNonTrainable || e.variable.trainable).reduce((s, e) => s + e.variable.size, 0);
  }

  /** Copies every variable (trainable and not, e.g. BN moving stats) out of the backend. */
  getWeights(): NamedTensorData[] {
    return this.entries.map((e) => ({ name: e.name, shape: [...e.variable.shape], data: e.variable.dataSync() as Float32Array }));
  }

  /** Async variant for GPU backends, where dataSync stalls. */
  async getWeightsAsync(): Promise<NamedTensorData[]> {
    const datas = await Promise.all(this.entries.map((e) => e.variable.data()));
    return this.entries.map((e, i) => ({ name: e.name, shape: [...e.variable.shape], data: datas[i] as Float32Array }));
  }

  /** Assigns weights by name. Every stored variable must be present with the same shape unless `allowMissing`. */
  setWeights(weights: readonly NamedTensorData[], allowMissing = false): void {
    const given = new Map(weights.map((w) => [w.name, w]));
    for (const e of this.entries) {
      const w = given.get(e.name);
      if (!w) {
        if (allowMissing) continue;
        throw new MedSegError('missing-weight', `checkpoint has no weight ${e.name}`);
      }
      const same = w.shape.length === e.variable.shape.length && w.shape.every((d, i) => d === e.variable.shape[i]);
      if (!same || w.data.length !== e.variable.size) {
        throw new MedSegError('weight-shape', `weight ${e.name} has shape [${w.shape}], expected [${e.variable.shape}]`);
      }
      tf.tidy(() => e.variable.assign(tf.tensor(w.data, e.variable.shape, 'float32')));
    }
  }

  dispose(): void {
    for (const fn of this.disposers.splice(0)) fn();
    for (const e of this.entries) e.variable.dispose();
    this.entries.length = 0;
    this.byName.clear();
  }
}
