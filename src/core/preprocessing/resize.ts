import { MedSegError } from '../util/MedSegError';
import type { Sample2D } from './Sample2D';
import { sampleCubicEdge, sampleNearest, samplerFor, type Interpolation } from './interpolate';

/**
 * Resizes a channels-last image to `outW × outH` with half-pixel centres (the convention of
 * `tf.image.resizeBilinear(..., halfPixelCenters=true)`, PIL and skimage): output pixel x maps
 * to input `(x + 0.5) * inW / outW - 0.5`. Edges are clamped/replicated (no constant border) so
 * the image does not darken or ring at its rim. No antialiasing: downsampling more than 2× aliases.
 */
export function resizeImage(
  img: Float32Array, inW: number, inH: number, channels: number, outW: number, outH: number,
  mode: Interpolation = 'bilinear',
): Float32Array {
  checkSize(outW, outH);
  const out = new Float32Array(outW * outH * channels);
  const sx = inW / outW;
  const sy = inH / outH;
  // Cubic taps can reach past the edge even for clamped coordinates: replicate the edge there.
  const sample = mode === 'cubic' ? sampleCubicEdge : samplerFor(mode);
  for (let y = 0; y < outH; y++) {
    const fy = clamp((y + 0.5) * sy - 0.5, 0, inH - 1);
    for (let x = 0; x < outW; x++) {
      const fx = clamp((x + 0.5) * sx - 0.5, 0, inW - 1);
      for (let c = 0; c < channels; c++) out[(y * outW + x) * channels + c] = sample(img, inW, inH, channels, c, fx, fy, 0);
    }
  }
  return out;
}

/** Nearest-neighbour resize of an H×W label map (labels never blend), same geometry as {@link resizeImage}. */
export function resizeMask(mask: Uint8Array, inW: number, inH: number, outW: number, outH: number): Uint8Array {
  checkSize(outW, outH);
  const out = new Uint8Array(outW * outH);
  const sx = inW / outW;
  const sy = inH / outH;
  for (let y = 0; y < outH; y++) {
    const fy = clamp((y + 0.5) * sy - 0.5, 0, inH - 1);
    for (let x = 0; x < outW; x++) {
      const fx = clamp((x + 0.5) * sx - 0.5, 0, inW - 1);
      out[y * outW + x] = sampleNearest(mask, inW, inH, 1, 0, fx, fy, 0);
    }
  }
  return out;
}

/** Resizes image (bilinear by default) and mask (nearest) together; spacing is updated so mm stay mm. */
export function resizeSample(s: Sample2D, outW: number, outH: number, mode: Interpolation = 'bilinear'): Sample2D {
  const out: Sample2D = {
    ...s, width: outW, height: outH,
    image: resizeImage(s.image, s.width, s.height, s.channels, outW, outH, mode),
  };
  if (s.mask) out.mask = resizeMask(s.mask, s.width, s.height, outW, outH);
  if (s.spacing) out.spacing = [(s.spacing[0] * s.width) / outW, (s.spacing[1] * s.height) / outH];
  return out;
}

/** Where the original content sits after {@link padOrCropSample}, to undo it at inference. */
export interface PadCropInfo {
  /** Offset of the input's (0,0) in the output (negative when cropped). */
  offsetX: number;
  offsetY: number;
  inWidth: number;
  inHeight: number;
}

/**
 * Centre pad (with `padValue`, mask with 0) or centre crop each axis to exactly `outW × outH`,
 * without resampling. Odd differences put the extra pixel at the end (right/bottom), like
 * nnU-Net's `pad_nd_image`.
 */
export function padOrCropSample(s: Sample2D, outW: number, outH: number, padValue = 0): { sample: Sample2D; info: PadCropInfo } {
  checkSize(outW, outH);
  const offsetX = Math.floor((outW - s.width) / 2);
  const offsetY = Math.floor((outH - s.height) / 2);
  const C = s.channels;
  const image = new Float32Array(outW * outH * C).fill(padValue);
  const mask = s.mask ? new Uint8Array(outW * outH) : undefined;
  for (let y = 0; y < outH; y++) {
    const sy = y - offsetY;
    if (sy < 0 || sy >= s.height) continue;
    for (let x = 0; x < outW; x++) {
      const sx = x - offsetX;
      if (sx < 0 || sx >= s.width) continue;
      const si = sy * s.width + sx;
      const di = y * outW + x;
      for (let c = 0; c < C; c++) image[di * C + c] = s.image[si * C + c];
      if (mask && s.mask) mask[di] = s.mask[si];
    }
  }
  const sample: Sample2D = { ...s, width: outW, height: outH, image };
  if (mask) sample.mask = mask;
  return { sample, info: { offsetX, offsetY, inWidth: s.width, inHeight: s.height } };
}


function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function checkSize(w: number, h: number): void {
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1) {
    throw new MedSegError('bad-size', `target size must be positive integers, got ${w}×${h}`);
  }
}
