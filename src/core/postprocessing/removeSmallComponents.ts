import { connectedComponents, type Connectivity } from './connectedComponents';

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
