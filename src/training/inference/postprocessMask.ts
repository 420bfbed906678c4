/**
 * Configured post-processing of a predicted label map (2-D or 3-D): per foreground label,
 * keep the largest component, fill holes, drop components below `minSize`.
 */
import type { PostprocessingSection } from '../../core/config/trainConfig';
import { applyLut } from '../../core/preprocessing/remapLabels';
import { fillEmptyMask } from '../../core/postprocessing/fillEmptyMask';
import { fillHoles } from '../../core/postprocessing/fillHoles';
import { keepLargestComponent, removeSmallComponents } from '../../core/postprocessing/keepLargestComponent';
import { foregroundProbs, type TargetSpec } from '../data/batchToTensors';

/** The label-map steps of post-processing (`nonEmpty` needs probabilities: see `nonEmptyLabelMap`). */
export type LabelPostprocessing = Omit<PostprocessingSection, 'nonEmpty'>;

/**
 * `inference.postprocessing.nonEmpty` on one 2-D label map: an empty map gets the most
 * probable region (core's fillEmptyMask). Heads with several foreground regions are left alone.
 */
export function nonEmptyLabelMap(labels: Uint8Array, probs: Float32Array, dims: readonly [number, number], spec: TargetSpec): Uint8Array {
  const fg = foregroundProbs(probs, labels.length, spec);
  return fg ? fillEmptyMask(labels, fg, dims) : labels;
}

/** Returns a new label map after post-processing. */
export function postprocessMask(labels: Uint8Array, dims: readonly number[], cfg: LabelPostprocessing): Uint8Array {
  const present = [...new Set(labels)].filter((l) => l > 0).sort((a, b) => a - b);
  if (present.length === 0 || (!cfg.largestComponent && !cfg.fillHoles && cfg.minSize <= 0)) return labels.slice();
  const out = new Uint8Array(labels.length);
  for (const l of present) {
    const lut = new Uint8Array(256);
    lut[l] = 1;
    let m = applyLut(labels, lut);
    if (cfg.minSize > 0) m = removeSmallComponents(m, dims, cfg.minSize);
    if (cfg.largestComponent) m = keepLargestComponent(m, dims);
    if (cfg.fillHoles) m = fillHoles(m, dims);
    // Later (higher, nested) labels overwrite earlier ones, as in the label convention.
    for (let i = 0; i < m.length; i++) if (m[i]) out[i] = l;
  }
  return out;
}
