/**
 * Exponential moving average of a scalar series, e.g. nnU-Net's smoothed "pseudo Dice"
 * (`ema = 0.9·ema + 0.1·new`) used to pick the best checkpoint without reacting to one lucky
 * validation batch.
 *
 * The first update sets the value directly (nnU-Net's behaviour) unless `biasCorrection` is
 * on, in which case the Adam-style correction `ema / (1 − decay^t)` starting from 0 is used;
 * both avoid the average being dragged towards 0 early on.
 */
export class ExponentialMovingAverage {
  private ema = 0;
  private steps = 0;

  /** @param decay weight of the old value, in [0, 1). */
  constructor(readonly decay = 0.9, readonly biasCorrection = false) {
    if (!(decay >= 0 && decay < 1)) throw new RangeError(`EMA decay must be in [0, 1), got ${decay}`);
  }

  /** Adds an observation (NaN is ignored, so an empty validation epoch does not poison it) and returns the average. */
  update(x: number): number {
    if (Number.isNaN(x)) return this.value;
    if (this.biasCorrection) this.ema = this.decay * this.ema + (1 - this.decay) * x;
    else this.ema = this.steps === 0 ? x : this.decay * this.ema + (1 - this.decay) * x;
    this.steps++;
    return this.value;
  }

  /** Current average; NaN before the first observation. */
  get value(): number {
    if (this.steps === 0) return NaN;
    return this.biasCorrection ? this.ema / (1 - Math.pow(this.decay, this.steps)) : this.ema;
  }

  /** Number of observations so far. */
  get count(): number {
    return this.steps;
  }

  /** Serialisable state for checkpoints. */
  getState(): { ema: number; steps: number } {
    return { ema: this.ema, steps: this.steps };
  }

  /** Restores a state from {@link getState}. */
  setState(s: { ema: number; steps: number }): void {
    this.ema = s.ema;
    this.steps = s.steps;
  }
}
