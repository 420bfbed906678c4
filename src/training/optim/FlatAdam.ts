/**
 * Adam/AdamW moments for a fixed list of variables, kept as two flat vectors so one step is
 * ~20 kernels over all parameters instead of ~15 per variable: with ~70 variables, tfjs kernel
 * dispatch (not arithmetic) dominated the old per-variable update. Update rules follow PyTorch.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig } from '../../core/config/modelConfig';
import { MedSegError } from '../../core/util/MedSegError';
import type { NamedTensorData, NamedVariable } from '../model/NamedTensorData';

/**
 * tf.split that stays cheap on tfjs-backend-wasm: its Slice kernel reads the whole input back
 * from the heap for every part (n parts = n full copies); one read-back and n uploads is 2.
 */
function splitFlat(x: tf.Tensor1D, sizes: readonly number[]): tf.Tensor1D[] {
  if (sizes.length === 1) return [x];
  if (tf.getBackend() !== 'wasm') return tf.split(x, [...sizes]);
  const d = x.dataSync() as Float32Array;
  let o = 0;
  return sizes.map((s) => tf.tensor1d(d.subarray(o, (o += s)), 'float32'));
}

/** Concatenation of the tensors, flattened. */
function flatten(ts: readonly tf.Tensor[]): tf.Tensor1D {
  const flat = ts.map((t) => tf.reshape(t, [-1]) as tf.Tensor1D);
  return flat.length === 1 ? flat[0] : tf.concat(flat);
}

/** Flat first/second moments and the update for Adam or AdamW. */
export class FlatAdam {
  private readonly sizes: number[];
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  /** 1 where the element belongs to a decayed variable (kernels), else 0; null without weight decay. */
  private readonly decayMask: tf.Tensor1D | null;

  constructor(private readonly params: readonly NamedVariable[], private readonly cfg: OptimizerConfig) {
    this.sizes = params.map((p) => p.variable.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.m = tf.tidy(() => tf.variable(tf.zeros([total]), false));
    this.v = tf.tidy(() => tf.variable(tf.zeros([total]), false));
    this.decayMask = cfg.weightDecay > 0 && params.some((p) => p.decay) ? this.perElement((p) => (p.decay ? 1 : 0)) : null;
  }

  /** One step `t` (1-based) at learning rate `lr`; grads[i] belongs to params[i], undefined = no gradient (left untouched, as PyTorch). */
  step(grads: readonly (tf.Tensor | undefined)[], t: number, lr: number): void {
    const c = this.cfg;
    tf.tidy(() => {
      const g0 = flatten(this.params.map((p, i) => grads[i] ?? tf.zeros([p.variable.size])));
      const w = flatten(this.params.map((p) => p.variable));
      const mask = this.decayMask;
      // Adam: coupled L2 adds decay·w to the gradient; AdamW shrinks the weight directly (below).
      const g = c.name === 'adam' && mask ? tf.add(g0, tf.mul(w, tf.mul(mask, c.weightDecay))) : g0;
      let m = tf.add(tf.mul(this.m, c.beta1), tf.mul(g, 1 - c.beta1));
      let v = tf.add(tf.mul(this.v, c.beta2), tf.mul(tf.square(g), 1 - c.beta2));
      const present = grads.map((x) => x !== undefined);
      if (!present.every(Boolean)) {
        const keep = tf.cast(this.perElement((_, i) => (present[i] ? 1 : 0)), 'bool');
        m = tf.where(keep, m, this.m);
        v = tf.where(keep, v, this.v);
      }
      // PyTorch's form: w − (lr/bc1)·m / (√v/√bc2 + eps); the bias corrections are plain numbers.
      const denom = tf.add(tf.mul(tf.sqrt(v), 1 / Math.sqrt(1 - c.beta2 ** t)), c.epsilon);
      const base = c.name === 'adamw' && mask ? tf.mul(w, tf.sub(1, tf.mul(mask, lr * c.weightDecay))) : w; // PyTorch order: decay, then the Adam step
      const next = tf.sub(base, tf.mul(tf.div(m, denom), lr / (1 - c.beta1 ** t)));
      this.m.assign(m);
      this.v.assign(v);
      splitFlat(next as tf.Tensor1D, this.sizes).forEach((part, i) => {
        if (present[i]) this.params[i].variable.assign(tf.reshape(part, this.params[i].variable.shape));
      });
    });
  }

  /** `<name>/m` and `<name>/v` per variable, in variable order (the per-variable layout of earlier versions). */
  async getState(): Promise<NamedTensorData[]> {
    const [m, v] = (await Promise.all([this.m.data(), this.v.data()])) as Float32Array[];
    const out: NamedTensorData[] = [];
    let o = 0;
    this.params.forEach((p, i) => {
      const shape = [...p.variable.shape];
      out.push({ name: `${p.name}/m`, shape, data: m.slice(o, o + this.sizes[i]) });
      out.push({ name: `${p.name}/v`, shape, data: v.slice(o, o + this.sizes[i]) });
      o += this.sizes[i];
    });
    return out;
  }

  /** Restores getState()'s entries; throws MedSegError when one is missing or has another size. */
  setState(byName: ReadonlyMap<string, NamedTensorData>): void {
    for (const [suffix, target] of [['m', this.m], ['v', this.v]] as const) {
      const data = new Float32Array(target.size);
      let o = 0;
      this.params.forEach((p, i) => {
        const d = byName.get(`${p.name}/${suffix}`);
        if (!d || d.data.length !== this.sizes[i]) throw new MedSegError('bad-optimizer-state', `optimiser state lacks ${p.name}/${suffix} of size ${this.sizes[i]}`);
        data.set(d.data, o);
        o += this.sizes[i];
      });
      tf.tidy(() => target.assign(tf.tensor1d(data, 'float32')));
    }
  }

  dispose(): void {
    tf.dispose([this.m, this.v]);
    this.decayMask?.dispose();
  }

  /** A flat vector holding f(param, index) over each variable's elements. */
  private perElement(f: (p: NamedVariable, i: number) => number): tf.Tensor1D {
    const out = new Float32Array(this.m.size);
    let o = 0;
    this.params.forEach((p, i) => out.fill(f(p, i), o, (o += this.sizes[i])));
    return tf.tensor1d(out, 'float32');
  }
}
