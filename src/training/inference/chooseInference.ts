/**
 * Chooses test-time flips and postprocessing (largest component; never-empty 2-D masks) on the validation cases, as
 * nnU-Net chooses its postprocessing: every combination is scored (mean per-case Dice at the
 * network's input size; slices of one volume pooled into one case) and the best kept, where
 * a more expensive option must win by more than `minGain`.
 */
import { caseIdOf, type Sample2D } from '../../core/preprocessing/Sample2D';
import { addCounts, diceFromCounts, overlapCounts, type OverlapCounts } from '../../core/metrics/dice';
import { oneForegroundRegion, probsToLabelMap, inChannel, type TargetSpec } from '../data/batchToTensors';
import type { MultitaskUNet } from '../model/MultitaskUNet';
import { nonEmptyLabelMap, postprocessMask } from './postprocessMask';
import { predictImage } from './predictImage';

/** One scored combination. */
export interface InferenceTrial {
  tta: boolean;
  largestComponent: boolean;
  /** Empty 2-D masks replaced by the most probable region (absent: not tried). */
  nonEmpty?: boolean;
  dice: number;
}

/** The choice and every trial, as recorded in the run's `inference.json`. */
export interface InferenceChoice {
  tta: boolean;
  largestComponent: boolean;
  /** Chosen never-empty masks (absent in runs from before the option, or where it was not tried). */
  nonEmpty?: boolean;
  dice: number;
  trials: InferenceTrial[];
  cases: number;
  /** Flips for the class prediction (chosen by accuracy; absent without a classification head). */
  clsTta?: boolean;
  /** Validation accuracy without and with flips. */
  clsAccuracy?: [number, number];
}

/** Accuracy without and with flips on labelled `val` samples; flips are kept only if they are more accurate. */
export async function chooseClsTta(model: MultitaskUNet, val: Iterable<Sample2D>): Promise<{ clsTta: boolean; clsAccuracy: [number, number] }> {
  const acc: [number, number] = [0, 0];
  for (const [j, tta] of [false, true].entries()) {
    let right = 0, labelled = 0;
    // Walked, not filtered into an array: `val` may be a cache-backed source larger than memory.
    for (const s of val) {
      if (s.label === undefined || s.label < 0) continue;
      labelled++;
      const p = await predictImage(model, s.image, s.width, s.height, { overlap: 0.5, tta });
      if (p.clsProbs.indexOf(Math.max(...p.clsProbs)) === s.label) right++;
    }
    acc[j] = right / Math.max(1, labelled);
  }
  return { clsTta: acc[1] > acc[0], clsAccuracy: acc };
}

/** Label-map postprocessing options, cheapest first. */
const OPTIONS = [
  { largestComponent: false, nonEmpty: false },
  { largestComponent: true, nonEmpty: false },
  { largestComponent: false, nonEmpty: true },
  { largestComponent: true, nonEmpty: true },
] as const;

/**
 * Scores flips × largest component (× never-empty masks, where every case is one 2-D image and
 * the head has one foreground region) on `val` and returns the best (ties to the cheaper).
 */
export async function chooseInference(model: MultitaskUNet, val: Iterable<Sample2D>, spec: TargetSpec, minGain = 0.002): Promise<InferenceChoice> {
  const K = spec.segHead === 'softmax' ? spec.segClasses - 1 : spec.segClasses;
  const trials: InferenceTrial[] = [];
  const caseIds = new Set<string>();
  // Never-empty is offered only for one-image cases with a one-region head (a volume's slices
  // may rightly be empty); `flat` is settled by the first pass over `val`.
  let flat = true;
  const offerNonEmpty = () => flat && oneForegroundRegion(spec);
  for (const tta of [false, true]) {
    const counts = OPTIONS.map(() => new Map<string, OverlapCounts[]>());
    for (const s of val) {
      caseIds.add(caseIdOf(s.id));
      flat &&= caseIdOf(s.id) === s.id;
      const n = s.width * s.height;
      const p = await predictImage(model, s.image, s.width, s.height, { overlap: 0.5, tta });
      const raw = probsToLabelMap(p.probs, n, spec);
      const filled = offerNonEmpty() ? nonEmptyLabelMap(raw, p.probs, [s.width, s.height], spec) : raw;
      const gt = s.mask ?? new Uint8Array(n);
      OPTIONS.forEach((o, j) => {
        if (o.nonEmpty && !offerNonEmpty()) return;
        const base = o.nonEmpty ? filled : raw;
        const pred = o.largestComponent ? postprocessMask(base, [s.width, s.height], { largestComponent: true, fillHoles: false, minSize: 0 }) : base;
        const list = counts[j].get(caseIdOf(s.id)) ?? Array.from({ length: K }, () => ({ tp: 0, fp: 0, fn: 0, tn: 0 }));
        for (let k = 0; k < K; k++) {
          const ch = spec.segHead === 'softmax' ? k + 1 : k;
          addCounts(list[k], overlapCounts(pred, gt, (m) => inChannel(m, ch, spec)));
        }
        counts[j].set(caseIdOf(s.id), list);
      });
    }
    counts.forEach((m, j) => {
      const { largestComponent, nonEmpty } = OPTIONS[j];
      if (nonEmpty && !offerNonEmpty()) return;
      const perCase = [...m.values()].map((l) => l.reduce((a, c) => a + diceFromCounts(c), 0) / K);
      trials.push({ tta, largestComponent, ...(offerNonEmpty() && { nonEmpty }), dice: perCase.reduce((a, b) => a + b, 0) / Math.max(1, perCase.length) });
    });
  }
  // Cheapest first: no TTA without postprocessing, then each option only if it gains.
  let best = trials[0];
  for (const t of trials.slice(1)) if (t.dice > best.dice + minGain) best = t;
  return { tta: best.tta, largestComponent: best.largestComponent, ...(best.nonEmpty !== undefined && { nonEmpty: best.nonEmpty }), dice: best.dice, trials, cases: caseIds.size };
}
