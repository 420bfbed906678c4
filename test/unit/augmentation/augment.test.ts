import * as assert from 'assert';
import { augment, augmentWithLog } from '../../../src/core/augmentation/augment';
import { augmentationPreset, type AugmentationConfig } from '../../../src/core/augmentation/AugmentationConfig';
import { applySpatialTransform, drawSpatialParams, identitySpatialParams, type SpatialParams } from '../../../src/core/augmentation/spatialTransform';
import { Rng } from '../../../src/core/util/random';
import { alignedSample, thresholdAgreement } from './fixtures';

function only(patch: Partial<AugmentationConfig>): AugmentationConfig {
  return { ...augmentationPreset('none'), ...patch };
}

describe('augment: image and mask stay aligned', () => {
  const base = alignedSample();
  const cases: [string, AugmentationConfig][] = [
    ['rotation', only({ rotation: { p: 1, maxDegrees: 180 } })],
    ['scaling (joint)', only({ scaling: { p: 1, range: [0.65, 1.6], perAxisP: 0 } })],
    ['scaling (per axis)', only({ scaling: { p: 1, range: [0.65, 1.6], perAxisP: 1 } })],
    ['elastic (alpha, sigma)', only({ elastic: { p: 1, alpha: [150, 200], sigma: [9, 10], deformationScale: null } })],
    ['elastic (deformation scale, DA3)', only({ elastic: { p: 1, alpha: [0, 0], sigma: [9, 9], deformationScale: [0.1, 0.25] } })],
    ['flip x', only({ flip: { pX: 1, pY: 0 } })],
    ['flip y', only({ flip: { pX: 0, pY: 1 } })],
    ['all spatial, cubic', {
      ...augmentationPreset('nnunet-brats-da3'), interpolation: 'cubic',
      rotation: { p: 1, maxDegrees: 180 }, scaling: { p: 1, range: [0.65, 1.6], perAxisP: 0.5 },
      elastic: { p: 1, alpha: [0, 200], sigma: [9, 13], deformationScale: [0, 0.25] }, flip: { pX: 0.5, pY: 0.5 },
    }],
  ];
  it('fixture starts exactly aligned', () => {
    assert.strictEqual(thresholdAgreement(base).agreement, 1);
  });
  for (const [name, cfg] of cases) {
    it(`${name}: mask matches the threshold of the transformed image`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const spatialOnly = { ...cfg, ...intensityOff() };
        const out = augment(base, spatialOnly, new Rng(seed));
        const { dice, agreement } = thresholdAgreement(out);
        assert.ok(agreement >= 0.99, `${name} seed ${seed}: pixel agreement ${agreement}`);
        assert.ok(dice >= 0.95, `${name} seed ${seed}: dice ${dice}`);
        // The transform must actually move the content, or the check above proves nothing.
        const moved = thresholdAgreement({ ...out, mask: base.mask });
        assert.ok(moved.dice < 0.97, `${name} seed ${seed}: content did not move (dice vs original mask ${moved.dice})`);
        // Every channel got the same transform: channel 1 stays 0.5 × channel 0.
        for (let i = 0; i < out.width * out.height; i += 97) {
          assert.ok(Math.abs(out.image[i * 2 + 1] - 0.5 * out.image[i * 2]) < 1e-3, `${name}: channels diverged at ${i}`);
        }
      }
    });
  }
  it('a mask transformed with a different seed is detected as misaligned (the check can fail)', () => {
    const cfg = { ...only({ rotation: { p: 1, maxDegrees: 180 } }) };
    const a = augment(base, cfg, new Rng(1));
    const b = augment(base, cfg, new Rng(2));
    assert.ok(thresholdAgreement({ ...a, mask: b.mask }).dice < 0.9);
  });
});

function intensityOff(): Partial<AugmentationConfig> {
  const n = augmentationPreset('none');
  return {
    gaussianNoise: n.gaussianNoise, gaussianBlur: n.gaussianBlur, brightnessMultiplicative: n.brightnessMultiplicative,
    brightnessAdditive: n.brightnessAdditive, contrast: n.contrast, gamma: n.gamma, invertedGamma: n.invertedGamma,
    lowResolution: n.lowResolution,
  };
}

