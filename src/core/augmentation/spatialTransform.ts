import type { Sample2D } from '../preprocessing/Sample2D';
import { resampleChannels } from '../preprocessing/interpolate';
import type { Rng } from '../util/random';
import type { AugmentationConfig } from './AugmentationConfig';
import { gaussianFilter2d, gaussianFilterCoarse } from './gaussianFilter';

/**
 * The drawn parameters of one spatial augmentation. Kept explicit (rather than drawing inside
 * the resampler) so tests can apply a single known transform and so the composition into one
 * coordinate map is visible in one place.
 */
export interface SpatialParams {
  /**
   * Rotation angle in radians about the image centre. Output (x, y) reads the input at
   * R(angle)·(x − c, y − c) + c, so with y pointing down the content turns counter-clockwise
   * as displayed for a positive angle (draws are symmetric, so the sign only matters to tests).
   */
  angle: number;
  /** Content zoom per axis; 2 makes structures twice as large. */
  scaleX: number;
  scaleY: number;
  flipX: boolean;
  flipY: boolean;
  /** Elastic displacement (output-pixel units) per output pixel, or undefined for none. */
  displacement?: { dx: Float32Array; dy: Float32Array };
}

/** Parameters that leave the image unchanged. */
export function identitySpatialParams(): SpatialParams {
  return { angle: 0, scaleX: 1, scaleY: 1, flipX: false, flipY: false };
}

/** Whether the parameters change anything (so the resampling can be skipped). */
export function isIdentity(p: SpatialParams): boolean {
  return p.angle === 0 && p.scaleX === 1 && p.scaleY === 1 && !p.flipX && !p.flipY && !p.displacement;
}

/**
 * Draws the spatial parameters for one sample: each of elastic, rotation, scaling, flip-x and
 * flip-y is applied with its own probability. The draw order is fixed so a seed always gives
 * the same parameters.
 */
export function drawSpatialParams(cfg: AugmentationConfig, w: number, h: number, rng: Rng): SpatialParams {
  const p = identitySpatialParams();
  if (rng.bool(cfg.elastic.p)) {
    const ds = cfg.elastic.deformationScale;
    if (ds) {
      // SpatialTransform_2: σ relative to the image size, peak displacement in [σ/8, σ/2].
      const s = rng.uniform(ds[0], ds[1]);
      const sx = s * w, sy = s * h;
      const magX = rng.uniform(sx / 8, sx / 2);
      const magY = rng.uniform(sy / 8, sy / 2);
      p.displacement = { dx: normalisedField(w, h, sx, sy, magX, rng), dy: normalisedField(w, h, sx, sy, magY, rng) };
    } else {
      const alpha = rng.uniform(cfg.elastic.alpha[0], cfg.elastic.alpha[1]);
      const sigma = rng.uniform(cfg.elastic.sigma[0], cfg.elastic.sigma[1]);
      p.displacement = { dx: elasticField(w, h, alpha, sigma, rng), dy: elasticField(w, h, alpha, sigma, rng) };
    }
  }
  if (rng.bool(cfg.rotation.p)) {
    const m = (cfg.rotation.maxDegrees * Math.PI) / 180;
    p.angle = rng.uniform(-m, m);
  }
  if (rng.bool(cfg.scaling.p)) {
    const [lo, hi] = cfg.scaling.range;
    const draw = (): number => drawScale(lo, hi, rng);
    if (rng.bool(cfg.scaling.perAxisP)) {
      p.scaleX = draw();
      p.scaleY = draw();
    } else {
      p.scaleX = p.scaleY = draw();
    }
  }
  p.flipX = rng.bool(cfg.flip.pX);
  p.flipY = rng.bool(cfg.flip.pY);
  return p;
}

/**
 * batchgenerators draws zoom < 1 and > 1 with equal chance when the range spans 1, so
 * a range like 0.65–1.6 does not mostly enlarge. Same here.
 */
function drawScale(lo: number, hi: number, rng: Rng): number {
  if (lo < 1 && hi > 1) return rng.bool(0.5) ? rng.uniform(lo, 1) : rng.uniform(1, hi);
  return rng.uniform(lo, hi);
}

