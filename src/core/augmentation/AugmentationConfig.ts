import { MedSegError } from '../util/MedSegError';

/** Inclusive [min, max] range a value is drawn uniformly from. */
export type Range = [number, number];

/**
 * Paired 2-D augmentation settings. Every transform has its own probability `p` (per sample),
 * as in nnU-Net/batchgenerators. Spatial transforms (rotation, scaling, elastic, flips) are
 * composed into one coordinate map and applied to every image channel and the mask in a
 * single resampling; intensity transforms touch the image only.
 */
export interface AugmentationConfig {
  /** Preset name this config came from, for logs. */
  name: string;
  /** In-plane rotation by an angle drawn from ±`maxDegrees` (nnU-Net 2-D: ±180°). */
  rotation: { p: number; maxDegrees: number };
  /**
   * Zoom by a factor drawn from `range`; >1 enlarges the content. `perAxisP` is the chance
   * that x and y get independent factors (nnU-Net's independent_scale_for_each_axis).
   */
  scaling: { p: number; range: Range; perAxisP: number };
  /**
   * Elastic deformation: per axis, uniform noise in [-1,1] Gaussian-smoothed into a displacement
   * field. With `deformationScale` null: smoothed with `sigma` (pixels) and multiplied by
   * `alpha` (batchgenerators' SpatialTransform, nnU-Net default params). With
   * `deformationScale` [lo, hi] (SpatialTransform_2, used by nnU-Net's DA3): a scale s is drawn
   * from it, σ = s × image size per axis, and the field is rescaled so its largest displacement
   * is drawn from [σ/8, σ/2]; `alpha`/`sigma` are then ignored. The second form adapts to the
   * image size, which suits images of different sizes.
   */
  elastic: { p: number; alpha: Range; sigma: Range; deformationScale: Range | null };
  /** Mirror left-right (`pX`) and top-bottom (`pY`), independently. */
  flip: { pX: number; pY: number };
  /** Image interpolation for spatial transforms; masks always use nearest. */
  interpolation: 'bilinear' | 'cubic';
  /** Multiply each channel (or the whole image) by a factor from `range`. */
  brightnessMultiplicative: { p: number; range: Range; perChannel: boolean };
  /** Add a value drawn from N(mu, sigma) per channel (nnU-Net's BrightnessTransform). */
  brightnessAdditive: { p: number; mu: number; sigma: number; pPerChannel: number };
  /** Scale deviations from the mean by a factor from `range`; `preserveRange` clips to the old min/max. */
  contrast: { p: number; range: Range; preserveRange: boolean };
  /**
   * Gamma on the min-max normalised image; with prob. 0.5 gamma < 1 (drawn from [range0, 1]),
   * else from [max(range0, 1), range1]. `retainStats` restores mean and std afterwards.
   */
  gamma: { p: number; range: Range; retainStats: boolean };
  /** Same as gamma but on the inverted image (brightens dark structures instead). */
  invertedGamma: { p: number; range: Range; retainStats: boolean };
  /** Additive Gaussian noise with variance drawn from `variance`. */
  gaussianNoise: { p: number; variance: Range };
  /** Gaussian blur with sigma (pixels) from `sigma`, each channel blurred with `pPerChannel`. */
  gaussianBlur: { p: number; sigma: Range; pPerChannel: number };
  /**
   * Simulated low resolution: each channel (with `pPerChannel`) is downsampled by a zoom from
   * `zoomRange` with nearest neighbour and upsampled back with cubic interpolation.
   */
  lowResolution: { p: number; zoomRange: Range; pPerChannel: number };
}

/** Names of the built-in presets. */
export type AugmentationPresetName = 'none' | 'nnunet-default' | 'nnunet-brats-da3' | 'light-2d';