describe('augment: geometry', () => {
  const s = { id: 'g', width: 5, height: 4, channels: 1, image: Float32Array.from({ length: 20 }, (_, i) => i), mask: Uint8Array.from({ length: 20 }, (_, i) => i % 3) };
  it('flip x mirrors columns exactly (image and mask)', () => {
    const out = applySpatialTransform(s, { ...identitySpatialParams(), flipX: true });
    for (let y = 0; y < 4; y++) for (let x = 0; x < 5; x++) {
      assert.strictEqual(out.image[y * 5 + x], s.image[y * 5 + 4 - x]);
      assert.strictEqual(out.mask![y * 5 + x], s.mask[y * 5 + 4 - x]);
    }
  });
  it('flip y mirrors rows exactly', () => {
    const out = applySpatialTransform(s, { ...identitySpatialParams(), flipY: true });
    for (let y = 0; y < 4; y++) for (let x = 0; x < 5; x++) assert.strictEqual(out.image[y * 5 + x], s.image[(3 - y) * 5 + x]);
  });
  it('rotation by 90° on a square grid moves pixels onto pixels (one exact resampling)', () => {
    const sq = { id: 'q', width: 4, height: 4, channels: 1, image: Float32Array.from({ length: 16 }, (_, i) => i), mask: Uint8Array.from({ length: 16 }, (_, i) => i) };
    const p: SpatialParams = { ...identitySpatialParams(), angle: Math.PI / 2 };
    const out = applySpatialTransform(sq, p);
    // out(x, y) = in(R·(x−c, y−c) + c) with R = [[0,−1],[1,0]] → in(3 − y, x).
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) {
      assert.ok(Math.abs(out.image[y * 4 + x] - sq.image[x * 4 + (3 - y)]) < 1e-4, `(${x},${y})`);
      assert.strictEqual(out.mask![y * 4 + x], sq.mask[x * 4 + (3 - y)]);
    }
  });
  it('scaling by 2 enlarges the content around the centre', () => {
    const a = alignedSample(64);
    const count = (m: Uint8Array) => m.reduce((x, v) => x + v, 0);
    const big = applySpatialTransform(a, { ...identitySpatialParams(), scaleX: 2, scaleY: 2 });
    const before = count(a.mask!);
    const after = count(big.mask!);
    // Up to 4× the area, less whatever falls outside the field of view.
    assert.ok(after > 1.5 * before, `${before} → ${after}`);
  });
  it('nearest-neighbour masks only contain labels that were in the input', () => {
    const a = alignedSample(64);
    const lbl = Uint8Array.from(a.mask!, (v, i) => (v ? 1 + (i % 2) * 3 : 0)); // labels {0,1,4}
    const cfg = { ...augmentationPreset('nnunet-brats-da3'), rotation: { p: 1, maxDegrees: 180 }, elastic: { p: 1, alpha: [100, 200] as [number, number], sigma: [9, 13] as [number, number], deformationScale: null } };
    const out = augment({ ...a, mask: lbl }, cfg, new Rng(3));
    for (const v of new Set(out.mask)) assert.ok([0, 1, 4].includes(v), `label ${v}`);
  });
  it('does not modify its input', () => {
    const a = alignedSample(32);
    const img = a.image.slice();
    const m = a.mask!.slice();
    augment(a, { ...augmentationPreset('nnunet-brats-da3'), rotation: { p: 1, maxDegrees: 90 }, gamma: { p: 1, range: [0.5, 1.6], retainStats: true } }, new Rng(9));
    assert.deepStrictEqual(a.image, img);
    assert.deepStrictEqual(a.mask, m);
  });
});

