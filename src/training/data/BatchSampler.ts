/**
 * Draws training batches: random cases with replacement (as nnU-Net), a configurable
 * share forced to contain foreground (tumour slices), each augmented with the paired
 * image/mask augmentation. All randomness comes from one seeded Rng whose state is
 * checkpointed, so a resumed run draws the same batches as an uninterrupted one.
 */
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import type { AugmentationConfig } from '../../core/augmentation/AugmentationConfig';
import { augment } from '../../core/augmentation/augment';
import type { Rng } from '../../core/util/random';

/** Options of the sampler. */
export interface BatchSamplerOptions {
  batchSize: number;
  /** Probability that a drawn sample is taken from the foreground-containing ones. */
  foregroundOversample: number;
  augmentation: AugmentationConfig;
}

/** Whether the sample's mask has any non-zero pixel. */
export function hasForeground(s: Sample2D): boolean {
  if (!s.mask) return false;
  for (const v of s.mask) if (v !== 0) return true;
  return false;
}

/** Seeded batch sampler over prepared samples. */
export class BatchSampler {
  private readonly foreground: number[];

  constructor(private readonly samples: readonly Sample2D[], private readonly opts: BatchSamplerOptions, private readonly rng: Rng) {
    if (samples.length === 0) throw new Error('BatchSampler: no training samples');
    this.foreground = samples.map((s, i) => (hasForeground(s) ? i : -1)).filter((i) => i >= 0);
  }

  /** Draws the next augmented batch. */
  next(): Sample2D[] {
    const out: Sample2D[] = [];
    for (let b = 0; b < this.opts.batchSize; b++) {
      const fromFg = this.foreground.length > 0 && this.rng.bool(this.opts.foregroundOversample);
      const idx = fromFg ? this.rng.pick(this.foreground) : this.rng.int(0, this.samples.length);
      out.push(augment(this.samples[idx], this.opts.augmentation, this.rng));
    }
    return out;
  }
}
