import { connectedComponents } from './connectedComponents';

/**
 * The "never empty" postprocessing for datasets where every image holds the structure (each
 * figshare slice shows a tumour): when thresholding left a 2-D mask empty, the network's most
 * likely region is kept instead of nothing. An empty answer scores Dice 0 on such a case, so
 * a region below the 0.5 threshold can only gain; whether it does on a dataset is decided on
 * the validation cases (chooseInference), as nnU-Net decides its postprocessing.
 *
 * The region: pixels above `relative` × the maximum foreground probability, 8-connected to
 * the most probable pixel. Nothing is added when even the maximum is below `floor` (the
 * network sees no foreground at all). Returns `mask` itself when it is not empty.
 */
export function fillEmptyMask(mask: Uint8Array, fgProb: ArrayLike<number>, dims: readonly [number, number], relative = 0.5, floor = 0.02): Uint8Array {
  if (mask.some((v) => v !== 0)) return mask;
  let best = 0;
  for (let i = 1; i < fgProb.length; i++) if (fgProb[i] > fgProb[best]) best = i;
  const peak = fgProb[best] ?? 0;
  if (!(peak >= floor)) return mask;
  const cut = relative * peak;
  const above = new Uint8Array(fgProb.length);
  for (let i = 0; i < above.length; i++) above[i] = fgProb[i] >= cut ? 1 : 0;
  const cc = connectedComponents(above, dims, 8);
  const keep = cc.labels[best];
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < out.length; i++) if (cc.labels[i] === keep) out[i] = 1;
  return out;
}
