import type { Rng } from '../util/random';
import type { Sample2D } from './Sample2D';
import { cropSample } from './cropToNonZero';
import { padOrCropSample } from './resize';

/**
 * Draws a `size × size` training patch from a sample (nnU-Net patch sampling in 2-D). Smaller
 * samples are first centre-padded (image with `padValue`, mask with 0). With
 * `forceForeground`, the patch is centred (up to the image border) on a uniformly drawn
 * foreground pixel of the mask, so oversampled items really show tumour; otherwise, or when the
 * mask is empty, the patch position is uniform.
 */
export function randomCrop(s: Sample2D, size: [number, number], rng: Rng, forceForeground = false, padValue = 0): Sample2D {
  const [pw, ph] = size;
  let src = s;
  if (s.width < pw || s.height < ph) {
    src = padOrCropSample(s, Math.max(pw, s.width), Math.max(ph, s.height), padValue).sample;
  }
  const maxX = src.width - pw;
  const maxY = src.height - ph;
  let x0 = -1;
  let y0 = -1;
  if (forceForeground && src.mask) {
    const fg: number[] = [];
    for (let i = 0; i < src.mask.length; i++) if (src.mask[i] !== 0) fg.push(i);
    if (fg.length) {
      const c = rng.pick(fg);
      const cx = c % src.width;
      const cy = Math.floor(c / src.width);
      x0 = clamp(cx - Math.floor(pw / 2), 0, maxX);
      y0 = clamp(cy - Math.floor(ph / 2), 0, maxY);
    }
  }
  if (x0 < 0) {
    x0 = rng.int(0, maxX + 1);
    y0 = rng.int(0, maxY + 1);
  }
  return cropSample(src, { x0, y0, x1: x0 + pw, y1: y0 + ph });
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