/**
 * Smoothed uniform noise × alpha: batchgenerators' `create_deformation_coords` per axis.
 * The Gaussian-smoothed field is so smooth (σ ≥ 9 px in the presets) that it is evaluated on
 * every `step`-th pixel only and bilinearly interpolated in between (step = ⌊σ/3⌋, relative
 * error ≈ step²/(8σ²) < 2%), which makes elastic deformation ~10× cheaper. The noise itself is
 * drawn at full resolution, so the field's statistics are those of batchgenerators.
 */
function elasticField(w: number, h: number, alpha: number, sigma: number, rng: Rng): Float32Array {
  const noise = new Float32Array(w * h);
  for (let i = 0; i < noise.length; i++) noise[i] = rng.uniform(-1, 1);
  const step = Math.max(1, Math.floor(sigma / 3));
  const s = step === 1 ? gaussianFilter2d(noise, w, h, sigma) : gaussianFilterCoarse(noise, w, h, sigma, step);
  for (let i = 0; i < s.length; i++) s[i] *= alpha;
  return s;
}

/** Smoothed noise (σx, σy) rescaled so its largest absolute value is `magnitude` (batchgenerators' elastic_deform_coordinates_2). */
function normalisedField(w: number, h: number, sx: number, sy: number, magnitude: number, rng: Rng): Float32Array {
  const noise = new Float32Array(w * h);
  for (let i = 0; i < noise.length; i++) noise[i] = rng.uniform(-1, 1);
  const stepX = Math.max(1, Math.floor(sx / 3));
  const stepY = Math.max(1, Math.floor(sy / 3));
  const f = sx > 0 && sy > 0 ? gaussianFilterCoarse(noise, w, h, sx, stepX, sy, stepY) : noise;
  let mx = 0;
  for (let i = 0; i < f.length; i++) mx = Math.max(mx, Math.abs(f[i]));
  const k = magnitude / (mx + 1e-8);
  for (let i = 0; i < f.length; i++) f[i] *= k;
  return f;
}

/**
 * The one coordinate map for all spatial transforms: for every output pixel, where to read in
 * the input. Composition (as batchgenerators): centred output coordinate → flip → add elastic
 * displacement → undo zoom → rotate → back to input pixel coordinates. Composing first and
 * interpolating once avoids the blur that chaining resamplings would add.
 */
export function buildCoordinateMap(p: SpatialParams, w: number, h: number): { xs: Float32Array; ys: Float32Array } {
  const xs = new Float32Array(w * h);
  const ys = new Float32Array(w * h);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const cos = Math.cos(p.angle);
  const sin = Math.sin(p.angle);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      // Flipping the output = reading the map at the mirrored output pixel.
      const fx = p.flipX ? w - 1 - x : x;
      const fy = p.flipY ? h - 1 - y : y;
      const fi = fy * w + fx;
      let u = fx - cx;
      let v = fy - cy;
      if (p.displacement) {
        u += p.displacement.dx[fi];
        v += p.displacement.dy[fi];
      }
      u /= p.scaleX;
      v /= p.scaleY;
      xs[i] = cos * u - sin * v + cx;
      ys[i] = sin * u + cos * v + cy;
    }
  }
  return { xs, ys };
}

/**
 * Resamples every image channel (bilinear or cubic) and the mask (nearest, so labels never
 * blend) on the same coordinate map. Outside the input, image reads `cval` and mask reads 0.
 */
export function applySpatialTransform(
  s: Sample2D, p: SpatialParams, interpolation: 'bilinear' | 'cubic' = 'bilinear', cval = 0,
): Sample2D {
  if (isIdentity(p)) return { ...s, image: s.image.slice(), ...(s.mask ? { mask: s.mask.slice() } : {}) };
  const { width: w, height: h, channels: C } = s;
  const { xs, ys } = buildCoordinateMap(p, w, h);
  const image = resampleChannels(s.image, w, h, C, xs, ys, interpolation, cval);
  let mask: Uint8Array | undefined;
  if (s.mask) mask = Uint8Array.from(resampleChannels(s.mask, w, h, 1, xs, ys, 'nearest', 0));
  const out: Sample2D = { ...s, image };
  if (mask) out.mask = mask;
  return out;
}
