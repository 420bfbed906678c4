import { validateSample, type Sample2D } from '../preprocessing/Sample2D';
import type { Rng } from '../util/random';
import type { AugmentationConfig } from './AugmentationConfig';
import { applySpatialTransform, drawSpatialParams, type SpatialParams } from './spatialTransform';
import {
  brightnessAdditive, brightnessMultiplicative, contrast, gamma, gaussianBlur, gaussianNoise, simulateLowResolution,
} from './intensityTransforms';

/** What {@link augmentWithLog} applied, for debugging views and tests. */
export interface AugmentationLog {
  spatial: SpatialParams;
  /** Names of intensity transforms that fired, in order. */
  intensity: string[];
}

/**
 * Augments one sample: spatial transforms (one composed resampling, image and mask together)
 * then intensity transforms on the image only, in nnU-Net's order (noise, blur, multiplicative
 * brightness, contrast, low resolution, inverted gamma, additive brightness, gamma). The input is not
 * modified. Deterministic: the same `rng` state and config give the same output. Throws
 * MedSegError `bad-sample` for inconsistent samples. `cfg` is trusted: validate user input with
 * `validateAugmentationConfig`/`resolveAugmentationConfig` first.
 */
export function augment(sample: Sample2D, cfg: AugmentationConfig, rng: Rng): Sample2D {
  return augmentWithLog(sample, cfg, rng).sample;
}

/** {@link augment}, also returning which transforms fired. */
export function augmentWithLog(sample: Sample2D, cfg: AugmentationConfig, rng: Rng): { sample: Sample2D; log: AugmentationLog } {
  // Cheap, and a mis-sized mask would otherwise be resampled into silent garbage.
  validateSample(sample);
  const { width: w, height: h, channels: C } = sample;
  const spatial = drawSpatialParams(cfg, w, h, rng);
  const out = applySpatialTransform(sample, spatial, cfg.interpolation);
  const img = out.image;
  const fired: string[] = [];
  if (rng.bool(cfg.gaussianNoise.p)) { gaussianNoise(img, cfg.gaussianNoise.variance, rng); fired.push('gaussianNoise'); }
  if (rng.bool(cfg.gaussianBlur.p)) { gaussianBlur(img, w, h, C, cfg.gaussianBlur.sigma, cfg.gaussianBlur.pPerChannel, rng); fired.push('gaussianBlur'); }
  if (rng.bool(cfg.brightnessMultiplicative.p)) {
    brightnessMultiplicative(img, C, cfg.brightnessMultiplicative.range, cfg.brightnessMultiplicative.perChannel, rng);
    fired.push('brightnessMultiplicative');
  }
  if (rng.bool(cfg.contrast.p)) { contrast(img, C, cfg.contrast.range, cfg.contrast.preserveRange, rng); fired.push('contrast'); }
  if (rng.bool(cfg.lowResolution.p)) {
    simulateLowResolution(img, w, h, C, cfg.lowResolution.zoomRange, cfg.lowResolution.pPerChannel, rng);
    fired.push('lowResolution');
  }
  if (rng.bool(cfg.invertedGamma.p)) { gamma(img, C, cfg.invertedGamma.range, cfg.invertedGamma.retainStats, true, rng); fired.push('invertedGamma'); }
  if (rng.bool(cfg.brightnessAdditive.p)) {
    const b = cfg.brightnessAdditive;
    brightnessAdditive(img, C, b.mu, b.sigma, b.pPerChannel, rng);
    fired.push('brightnessAdditive');
  }
  if (rng.bool(cfg.gamma.p)) { gamma(img, C, cfg.gamma.range, cfg.gamma.retainStats, false, rng); fired.push('gamma'); }
  return { sample: out, log: { spatial, intensity: fired } };
}