const OFF: AugmentationConfig = {
  name: 'none',
  rotation: { p: 0, maxDegrees: 180 },
  scaling: { p: 0, range: [0.7, 1.4], perAxisP: 0 },
  elastic: { p: 0, alpha: [0, 200], sigma: [9, 13], deformationScale: null },
  flip: { pX: 0, pY: 0 },
  interpolation: 'bilinear',
  brightnessMultiplicative: { p: 0, range: [0.75, 1.25], perChannel: true },
  brightnessAdditive: { p: 0, mu: 0, sigma: 0.1, pPerChannel: 1 },
  contrast: { p: 0, range: [0.75, 1.25], preserveRange: true },
  gamma: { p: 0, range: [0.7, 1.5], retainStats: true },
  invertedGamma: { p: 0, range: [0.7, 1.5], retainStats: true },
  gaussianNoise: { p: 0, variance: [0, 0.1] },
  gaussianBlur: { p: 0, sigma: [0.5, 1], pPerChannel: 0.5 },
  lowResolution: { p: 0, zoomRange: [0.5, 1], pPerChannel: 0.5 },
};

/**
 * Returns a fresh copy of a preset.
 * - `light-2d`: rotation ±20° and zoom 0.8–1.25 (p 0.5 each), flips, mild noise, brightness,
 *   contrast and gamma (p 0.15–0.3): for head-cropped 2-D slices.
 * - `none`: identity.
 * - `nnunet-default`: nnU-Net v1/v2 2-D defaults (rotation p=0.2 ±180°, scaling p=0.2 0.7–1.4,
 *   no elastic, mirror 0.5/axis, noise 0.1, blur 0.2, brightness×0.15, contrast 0.15,
 *   low resolution 0.25, inverted gamma 0.1, gamma 0.3 (0.7–1.5), retain stats).
 * - `nnunet-brats-da3`: nnUNetTrainerV2_DA3 (the heavier augmentation nnU-Net used for BraTS):
 *   rotation and scaling p=0.3, scale 0.65–1.6 with per-axis factors at p=0.3, elastic p=0.3
 *   with deformation scale 0–0.25, noise 0.15, blur 0.2 (0.5–1.5), brightness×0.15 (0.7–1.3),
 *   contrast 0.15 (0.65–1.5), low resolution 0.25, inverted gamma 0.15, additive brightness
 *   N(0, 0.2) p=0.3, gamma p=0.3, gamma range 0.5–1.6.
 *
 * Deliberate differences from nnU-Net: images are resampled bilinearly, not with cubic splines
 * (set `interpolation: 'cubic'` for Keys cubic; ~5× slower on CPU); the brain-mask
 * re-zeroing (`MaskTransform`) is not applied.
 */
export function augmentationPreset(name: AugmentationPresetName): AugmentationConfig {
  const base = structuredCloneConfig(OFF);
  switch (name) {
    case 'none':
      return base;
    case 'nnunet-default':
      return {
        ...base, name,
        rotation: { p: 0.2, maxDegrees: 180 },
        scaling: { p: 0.2, range: [0.7, 1.4], perAxisP: 0 },
        flip: { pX: 0.5, pY: 0.5 },
        gaussianNoise: { p: 0.1, variance: [0, 0.1] },
        gaussianBlur: { p: 0.2, sigma: [0.5, 1], pPerChannel: 0.5 },
        lowResolution: { p: 0.25, zoomRange: [0.5, 1], pPerChannel: 0.5 },
        brightnessMultiplicative: { p: 0.15, range: [0.75, 1.25], perChannel: true },
        contrast: { p: 0.15, range: [0.75, 1.25], preserveRange: true },
        invertedGamma: { p: 0.1, range: [0.7, 1.5], retainStats: true },
        gamma: { p: 0.3, range: [0.7, 1.5], retainStats: true },
      };
    case 'light-2d':
      // Head-cropped 2-D slices keep their pose: small rotations and zooms, every sample flipped
      // at random, frequent mild intensity changes (the PyTorch baseline's recipe).
      return {
        ...base, name,
        rotation: { p: 0.5, maxDegrees: 20 },
        scaling: { p: 0.5, range: [0.8, 1.25], perAxisP: 0 },
        flip: { pX: 0.5, pY: 0.5 },
        gaussianNoise: { p: 0.15, variance: [0, 0.05] },
        brightnessMultiplicative: { p: 0.3, range: [0.8, 1.2], perChannel: true },
        contrast: { p: 0.3, range: [0.8, 1.2], preserveRange: true },
        gamma: { p: 0.3, range: [0.8, 1.25], retainStats: true },
      };
    case 'nnunet-brats-da3':
      return {
        ...base, name,
        rotation: { p: 0.3, maxDegrees: 180 },
        scaling: { p: 0.3, range: [0.65, 1.6], perAxisP: 0.3 },
        elastic: { p: 0.3, alpha: [0, 200], sigma: [9, 13], deformationScale: [0, 0.25] },
        flip: { pX: 0.5, pY: 0.5 },
        gaussianNoise: { p: 0.15, variance: [0, 0.1] },
        gaussianBlur: { p: 0.2, sigma: [0.5, 1.5], pPerChannel: 0.5 },
        lowResolution: { p: 0.25, zoomRange: [0.5, 1], pPerChannel: 0.5 },
        brightnessMultiplicative: { p: 0.15, range: [0.7, 1.3], perChannel: true },
        brightnessAdditive: { p: 0.3, mu: 0, sigma: 0.2, pPerChannel: 1 },
        contrast: { p: 0.15, range: [0.65, 1.5], preserveRange: true },
        invertedGamma: { p: 0.15, range: [0.5, 1.6], retainStats: true },
        gamma: { p: 0.3, range: [0.5, 1.6], retainStats: true },
      };
  }
}