describe('augment: determinism and probabilities', () => {
  const a = alignedSample(48);
  const cfg = { ...augmentationPreset('nnunet-brats-da3'), elastic: { ...augmentationPreset('nnunet-brats-da3').elastic, p: 1 } };
  it('same seed → identical output; different seed → different output', () => {
    const x = augment(a, cfg, new Rng(42));
    const y = augment(a, cfg, new Rng(42));
    const z = augment(a, cfg, new Rng(43));
    assert.deepStrictEqual(x.image, y.image);
    assert.deepStrictEqual(x.mask, y.mask);
    assert.notDeepStrictEqual(x.image, z.image);
  });
  it('resuming from a saved RNG state reproduces the rest of the stream', () => {
    const r = new Rng(5);
    augment(a, cfg, r);
    const state = r.getState();
    const next = augment(a, cfg, r);
    const r2 = new Rng(999);
    r2.setState(state);
    assert.deepStrictEqual(augment(a, cfg, r2).image, next.image);
  });
  it('each transform fires with its own probability (p=0.3 → ~30%)', () => {
    const c = augmentationPreset('nnunet-brats-da3');
    const rng = new Rng(7);
    const N = 4000;
    let rot = 0, scale = 0, el = 0, fx = 0;
    const small: AugmentationConfig = { ...c, elastic: { ...c.elastic, sigma: [1, 1] } };
    for (let i = 0; i < N; i++) {
      const p = drawSpatialParams(small, 4, 4, rng);
      if (p.angle !== 0) rot++;
      if (p.scaleX !== 1 || p.scaleY !== 1) scale++;
      if (p.displacement) el++;
      if (p.flipX) fx++;
    }
    // 4000 Bernoulli(0.3) draws: sd ≈ 0.0072, so ±0.03 is > 4 sd.
    for (const [name, k, p] of [['rotation', rot, 0.3], ['scaling', scale, 0.3], ['elastic', el, 0.3], ['flipX', fx, 0.5]] as const) {
      assert.ok(Math.abs(k / N - p) < 0.03, `${name}: ${k / N} vs ${p}`);
    }
  });
  it('intensity transforms fire at their probability and are logged', () => {
    const tiny = { id: 't', width: 4, height: 4, channels: 1, image: Float32Array.from({ length: 16 }, (_, i) => i + 1) };
    const rng = new Rng(11);
    const counts: Record<string, number> = {};
    const N = 3000;
    for (let i = 0; i < N; i++) for (const f of augmentWithLog(tiny, augmentationPreset('nnunet-default'), rng).log.intensity) counts[f] = (counts[f] ?? 0) + 1;
    assert.ok(Math.abs(counts.gamma / N - 0.3) < 0.035, `gamma ${counts.gamma / N}`);
    assert.ok(Math.abs(counts.gaussianNoise / N - 0.1) < 0.025, `noise ${counts.gaussianNoise / N}`);
    assert.strictEqual(counts.brightnessAdditive, undefined);
  });
  it('DA3 elastic: peak displacement is drawn from [σ/8, σ/2] with σ = scale × image size', () => {
    const c = { ...augmentationPreset('none'), elastic: { p: 1, alpha: [0, 0] as [number, number], sigma: [9, 9] as [number, number], deformationScale: [0.2, 0.2] as [number, number] } };
    const rng = new Rng(4);
    const peaks: number[] = [];
    for (let i = 0; i < 20; i++) {
      const p = drawSpatialParams(c, 60, 40, rng);
      const px = Math.max(...Array.from(p.displacement!.dx, Math.abs));
      const py = Math.max(...Array.from(p.displacement!.dy, Math.abs));
      assert.ok(px >= 60 * 0.2 / 8 - 1e-6 && px <= 60 * 0.2 / 2 + 1e-6, `x peak ${px}`);
      assert.ok(py >= 40 * 0.2 / 8 - 1e-6 && py <= 40 * 0.2 / 2 + 1e-6, `y peak ${py}`);
      peaks.push(px);
    }
    assert.ok(Math.max(...peaks) - Math.min(...peaks) > 1, 'magnitude should vary between draws');
  });
  it('preset none is the identity', () => {
    const out = augment(a, augmentationPreset('none'), new Rng(1));
    assert.deepStrictEqual(out.image, a.image);
    assert.deepStrictEqual(out.mask, a.mask);
  });
});
