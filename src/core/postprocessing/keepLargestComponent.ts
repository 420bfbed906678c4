import { connectedComponents, type Connectivity } from './connectedComponents';

/**
 * Keeps only the largest connected component of a binary mask (ties: the first in memory
 * order), nnU-Net's "remove all but the largest component" postprocessing. An empty mask stays
 * empty. Output is 0/1.
 */
export function keepLargestComponent(mask: ArrayLike<number>, dims: readonly number[], connectivity?: Connectivity): Uint8Array {
  const cc = connectedComponents(mask, dims, connectivity);
  const out = new Uint8Array(mask.length);
  if (cc.count === 0) return out;
  const best = largest(cc.sizes);
  for (let i = 0; i < out.length; i++) if (cc.labels[i] === best) out[i] = 1;
  return out;
}

/**
 * Removes connected components smaller than `minSize` voxels from a binary mask (output 0/1):
 * drops speckle false positives that no radiologist would outline.
 */
export function removeSmallComponents(mask: ArrayLike<number>, dims: readonly number[], minSize: number, connectivity?: Connectivity): Uint8Array {
  const cc = connectedComponents(mask, dims, connectivity);
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < out.length; i++) {
    const k = cc.labels[i];
    if (k !== 0 && cc.sizes[k] >= minSize) out[i] = 1;
  }
  return out;
}

/** Id of the largest component (sizes[0] is the unused background slot). */
function largest(sizes: readonly number[]): number {
  let best = 1;
  for (let k = 2; k < sizes.length; k++) if (sizes[k] > sizes[best]) best = k;
  return best;
}