/** All preset names, for UIs and CLI help. */
export const AUGMENTATION_PRESETS: readonly AugmentationPresetName[] = ['none', 'nnunet-default', 'nnunet-brats-da3', 'light-2d'];

function structuredCloneConfig(c: AugmentationConfig): AugmentationConfig {
  return JSON.parse(JSON.stringify(c)) as AugmentationConfig;
}

/** Deep partial of the config, for overrides on top of a preset. */
export type AugmentationOverrides = { [K in keyof AugmentationConfig]?: AugmentationConfig[K] extends object ? Partial<AugmentationConfig[K]> : AugmentationConfig[K] };

/**
 * Builds a config from a preset name plus overrides (e.g. from settings JSON), then validates.
 * Unknown keys are rejected so typos ("rotaton") do not silently disable a transform.
 */
export function resolveAugmentationConfig(preset: string, overrides: unknown = {}): AugmentationConfig {
  if (!(AUGMENTATION_PRESETS as readonly string[]).includes(preset)) {
    throw new MedSegError('bad-config', `augmentation.preset: unknown preset "${preset}" (expected ${AUGMENTATION_PRESETS.join(', ')})`);
  }
  const cfg = augmentationPreset(preset as AugmentationPresetName) as unknown as Record<string, unknown>;
  if (!isObject(overrides)) throw new MedSegError('bad-config', 'augmentation: overrides must be an object');
  for (const [k, v] of Object.entries(overrides)) {
    if (!(k in cfg)) throw new MedSegError('bad-config', `augmentation.${k}: unknown setting`);
    const cur = cfg[k];
    if (isObject(cur)) {
      if (!isObject(v)) throw new MedSegError('bad-config', `augmentation.${k}: must be an object`);
      for (const sk of Object.keys(v)) {
        if (!(sk in cur)) throw new MedSegError('bad-config', `augmentation.${k}.${sk}: unknown setting`);
      }
      cfg[k] = { ...cur, ...v };
    } else {
      cfg[k] = v;
    }
  }
  return validateAugmentationConfig(cfg);
}

/**
 * Checks every field of a config (types, probabilities in [0,1], ordered positive ranges) and
 * returns it typed. Throws MedSegError `bad-config` whose message names the field, e.g.
 * `augmentation.scaling.range: min must be <= max`.
 */
