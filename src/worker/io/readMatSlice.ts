/**
 * Reads a figshare `cjdata` .mat slice into a raw Sample2D (image as stored, mask 0/1,
 * label 0-based: figshare 1..3 → 0..2). Adapter over core/io's figshare reader.
 */
import { readFigshareMat } from '../../core/io/readFigshareMat';
import type { Sample2D } from '../../core/preprocessing/Sample2D';

/** Reads one .mat slice. */
export async function readMatSlice(file: string, bytes: Uint8Array): Promise<Sample2D> {
  const c = await readFigshareMat(file, bytes);
  const [w, h] = c.image.dims;
  return {
    id: file,
    image: Float32Array.from(c.image.data),
    width: w,
    height: h,
    channels: 1,
    mask: Uint8Array.from(c.mask.data, (v) => (v ? 1 : 0)),
    label: c.label >= 1 ? c.label - 1 : undefined,
    spacing: [c.image.spacing[0], c.image.spacing[1]],
  };
}
