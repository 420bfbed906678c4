import { MedSegError } from '../util/MedSegError';
import type { Rng } from '../util/random';

/** A slice reference: which case and which axial index. */
export interface SliceRef {
  caseIndex: number;
  slice: number;
  /** Drawn as one of the batch's forced-foreground items (a patch sampler centres it on tumour). */
  forced: boolean;
}

/** Per-case description the sampler needs: number of slices and those with foreground. */
export interface CaseSlices {
  numSlices: number;
  foreground: readonly number[];
}

/**
 * Draws training slices with nnU-Net's foreground oversampling: in every batch the trailing
 * ~33% of items (see {@link drawBatch}) are forced to contain foreground, the
 * rest are uniform over all slices. Without it most 2-D BraTS slices show no tumour and the
 * network learns to predict background. Cases are drawn uniformly, then a slice in the case
 * (as nnU-Net draws a case, then a location).
 */
export class ForegroundSliceSampler {
  private readonly withFg: number[];

  constructor(private readonly cases: readonly CaseSlices[], private readonly oversample = 0.33) {
    if (cases.length === 0) throw new MedSegError('bad-config', 'sampler: no cases');
    if (!(oversample >= 0 && oversample <= 1)) throw new MedSegError('bad-config', `sampler.oversample: must be in [0, 1], got ${oversample}`);
    cases.forEach((c, i) => {
      if (!Number.isInteger(c.numSlices) || c.numSlices < 1) throw new MedSegError('bad-config', `sampler: case ${i} has ${c.numSlices} slices`);
    });
    this.withFg = cases.map((c, i) => (c.foreground.length > 0 ? i : -1)).filter((i) => i >= 0);
  }

  /** One slice; `forceForeground` picks a tumour slice (falls back to uniform if no case has any). */
  draw(rng: Rng, forceForeground: boolean): SliceRef {
    if (forceForeground && this.withFg.length > 0) {
      const caseIndex = rng.pick(this.withFg);
      return { caseIndex, slice: rng.pick(this.cases[caseIndex].foreground), forced: true };
    }
    const caseIndex = rng.int(0, this.cases.length);
    return { caseIndex, slice: rng.int(0, this.cases[caseIndex].numSlices), forced: forceForeground };
  }

  /**
   * A batch of `size` slices; items from index `round(size × (1 − oversample))` on are
   * foreground slices (nnU-Net's `get_do_oversample`, so batch 2 → 1 forced, batch 12 → 4).
   */
  drawBatch(rng: Rng, size: number): SliceRef[] {
    const firstForced = Math.round(size * (1 - this.oversample));
    const out: SliceRef[] = [];
    for (let b = 0; b < size; b++) out.push(this.draw(rng, b >= firstForced));
    return out;
  }
}