export function validateAugmentationConfig(raw: unknown): AugmentationConfig {
  if (!isObject(raw)) throw new MedSegError('bad-config', 'augmentation: must be an object');
  const f = (path: string): never => { throw new MedSegError('bad-config', `augmentation.${path}`); };
  const obj = (k: string): Record<string, unknown> => {
    const v = raw[k];
    if (!isObject(v)) f(`${k}: must be an object`);
    return v as Record<string, unknown>;
  };
  const num = (o: Record<string, unknown>, path: string, key: string, lo = -Infinity, hi = Infinity): void => {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) f(`${path}.${key}: must be a finite number, got ${JSON.stringify(v)}`);
    else if (v < lo || v > hi) f(`${path}.${key}: must be in [${lo}, ${hi}], got ${v}`);
  };
  const prob = (o: Record<string, unknown>, path: string, key = 'p'): void => num(o, path, key, 0, 1);
  const range = (o: Record<string, unknown>, path: string, key: string, lo = -Infinity): void => {
    const v = o[key];
    if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      f(`${path}.${key}: must be [min, max] numbers, got ${JSON.stringify(v)}`);
    }
    const [a, b] = v as number[];
    if (a > b) f(`${path}.${key}: min must be <= max, got [${a}, ${b}]`);
    if (a < lo) f(`${path}.${key}: values must be >= ${lo}, got ${a}`);
  };
  const bool = (o: Record<string, unknown>, path: string, key: string): void => {
    if (typeof o[key] !== 'boolean') f(`${path}.${key}: must be true or false`);
  };
  if (typeof raw.name !== 'string') f('name: must be a string');
  if (raw.interpolation !== 'bilinear' && raw.interpolation !== 'cubic') f(`interpolation: must be "bilinear" or "cubic", got ${JSON.stringify(raw.interpolation)}`);

  let o = obj('rotation'); prob(o, 'rotation'); num(o, 'rotation', 'maxDegrees', 0, 180);
  o = obj('scaling'); prob(o, 'scaling'); range(o, 'scaling', 'range'); prob(o, 'scaling', 'perAxisP');
  if ((o.range as number[])[0] <= 0) f('scaling.range: factors must be > 0');
  o = obj('elastic'); prob(o, 'elastic'); range(o, 'elastic', 'alpha', 0); range(o, 'elastic', 'sigma', 0);
  if ((o.sigma as number[])[0] <= 0) f('elastic.sigma: must be > 0');
  if (o.deformationScale !== null) {
    range(o, 'elastic', 'deformationScale', 0);
    if ((o.deformationScale as number[])[1] > 1) f('elastic.deformationScale: must be a fraction of the image size in [0, 1]');
  }
  o = obj('flip'); prob(o, 'flip', 'pX'); prob(o, 'flip', 'pY');
  o = obj('brightnessMultiplicative'); prob(o, 'brightnessMultiplicative'); range(o, 'brightnessMultiplicative', 'range', 0); bool(o, 'brightnessMultiplicative', 'perChannel');
  o = obj('brightnessAdditive'); prob(o, 'brightnessAdditive'); num(o, 'brightnessAdditive', 'mu'); num(o, 'brightnessAdditive', 'sigma', 0); prob(o, 'brightnessAdditive', 'pPerChannel');
  o = obj('contrast'); prob(o, 'contrast'); range(o, 'contrast', 'range', 0); bool(o, 'contrast', 'preserveRange');
  for (const g of ['gamma', 'invertedGamma']) {
    o = obj(g); prob(o, g); range(o, g, 'range', 0); bool(o, g, 'retainStats');
    if ((o.range as number[])[0] <= 0) f(`${g}.range: gamma must be > 0`);
  }
  o = obj('gaussianNoise'); prob(o, 'gaussianNoise'); range(o, 'gaussianNoise', 'variance', 0);
  o = obj('gaussianBlur'); prob(o, 'gaussianBlur'); range(o, 'gaussianBlur', 'sigma', 0); prob(o, 'gaussianBlur', 'pPerChannel');
  o = obj('lowResolution'); prob(o, 'lowResolution'); range(o, 'lowResolution', 'zoomRange', 0); prob(o, 'lowResolution', 'pPerChannel');
  if ((o.zoomRange as number[])[0] <= 0 || (o.zoomRange as number[])[1] > 1) f('lowResolution.zoomRange: zoom must be in (0, 1]');
  for (const k of Object.keys(raw)) if (!(k in OFF)) f(`${k}: unknown setting`);
  return raw as unknown as AugmentationConfig;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
