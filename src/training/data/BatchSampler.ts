/**
 * Draws training batches with core's ForegroundSliceSampler (nnU-Net's scheme): a case
 * uniformly, then a slice in it; the trailing share `foregroundOversample` of every batch is
 * forced to show foreground (tumour slices). Each drawn slice gets the paired image/mask
 * augmentation. All randomness comes from one seeded Rng whose state is checkpointed, so a
 * resumed run draws the same batches as an uninterrupted one.
 */
import type { AugmentationConfig } from '../../core/augmentation/AugmentationConfig';
import { augment } from '../../core/augmentation/augment';
import { ForegroundSliceSampler } from '../../core/preprocessing/ForegroundSliceSampler';
import { randomCrop } from '../../core/preprocessing/randomCrop';
import { caseIdOf, type Sample2D } from '../../core/preprocessing/Sample2D';
import type { SampleSource } from '../../core/preprocessing/SampleSource';
import { MedSegError } from '../../core/util/MedSegError';
import type { Rng } from '../../core/util/random';

/** Options of the sampler. */
export interface BatchSamplerOptions {
  batchSize: number;
  /** Share of each batch taken from foreground-containing slices. */
  foregroundOversample: number;
  augmentation: AugmentationConfig;
  /** Patch side (0 = whole samples): a patch is cut before augmentation, centred on tumour for forced-foreground items. */
  patchSize?: number;
}

/** Seeded batch sampler over prepared samples (read from the source only when drawn). */
export class BatchSampler {
  private readonly sampler: ForegroundSliceSampler;
  /** Sample indices of each case, in slice order. */
  private readonly cases: number[][];

  constructor(private readonly samples: SampleSource, private readonly opts: BatchSamplerOptions, private readonly rng: Rng) {
    if (samples.length === 0) throw new MedSegError('no-data', 'no training samples');
    const byCase = new Map<string, number[]>();
    for (let i = 0; i < samples.length; i++) {
      const k = caseIdOf(samples.info(i).id);
      const list = byCase.get(k);
      if (list) list.push(i);
      else byCase.set(k, [i]);
    }
    this.cases = [...byCase.values()];
    this.sampler = new ForegroundSliceSampler(this.cases.map((idx) => ({
      numSlices: idx.length,
      foreground: idx.flatMap((i, k) => (samples.info(i).foreground ? [k] : [])),
    })), opts.foregroundOversample);
  }

  /** Draws the next augmented batch. */
  next(): Sample2D[] {
    const p = this.opts.patchSize ?? 0;
    return this.sampler.drawBatch(this.rng, this.opts.batchSize).map((r) => {
      const s = this.samples.get(this.cases[r.caseIndex][r.slice]);
      return augment(p > 0 ? randomCrop(s, [p, p], this.rng, r.forced) : s, this.opts.augmentation, this.rng);
    });
  }
}
