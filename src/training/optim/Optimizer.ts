/**
 * Adam, AdamW (decoupled weight decay, Loshchilov & Hutter) and SGD with momentum/Nesterov,
 * written on the tfjs core API because tf.train's optimisers have no decoupled decay, no
 * settable learning rate and no exportable state. Update rules follow PyTorch's so results can
 * be compared with the reference. Weight decay (coupled or decoupled) only touches weights
 * marked `decay` (conv/dense kernels), never biases, norm parameters or PReLU slopes.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig } from '../../core/config/modelConfig';
import { validateOptimizerConfig } from '../../core/config/modelConfig';
import { MedSegError } from '../../core/util/MedSegError';
import type { NamedTensorData, NamedVariable } from '../model/NamedTensorData';
import { FlatAdam } from './FlatAdam';

interface Slot {
  param: NamedVariable;
  /** SGD momentum buffer. */
  m: tf.Variable | null;
}

const STEP_NAME = 'optimizer/step';
const LR_NAME = 'optimizer/learningRate';

/** One optimiser over a fixed list of named variables. */
export class Optimizer {
  readonly config: OptimizerConfig;
  /** Used by the next step; a schedule may change it before every step. */
  learningRate: number;
  private stepCount = 0;
  private readonly slots: Slot[];
  /** tfjs variable name → slot, because tf.variableGrads keys gradients by tfjs names. */
  private readonly byTfName = new Map<string, Slot>();
  private readonly adam: FlatAdam | null;

  constructor(cfg: Partial<OptimizerConfig>, params: readonly NamedVariable[]) {
    this.config = validateOptimizerConfig(cfg);
    this.learningRate = this.config.learningRate;
    const sgd = this.config.name === 'sgd';
    const zeros = (p: NamedVariable): tf.Variable => tf.tidy(() => tf.variable(tf.zerosLike(p.variable), false));
    // Adam's moments live in FlatAdam's flat vectors; SGD keeps a momentum buffer per variable.
    this.slots = params.map((param) => ({ param, m: sgd && this.config.momentum > 0 ? zeros(param) : null }));
    this.adam = sgd ? null : new FlatAdam(params, this.config);
    for (const s of this.slots) this.byTfName.set(s.param.variable.name, s);
  }

  /** Number of updates applied so far (Adam's bias correction uses it). */
  get iterations(): number {
    return this.stepCount;
  }

  /**
   * One update from gradients keyed by tfjs variable name (what tf.variableGrads returns).
   * Gradients are not disposed: they belong to the caller (usually an enclosing tf.tidy).
   */
  applyGradients(grads: tf.NamedTensorMap): void {
    for (const tfName of Object.keys(grads)) {
      if (!this.byTfName.has(tfName)) throw new MedSegError('unknown-variable', `gradient for a variable the optimiser does not own (${tfName})`);
    }
    this.stepCount++;
    if (this.config.name === 'sgd') this.sgdStep(grads);
    else this.adamStep(grads);
  }

  private sgdStep(grads: tf.NamedTensorMap): void {
    const c = this.config;
    const lr = this.learningRate;
    tf.tidy(() => {
      for (const [tfName, g0] of Object.entries(grads)) {
        const s = this.byTfName.get(tfName) as Slot;
        const w = s.param.variable;
        const decay = s.param.decay ? c.weightDecay : 0;
        let g = decay > 0 ? tf.add(g0, tf.mul(w, decay)) : g0;
        if (s.m) {
          const buf = tf.add(tf.mul(s.m, c.momentum), g);
          s.m.assign(buf);
          g = c.nesterov ? tf.add(g, tf.mul(buf, c.momentum)) : buf;
        }
        w.assign(tf.sub(w, tf.mul(g, lr)));
      }
    });
  }

  private adamStep(grads: tf.NamedTensorMap): void {
    (this.adam as FlatAdam).step(this.slots.map((s) => grads[s.param.variable.name]), this.stepCount, this.learningRate);
  }

  /** Step count, learning rate and every slot, for resuming. */
  async getState(): Promise<NamedTensorData[]> {
    const out: NamedTensorData[] = [
      { name: STEP_NAME, shape: [], data: Float32Array.of(this.stepCount) },
      { name: LR_NAME, shape: [], data: Float32Array.of(this.learningRate) },
    ];
    if (this.adam) return [...out, ...(await this.adam.getState())];
    for (const s of this.slots) {
      if (s.m) out.push({ name: `${s.param.name}/m`, shape: [...s.m.shape], data: (await s.m.data()) as Float32Array });
    }
    return out;
  }

  /** Restores getState()'s output; throws MedSegError when a slot is missing or has another shape. */
  setState(state: readonly NamedTensorData[]): void {
    const byName = new Map(state.map((d) => [d.name, d]));
    const step = byName.get(STEP_NAME);
    if (!step) throw new MedSegError('bad-optimizer-state', `optimiser state has no ${STEP_NAME}`);
    this.adam?.setState(byName);
    for (const s of this.slots) {
      const m = s.m;
      if (!m) continue;
      const d = byName.get(`${s.param.name}/m`);
      if (!d || d.data.length !== m.size) throw new MedSegError('bad-optimizer-state', `optimiser state lacks ${s.param.name}/m of size ${m.size}`);
      tf.tidy(() => m.assign(tf.tensor(d.data, m.shape, 'float32')));
    }
    this.stepCount = Math.round(step.data[0]);
    const lr = byName.get(LR_NAME);
    if (lr) this.learningRate = lr.data[0];
  }

  dispose(): void {
    for (const s of this.slots) s.m?.dispose();
    this.adam?.dispose();
  }
}

/** Validates `cfg` and creates the optimiser over `params` (model variables plus any learned loss weights). */
export function createOptimizer(cfg: Partial<OptimizerConfig>, params: readonly NamedVariable[]): Optimizer {
  return new Optimizer(cfg, params);
}

/** Global L2 norm of all gradients: sqrt(Σ_i ‖g_i‖²). */
export function globalNorm(grads: tf.NamedTensorMap): tf.Scalar {
  return tf.tidy(() => {
    const parts = Object.values(grads).map((g) => tf.sum(tf.square(g)));
    return (parts.length ? tf.sqrt(tf.addN(parts)) : tf.scalar(0)) as tf.Scalar;
  });
}

/**
 * Scales all gradients by min(1, maxNorm / (norm + 1e-6)) (PyTorch's clip_grad_norm_), so
 * their global norm is at most maxNorm; the direction is kept. Computed on the device, no
 * readback. Returns new tensors and the norm before clipping; the inputs are not disposed.
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): { grads: tf.NamedTensorMap; norm: tf.Scalar } {
  const norm = globalNorm(grads);
  const clipped = tf.tidy(() => {
    const coef = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
    const out: tf.NamedTensorMap = {};
    for (const [k, g] of Object.entries(grads)) out[k] = tf.mul(g, coef);
    return out;
  });
  return { grads: clipped, norm };
}
