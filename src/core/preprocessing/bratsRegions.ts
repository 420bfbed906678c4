/**
 * BraTS region handling. BraTS labels are 0 background, 1 necrotic/non-enhancing core (NCR/NET),
 * 2 peritumoural oedema (ED), 4 enhancing tumour (ET). Training and evaluation use the nested
 * regions (nnU-Net's region-based training), each a sigmoid output:
 * whole tumour WT = {1,2,4}, tumour core TC = {1,4}, enhancing tumour ET = {4}.
 */

/** The three evaluated regions as label sets, in output-channel order. */
export const BRATS_REGIONS: Readonly<Record<'WT' | 'TC' | 'ET', readonly number[]>> = Object.freeze({
  WT: Object.freeze([1, 2, 4]),
  TC: Object.freeze([1, 4]),
  ET: Object.freeze([4]),
});

/** Region names in channel order. */
export const BRATS_REGION_NAMES = ['WT', 'TC', 'ET'] as const;

/**
 * Label map {0,1,2,4} → channels-last 3-channel binary map [WT, TC, ET] (`out[i*3 + r]`).
 * Also accepts the remapped labelling {0,1,2,3} when `etLabel` is 3.
 */
export function labelsToBratsRegions(mask: ArrayLike<number>, etLabel = 4): Uint8Array {
  const out = new Uint8Array(mask.length * 3);
  for (let i = 0; i < mask.length; i++) {
    const v = mask[i];
    const et = v === etLabel;
    const tc = et || v === 1;
    const wt = tc || v === 2;
    out[i * 3] = wt ? 1 : 0;
    out[i * 3 + 1] = tc ? 1 : 0;
    out[i * 3 + 2] = et ? 1 : 0;
  }
  return out;
}

/**
 * Region probabilities/binary channels-last [WT, TC, ET] → label map, the way nnU-Net converts
 * region predictions back: a voxel is 2 if in WT, overwritten by 1 if in TC, by `etLabel` if
 * in ET. Nesting is thereby enforced even when the network's channels disagree.
 */
export function bratsRegionsToLabels(regions: ArrayLike<number>, threshold = 0.5, etLabel = 4): Uint8Array {
  const n = regions.length / 3;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let l = 0;
    if (regions[i * 3] > threshold) l = 2;
    if (regions[i * 3 + 1] > threshold) l = 1;
    if (regions[i * 3 + 2] > threshold) l = etLabel;
    out[i] = l;
  }
  return out;
}
