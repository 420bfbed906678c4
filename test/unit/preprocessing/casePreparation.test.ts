import * as assert from 'node:assert/strict';
import { resolveTrainConfig } from '../../../src/core/config/trainConfig';
import { caseNonZeroBox } from '../../../src/core/preprocessing/cropToNonZero';
import type { Sample2D } from '../../../src/core/preprocessing/Sample2D';
import { channelStats, zScoreNormalizeImage } from '../../../src/core/preprocessing/zScoreNormalize';
import { casePreparation, prepareSample, type PrepareOptions } from '../../../src/training/data/prepareSample';

/** A 16² one-channel slice: `value` inside the square [a, b)², 0 (background) outside. */
function slice(a: number, b: number, value: (x: number, y: number) => number): Sample2D {
  const image = new Float32Array(16 * 16);
  for (let y = a; y < b; y++) for (let x = a; x < b; x++) image[y * 16 + x] = value(x, y);
  return { id: 's', image, width: 16, height: 16, channels: 1 };
}

describe('case-level preparation (cropNonzero "case", normalization "zscore-case")', () => {
  it('the case box is the union of the slices\' non-zero boxes, and all-zero slices add nothing', () => {
    const box = caseNonZeroBox([slice(4, 8, () => 1), slice(0, 0, () => 1), slice(6, 12, () => 1)]);
    assert.deepEqual(box, { x0: 4, y0: 4, x1: 12, y1: 12 });
    assert.deepEqual(caseNonZeroBox([slice(0, 0, () => 1)]), { x0: 0, y0: 0, x1: 16, y1: 16 });
  });

  it('pooled statistics equal those of the slices side by side', () => {
    const a = slice(2, 6, (x) => x), b = slice(3, 9, (x, y) => 10 + y);
    const joined = new Float32Array(512);
    joined.set(a.image);
    joined.set(b.image, 256);
    const [pooled] = channelStats([a.image, b.image], 1);
    const whole = zScoreNormalizeImage(joined.slice(), 1)[0];
    assert.equal(pooled.count, 16 + 36);
    assert.ok(Math.abs(pooled.mean - whole.mean) < 1e-9 && Math.abs(pooled.std - whole.std) < 1e-9);
  });

  it('a bright slice stays brighter than its neighbour, and a small slice is not magnified', () => {
    // Slice 0: a small dim region (the top of the head); slice 1: larger and brighter (tumour).
    const dim = slice(6, 10, () => 100), bright = slice(2, 14, (x) => (x < 8 ? 100 : 300));
    const opts: PrepareOptions = { inputSize: 24, cropNonzero: 'case', normalization: 'zscore-case' };
    const kase = casePreparation([dim, bright], opts);
    const p0 = prepareSample(dim, opts, kase), p1 = prepareSample(bright, opts, kase);
    // One box for both: the dim slice's 4² region stays 4/12 of the network's width.
    assert.equal(p0.info.cropW, 12);
    assert.equal(p0.info.cropW, p1.info.cropW);
    const centre = (s: Sample2D) => s.image[12 * 24 + 12];
    // The dim slice's value 100 maps to the same number in both slices (one mean and std).
    assert.ok(Math.abs(centre(p0.sample) - p1.sample.image[12 * 24 + 6]) < 1e-5);
    // Per-slice z-score would centre each slice on its own mean: the dim slice would be 0.
    const perSlice = prepareSample(dim, { inputSize: 24, cropNonzero: true, normalization: 'zscore' });
    assert.equal(centre(perSlice.sample), 0);
    assert.ok(centre(p0.sample) < 0, `case z-score keeps the dim slice below the case mean, got ${centre(p0.sample)}`);
  });

  it('the config accepts "case" and "zscore-case" and names the field for anything else', () => {
    const base = { data: { kind: 'figshare', root: '/d' } };
    const cfg = resolveTrainConfig({ ...base, data: { ...base.data, cropNonzero: 'case', normalization: 'zscore-case' } }, '/');
    assert.equal(cfg.data.cropNonzero, 'case');
    assert.equal(cfg.data.normalization, 'zscore-case');
    assert.throws(() => resolveTrainConfig({ ...base, data: { ...base.data, cropNonzero: 'volume' } }, '/'), /data\.cropNonzero: must be true, false or "case", got "volume"/);
  });
});
