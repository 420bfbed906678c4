import * as fs from 'fs';
import { decode } from 'fast-png';
import { sharedData } from '../../helpers/paths';
import { gaussianFilter2d } from '../../../src/core/augmentation/gaussianFilter';
import type { Sample2D } from '../../../src/core/preprocessing/Sample2D';

/** A figshare tumour mask (0/1, 512×512) decoded from PNG. */
export function loadFigshareMask(id: number): { mask: Uint8Array; width: number; height: number } {
  const png = decode(fs.readFileSync(sharedData('figshare-brain-tumor', 'masks', `${id}_mask.png`)));
  const mask = new Uint8Array(png.width * png.height);
  for (let i = 0; i < mask.length; i++) mask[i] = png.data[i * png.channels] > 0 ? 1 : 0;
  return { mask, width: png.width, height: png.height };
}

/** Whether the shared figshare data is present (tests skip with a reason otherwise). */
export function hasFigshare(): boolean {
  return fs.existsSync(sharedData('figshare-brain-tumor', 'masks', '1026_mask.png'));
}

/**
 * A 2-channel sample whose mask is exactly `channel0 > 50`: a real tumour outline, cropped to
 * `size`² around the tumour and smoothed (so interpolation is well-behaved), on a background of
 * 10 with a gentle gradient. Channel 1 is 0.5 × channel 0, to check channels move together.
 * Without shared data, a synthetic ellipse with a bump is used instead.
 */
export function alignedSample(size = 128): Sample2D {
  let src: Float32Array;
  if (hasFigshare()) {
    const { mask, width } = loadFigshareMask(1026);
    let sx = 0, sy = 0, n = 0;
    for (let i = 0; i < mask.length; i++) if (mask[i]) { sx += i % width; sy += Math.floor(i / width); n++; }
    const cx = Math.round(sx / n), cy = Math.round(sy / n);
    // Tumour off-centre (at a third of the crop) so rotations and zooms visibly move it.
    const x0 = Math.max(0, Math.min(width - size, cx - Math.round(size / 3)));
    const y0 = Math.max(0, Math.min(width - size, cy - Math.round(size / 3)));
    src = new Float32Array(size * size);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) src[y * size + x] = mask[(y + y0) * width + x + x0] * 100;
  } else {
    src = new Float32Array(size * size);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
      const u = (x - size * 0.45) / (size * 0.25), v = (y - size * 0.5) / (size * 0.15);
      const bump = ((x - size * 0.7) ** 2 + (y - size * 0.35) ** 2) < (size * 0.08) ** 2;
      src[y * size + x] = u * u + v * v < 1 || bump ? 100 : 0;
    }
  }
  const smooth = gaussianFilter2d(src, size, size, 2);
  const image = new Float32Array(size * size * 2);
  const mask = new Uint8Array(size * size);
  for (let i = 0; i < size * size; i++) {
    const v = smooth[i] + 10 + (5 * (i % size)) / size;
    image[i * 2] = v;
    image[i * 2 + 1] = 0.5 * v;
    mask[i] = v > 50 ? 1 : 0;
  }
  return { id: 'fig1026', image, width: size, height: size, channels: 2, mask, spacing: [0.49, 0.49] };
}

/** Dice between `channel0 > 50` of a sample's image and its mask, and pixel agreement. */
export function thresholdAgreement(s: Sample2D): { dice: number; agreement: number } {
  let tp = 0, fp = 0, fn = 0, same = 0;
  const n = s.width * s.height;
  for (let i = 0; i < n; i++) {
    const t = s.image[i * s.channels] > 50;
    const m = s.mask![i] !== 0;
    if (t === m) same++;
    if (t && m) tp++; else if (t) fp++; else if (m) fn++;
  }
  return { dice: (2 * tp) / Math.max(1, 2 * tp + fp + fn), agreement: same / n };
}
