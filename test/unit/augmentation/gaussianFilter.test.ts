import * as assert from 'assert';
import { gaussianFilter2d, gaussianFilterCoarse, gaussianKernel1d } from '../../../src/core/augmentation/gaussianFilter';
import { Rng } from '../../../src/core/util/random';
import { referenceAvailable, runReference } from '../metrics/reference';

describe('gaussianFilter', () => {
  it('filtering a centred impulse gives the separable kernel product', () => {
    const w = 31;
    const img = new Float32Array(w * w);
    img[15 * w + 15] = 1;
    const out = gaussianFilter2d(img, w, w, 2);
    const k = gaussianKernel1d(2);
    const r = (k.length - 1) / 2;
    for (const [dx, dy] of [[0, 0], [1, 0], [3, 2], [-4, 5]]) {
      assert.ok(Math.abs(out[(15 + dy) * w + 15 + dx] - k[r + dx] * k[r + dy]) < 1e-7);
    }
    assert.ok(Math.abs(out.reduce((a, b) => a + b, 0) - 1) < 1e-5, 'mass preserved');
  });
  it('reflect border keeps a constant image constant', () => {
    const out = gaussianFilter2d(new Float32Array(12 * 7).fill(3), 12, 7, 4);
    for (const v of out) assert.ok(Math.abs(v - 3) < 1e-5);
  });
  it('the coarse evaluation used for elastic fields is within 3% of the exact filter', () => {
    const rng = new Rng(3);
    const w = 120, h = 90;
    const noise = Float32Array.from({ length: w * h }, () => rng.uniform(-1, 1));
    for (const sigma of [9, 13]) {
      const exact = gaussianFilter2d(noise, w, h, sigma);
      const coarse = gaussianFilterCoarse(noise, w, h, sigma, Math.floor(sigma / 3));
      let maxAbs = 0, maxErr = 0;
      for (let i = 0; i < exact.length; i++) { maxAbs = Math.max(maxAbs, Math.abs(exact[i])); maxErr = Math.max(maxErr, Math.abs(exact[i] - coarse[i])); }
      assert.ok(maxErr < 0.03 * maxAbs, `sigma ${sigma}: error ${maxErr} vs amplitude ${maxAbs}`);
    }
  });
  it('matches scipy.ndimage.gaussian_filter (reflect, truncate 4), isotropic and anisotropic', function () {
    if (!referenceAvailable()) this.skip();
    const rng = new Rng(12);
    const w = 37, h = 23;
    const image = Float32Array.from({ length: w * h }, () => rng.uniform(-1, 1));
    const cases: [string, [number, number]][] = [['iso1', [1, 1]], ['iso3', [3.3, 3.3]], ['aniso', [0.6, 5]], ['wide', [12, 12]]];
    const ref = runReference({ gaussian: cases.map(([name, sigma]) => ({ name, image, dims: [w, h] as [number, number], sigma })) });
    for (const [name, [sx, sy]] of cases) {
      const ours = gaussianFilter2d(image, w, h, sx, sy);
      const theirs = ref.smooth(name);
      let maxErr = 0;
      for (let i = 0; i < ours.length; i++) maxErr = Math.max(maxErr, Math.abs(ours[i] - theirs[i]));
      assert.ok(maxErr < 1e-5, `${name}: max error ${maxErr}`);
    }
  });
});
