import * as assert from 'assert';
import { augment } from '../../../src/core/augmentation/augment';
import { augmentationPreset, type AugmentationConfig } from '../../../src/core/augmentation/AugmentationConfig';
import { contrast, gamma, gaussianBlur, gaussianNoise, simulateLowResolution } from '../../../src/core/augmentation/intensityTransforms';
import { Rng } from '../../../src/core/util/random';
import { alignedSample } from './fixtures';

function stats(img: Float32Array, channels = 1, c = 0) {
  let s = 0, n = 0, min = Infinity, max = -Infinity;
  for (let i = c; i < img.length; i += channels) { s += img[i]; n++; min = Math.min(min, img[i]); max = Math.max(max, img[i]); }
  const mean = s / n;
  let ss = 0;
  for (let i = c; i < img.length; i += channels) ss += (img[i] - mean) ** 2;
  return { mean, std: Math.sqrt(ss / n), min, max };
}

describe('intensity augmentation', () => {
  it('never touches the mask, but does change the image', () => {
    const a = alignedSample(64);
    const none = augmentationPreset('none');
    const cfg: AugmentationConfig = {
      ...none,
      gaussianNoise: { p: 1, variance: [0.05, 0.1] }, gaussianBlur: { p: 1, sigma: [0.5, 1], pPerChannel: 1 },
      brightnessMultiplicative: { p: 1, range: [0.7, 1.3], perChannel: true }, brightnessAdditive: { p: 1, mu: 0, sigma: 0.3, pPerChannel: 1 },
      contrast: { p: 1, range: [0.65, 1.5], preserveRange: true }, gamma: { p: 1, range: [0.5, 1.6], retainStats: true },
      invertedGamma: { p: 1, range: [0.5, 1.6], retainStats: true },
      lowResolution: { p: 1, zoomRange: [0.5, 0.7], pPerChannel: 1 },
    };
    for (let seed = 0; seed < 5; seed++) {
      const out = augment(a, cfg, new Rng(seed));
      assert.deepStrictEqual(out.mask, a.mask);
      assert.notDeepStrictEqual(out.image, a.image);
    }
  });
  it('gamma with retainStats keeps mean and std but changes the histogram', () => {
    const img = Float32Array.from({ length: 400 }, (_, i) => (i % 20) * 3 + Math.floor(i / 20));
    const before = stats(img);
    const orig = img.slice();
    gamma(img, 1, [0.5, 0.6], true, false, new Rng(1));
    const after = stats(img);
    assert.ok(Math.abs(after.mean - before.mean) < 1e-3 * before.std, `${after.mean} vs ${before.mean}`);
    assert.ok(Math.abs(after.std - before.std) < 1e-3 * before.std);
    const maxDiff = Math.max(...Array.from(img, (v, i) => Math.abs(v - orig[i])));
    assert.ok(maxDiff > 0.5, 'gamma had no effect');
  });
  it('gamma < 1 brightens the mid-tones of [0,1] data (without retainStats)', () => {
    const img = Float32Array.from([0, 0.25, 0.5, 1]);
    gamma(img, 1, [0.5, 0.5], false, false, new Rng(1));
    assert.ok(Math.abs(img[1] - Math.sqrt(0.25)) < 1e-4 && Math.abs(img[2] - Math.sqrt(0.5)) < 1e-4, String(img));
  });
  it('inverted gamma darkens where gamma brightens', () => {
    const a = Float32Array.from([0, 0.25, 0.5, 1]);
    const b = a.slice();
    gamma(a, 1, [0.5, 0.5], false, false, new Rng(1));
    gamma(b, 1, [0.5, 0.5], false, true, new Rng(1));
    assert.ok(a[1] > 0.25 && b[1] < 0.25, `${a[1]} ${b[1]}`);
  });
  it('contrast with preserveRange stays inside the original range', () => {
    const img = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i) * 5);
    const before = stats(img);
    contrast(img, 1, [1.5, 1.5], true, new Rng(2));
    const after = stats(img);
    assert.ok(after.min >= before.min - 1e-6 && after.max <= before.max + 1e-6);
    assert.ok(after.std > before.std, 'contrast 1.5 should widen the spread');
  });
  it('gaussian noise has the drawn variance', () => {
    const img = new Float32Array(20000);
    gaussianNoise(img, [0.09, 0.09], new Rng(3));
    const s = stats(img);
    assert.ok(Math.abs(s.std - 0.3) < 0.01 && Math.abs(s.mean) < 0.01, JSON.stringify(s));
  });
  it('gaussian blur keeps the mean and lowers the variance of noise', () => {
    const img = new Float32Array(64 * 64);
    gaussianNoise(img, [1, 1], new Rng(4));
    const before = stats(img);
    gaussianBlur(img, 64, 64, 1, [1, 1], 1, new Rng(4));
    const after = stats(img);
    assert.ok(Math.abs(after.mean - before.mean) < 0.02);
    assert.ok(after.std < 0.5 * before.std, `${after.std} vs ${before.std}`);
  });
  it('simulated low resolution removes fine detail but keeps coarse structure', () => {
    const w = 32;
    // Left half: 1-px stripes (fine detail); right half: flat 10.
    const img = Float32Array.from({ length: w * w }, (_, i) => (i % w < 16 ? (i % 2) * 10 : 10));
    const out = img.slice();
    simulateLowResolution(out, w, w, 1, [0.5, 0.5], 1, new Rng(1));
    let stripeChange = 0;
    for (let y = 0; y < w; y++) for (let x = 2; x < 14; x++) stripeChange += Math.abs(out[y * w + x] - img[y * w + x]);
    assert.ok(stripeChange / (w * 12) > 2, `stripes should be destroyed: mean change ${stripeChange / (w * 12)}`);
    for (let y = 0; y < w; y++) for (let x = 24; x < w; x++) assert.ok(Math.abs(out[y * w + x] - 10) < 1e-4, 'flat region unchanged');
  });
});
