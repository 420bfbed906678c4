import { decode as decodePng, convertIndexedToRgb } from 'fast-png';
import { decode as decodeJpeg } from 'jpeg-js';
import type { Volume } from '../volume/Volume';
import { image2d } from '../volume/Volume';
import { MedSegError } from '../util/MedSegError';
import { DEFAULT_MAX_VOXELS } from './readNifti';

/** True for the 8-byte PNG signature. */
export function isPng(b: Uint8Array): boolean {
  return b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a;
}

/** True for the JPEG SOI marker followed by another marker. */
export function isJpeg(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

/**
 * Folds interleaved channels to one grey value per pixel: grey(+alpha) keeps grey,
 * RGB(A) uses Rec. 601 luminance rounded (exact for grey images saved as RGB). Alpha is dropped.
 */
export function toGrey<T extends Uint8Array | Uint16Array>(data: T, channels: number, n: number, make: (n: number) => T): T {
  if (channels === 1) return data.length === n ? data : (data.subarray(0, n) as T);
  const out = make(n);
  if (channels === 2) {
    for (let i = 0; i < n; i++) out[i] = data[2 * i];
  } else {
    for (let i = 0, p = 0; i < n; i++, p += channels) out[i] = Math.round(0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2]);
  }
  return out;
}

/** Unpacks 1/2/4-bit grey rows (byte-aligned, MSB first) to one byte per pixel, keeping raw values. */
function unpackBits(packed: Uint8Array, width: number, height: number, depth: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const rowBytes = Math.ceil((width * depth) / 8);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const byte = packed[y * rowBytes + (bit >> 3)];
      out[y * width + x] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

/** Decodes a PNG (1–16-bit grey, grey+alpha, RGB(A), palette) to a 2-D grey Volume `[w, h, 1]`. */
export function readPng(name: string, bytes: Uint8Array, maxVoxels = DEFAULT_MAX_VOXELS): Volume {
  if (!isPng(bytes)) throw new MedSegError('bad-magic', 'not a PNG file (missing PNG signature)', name);
  if (bytes.length >= 24) {
    const v = new DataView(bytes.buffer, bytes.byteOffset, 24);
    const w = v.getUint32(16), h = v.getUint32(20);
    if (w === 0 || h === 0) throw new MedSegError('bad-dims', `PNG is ${w}×${h}`, name);
    if (w * h > maxVoxels) throw new MedSegError('too-large', `PNG is ${w}×${h}, over the limit of ${maxVoxels} pixels`, name);
  }
  let png;
  try {
    png = decodePng(bytes);
  } catch (err) {
    throw new MedSegError('corrupt-image', `PNG could not be decoded (${err instanceof Error ? err.message : String(err)})`, name, { cause: err });
  }
  const { width, height, depth } = png;
  const n = width * height;
  let data = png.data;
  let channels = png.channels;
  if (png.palette) {
    data = convertIndexedToRgb(png);
    channels = data.length / n;
  } else if (depth < 8) {
    data = unpackBits(data as Uint8Array, width, height, depth);
    channels = 1;
  }
  if (data.length < n * channels) throw new MedSegError('corrupt-image', `PNG decoded to ${data.length} values, expected ${n * channels}`, name);
  if (data instanceof Uint16Array) {
    return image2d(toGrey(data, channels, n, (k) => new Uint16Array(k)), width, height, 'uint16', { format: 'png', channels, depth });
  }
  const grey = toGrey(data as Uint8Array, channels, n, (k) => new Uint8Array(k));
  return image2d(grey, width, height, 'uint8', { format: 'png', channels, depth });
}

/** Decodes a baseline/progressive JPEG to a 2-D grey Volume `[w, h, 1]` (uint8). */
export function readJpeg(name: string, bytes: Uint8Array, maxVoxels = DEFAULT_MAX_VOXELS): Volume {
  if (!isJpeg(bytes)) throw new MedSegError('bad-magic', 'not a JPEG file (missing SOI marker)', name);
  let img;
  try {
    img = decodeJpeg(bytes, {
      useTArray: true, formatAsRGBA: false, tolerantDecoding: true,
      maxResolutionInMP: Math.max(1, maxVoxels / 1e6), maxMemoryUsageInMB: 2048,
    });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const code = /maxResolutionInMP|maxMemoryUsage/i.test(msg) ? 'too-large' : 'corrupt-image';
    throw new MedSegError(code, `JPEG could not be decoded (${msg})`, name, { cause: err });
  }
  const { width, height } = img;
  const n = width * height;
  if (n === 0) throw new MedSegError('bad-dims', `JPEG is ${width}×${height}`, name);
  const channels = img.data.length / n;
  if (!Number.isInteger(channels) || channels < 1) throw new MedSegError('corrupt-image', `JPEG decoded to ${img.data.length} bytes for ${width}×${height}`, name);
  return image2d(toGrey(img.data, channels, n, (k) => new Uint8Array(k)), width, height, 'uint8', { format: 'jpeg', channels });
}
