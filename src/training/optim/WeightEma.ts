import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorData, NamedVariable } from '../model/NamedTensorData';

/** Prefix of the raw (training) weights in a checkpoint's optimiser state when the weights are averaged. */
export const RAW_WEIGHT_PREFIX = 'ema-raw/';

/**
 * Exponential moving average of the trainable weights (Polyak averaging, as timm's ModelEmaV2
 * and TF's ExponentialMovingAverage with `num_updates`). Validation, checkpoints and prediction
 * use the averaged weights; the optimiser keeps stepping the raw ones. The effective decay
 * min(decay, (1 + t) / (10 + t)) lets the average follow the large early changes of a short,
 * CPU-budgeted run instead of remembering the initial weights for thousands of steps.
 */
export class WeightEma {
  private readonly shadows: tf.Variable[];
  private updates = 0;

  constructor(readonly decay: number, private readonly vars: readonly NamedVariable[]) {
    this.shadows = vars.map((v) => tf.variable(v.variable.clone(), false));
  }

  /** Folds the current raw weights into the average (after each optimiser step). */
  update(): void {
    const t = this.updates++;
    const d = Math.min(this.decay, (1 + t) / (10 + t));
    tf.tidy(() => {
      this.shadows.forEach((s, i) => s.assign(tf.add(tf.mul(s, d), tf.mul(this.vars[i].variable, 1 - d))));
    });
  }

  /** Exchanges the raw and the averaged weights in place (twice restores them). */
  private swap(): void {
    this.shadows.forEach((s, i) => {
      const v = this.vars[i].variable;
      const raw = tf.clone(v);
      v.assign(s);
      s.assign(raw);
      raw.dispose();
    });
  }

  /** Runs `fn` with the averaged weights in the model, then puts the raw ones back. */
  async withAveraged<T>(fn: () => Promise<T>): Promise<T> {
    this.swap();
    try {
      return await fn();
    } finally {
      this.swap();
    }
  }

  /** The raw weights, named with RAW_WEIGHT_PREFIX, plus the update count (stored with the optimiser state). */
  async rawState(): Promise<NamedTensorData[]> {
    const datas = await Promise.all(this.vars.map((v) => v.variable.data()));
    return [
      { name: `${RAW_WEIGHT_PREFIX}updates`, shape: [], data: Float32Array.of(this.updates) },
      ...this.vars.map((v, i) => ({ name: `${RAW_WEIGHT_PREFIX}${v.name}`, shape: [...v.variable.shape], data: datas[i] as Float32Array })),
    ];
  }

  /**
   * After a restore that put a checkpoint's (averaged) weights into the model: they become the
   * average and the raw weights from `state` go back into the model. A checkpoint written without
   * averaging has no raw weights: the average starts from the restored weights.
   */
  restore(state: readonly NamedTensorData[]): void {
    const byName = new Map(state.map((d) => [d.name, d]));
    this.updates = Math.round(byName.get(`${RAW_WEIGHT_PREFIX}updates`)?.data[0] ?? 0);
    this.vars.forEach((v, i) => {
      this.shadows[i].assign(v.variable);
      const raw = byName.get(`${RAW_WEIGHT_PREFIX}${v.name}`);
      if (raw && raw.data.length === v.variable.size) tf.tidy(() => v.variable.assign(tf.tensor(raw.data, v.variable.shape, 'float32')));
    });
  }

  dispose(): void {
    for (const s of this.shadows) s.dispose();
  }
}
