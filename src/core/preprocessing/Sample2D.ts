import { MedSegError } from '../util/MedSegError';

/**
 * One 2-D training/inference sample: the unit that preprocessing, augmentation and the
 * training loop pass around.
 *
 * - `image` is channels-last and row-major: pixel (x, y) channel c lives at
 *   `image[(y * width + x) * channels + c]`, row 0 on top (the Volume 2-D convention).
 * - `mask`, when present, is an H×W label map (`mask[y * width + x]`) with labels 0..K-1.
 * - `label` is an image-level class (0..C-1) for the classification head.
 * - `spacing` is [x, y] pixel size in mm (metrics such as HD95 need it).
 */
export interface Sample2D {
  id: string;
  image: Float32Array;
  width: number;
  height: number;
  channels: number;
  mask?: Uint8Array;
  label?: number;
  spacing?: [number, number];
}

/** The case a sample belongs to: slices of a volume are `<case>#<k>` (see readDatasetCase); a 2-D image is its own case. */
export function caseIdOf(sampleId: string): string {
  return sampleId.replace(/#\d+$/, '');
}

/** Throws a MedSegError (`bad-sample`) naming the first inconsistent field. */
export function validateSample(s: Sample2D): void {
  const bad = (field: string, msg: string): never => {
    throw new MedSegError('bad-sample', `sample ${s.id}: ${field} ${msg}`);
  };
  for (const f of ['width', 'height', 'channels'] as const) {
    if (!Number.isInteger(s[f]) || s[f] < 1) bad(f, `must be a positive integer, got ${s[f]}`);
  }
  const n = s.width * s.height;
  if (s.image.length !== n * s.channels) bad('image', `has ${s.image.length} values, expected ${n * s.channels}`);
  if (s.mask && s.mask.length !== n) bad('mask', `has ${s.mask.length} values, expected ${n}`);
  if (s.label !== undefined && (!Number.isInteger(s.label) || s.label < 0)) bad('label', `must be a non-negative integer, got ${s.label}`);
  if (s.spacing && !(s.spacing.length === 2 && s.spacing.every((v) => v > 0 && Number.isFinite(v)))) {
    bad('spacing', `must be two positive numbers, got ${String(s.spacing)}`);
  }
}

/** Deep copy (typed arrays are copied), so transforms can return a new sample safely. */
export function cloneSample(s: Sample2D): Sample2D {
  const out: Sample2D = { ...s, image: s.image.slice() };
  if (s.mask) out.mask = s.mask.slice();
  if (s.spacing) out.spacing = [s.spacing[0], s.spacing[1]];
  return out;
}

/** Copies one channel out of a channels-last image into a new H×W plane. */
export function getChannel(s: Sample2D, c: number): Float32Array {
  const n = s.width * s.height;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = s.image[i * s.channels + c];
  return out;
}

/** Writes an H×W plane back into channel `c` of a channels-last image. */
export function setChannel(s: Sample2D, c: number, plane: ArrayLike<number>): void {
  const n = s.width * s.height;
  for (let i = 0; i < n; i++) s.image[i * s.channels + c] = plane[i];
}
