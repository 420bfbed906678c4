import * as assert from 'assert';
import { zScoreNormalizeImage, type ZScoreOptions } from '../../../src/core/preprocessing/zScoreNormalize';
import { resizeImage, resizeMask, resizeSample, padOrCropSample } from '../../../src/core/preprocessing/resize';
import { cropSample, nonZeroBoundingBox } from '../../../src/core/preprocessing/cropToNonZero';
import { remapLabels, contiguousMapping, invertMapping } from '../../../src/core/preprocessing/remapLabels';
import { labelsToBratsRegions, bratsRegionsToLabels } from '../../../src/core/preprocessing/bratsRegions';
import { validateSample, type Sample2D } from '../../../src/core/preprocessing/Sample2D';
import { MedSegError } from '../../../src/core/util/MedSegError';

function sample(w: number, h: number, c: number, f: (x: number, y: number, ch: number) => number, mask?: (x: number, y: number) => number): Sample2D {
  const image = new Float32Array(w * h * c);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) image[(y * w + x) * c + k] = f(x, y, k);
  const s: Sample2D = { id: 's', image, width: w, height: h, channels: c };
  if (mask) s.mask = Uint8Array.from({ length: w * h }, (_, i) => mask(i % w, Math.floor(i / w)));
  return s;
}

/** Normalised copy of a sample's image, as prepareSample normalises. */
function zScoreNormalize(s: Sample2D, opts: ZScoreOptions = {}): Sample2D {
  const image = s.image.slice();
  zScoreNormalizeImage(image, s.channels, opts);
  return { ...s, image };
}

describe('zScoreNormalize', () => {
  it('normalises each channel over non-zero voxels and keeps background at 0', () => {
    // Brain (x in 2..7) with values 100..; background 0. Channel 1 = 10× channel 0 + 5.
    const s = sample(10, 4, 2, (x, y, c) => (x >= 2 && x < 8 ? (c ? 10 * (x + y) + 5 : x + y) : 0));
    const z = zScoreNormalize(s);
    for (let c = 0; c < 2; c++) {
      const vals: number[] = [];
      for (let i = 0; i < 40; i++) if (i % 10 >= 2 && i % 10 < 8) vals.push(z.image[i * 2 + c]);
      const mean = vals.reduce((a, b) => a + b) / vals.length;
      const sd = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length);
      assert.ok(Math.abs(mean) < 1e-5 && Math.abs(sd - 1) < 1e-5, `channel ${c}: ${mean} ${sd}`);
    }
    assert.strictEqual(z.image[0], 0);
    assert.strictEqual(z.image[9 * 2 + 1], 0);
    assert.notStrictEqual(s.image[4], z.image[4], 'input must not be modified in place');
  });
  it('over all voxels when nonZeroOnly is false', () => {
    const s = sample(4, 1, 1, (x) => x); // 0,1,2,3
    const z = zScoreNormalize(s, { nonZeroOnly: false });
    assert.ok(Math.abs(z.image[0] + 1.5 / Math.sqrt(1.25)) < 1e-6, String(z.image));
  });
});

describe('resize', () => {
  it('bilinear with half-pixel centres reproduces a linear ramp', () => {
    const img = Float32Array.from({ length: 4 }, (_, i) => i); // 0 1 2 3 in one row
    const out = resizeImage(img, 4, 1, 1, 8, 1);
    // output x → input (x + .5)/2 − .5, clamped: 0, .25, .75, 1.25, ...
    assert.deepStrictEqual(Array.from(out), [0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3]);
  });
  it('cubic keeps a constant image constant up to the rim (edge replication)', () => {
    const out = resizeImage(new Float32Array(7 * 5).fill(4), 7, 5, 1, 16, 11, 'cubic');
    for (const v of out) assert.ok(Math.abs(v - 4) < 1e-5, String(v));
  });
  it('nearest for masks: labels never blend', () => {
    const m = Uint8Array.from([0, 4, 4, 2]);
    const out = resizeMask(m, 2, 2, 5, 7);
    for (const v of out) assert.ok([0, 2, 4].includes(v));
    assert.strictEqual(out[0], 0);
    assert.strictEqual(out[34], 2);
  });
  it('resizeSample resizes image and mask together and updates spacing', () => {
    const s = sample(8, 8, 1, (x, y) => (x < 4 && y < 4 ? 1 : 0), (x, y) => (x < 4 && y < 4 ? 1 : 0));
    s.spacing = [1, 2];
    const r = resizeSample(s, 4, 16);
    assert.deepStrictEqual(r.spacing, [2, 1]);
    for (let i = 0; i < 64; i++) assert.strictEqual(r.mask![i], r.image[i] > 0.5 ? 1 : 0);
  });
  it('pad/crop to size centres the image and records the offsets', () => {
    const s = sample(5, 3, 1, (x, y) => 1 + x + 10 * y, (x, y) => (x + y) % 3);
    const padded = padOrCropSample(s, 8, 2);
    assert.strictEqual(padded.sample.width, 8);
    assert.strictEqual(padded.sample.image[0], 0, 'pad column is background');
    // Row 0 was cropped away (offsetY = floor((2-3)/2) = -1): rows 1,2 survive, shifted by offsetX.
    const { offsetX, offsetY } = padded.info;
    assert.strictEqual(offsetY, -1);
    for (let y = 1; y < 3; y++) for (let x = 0; x < 5; x++) assert.strictEqual(padded.sample.mask![(y + offsetY) * 8 + x + offsetX], s.mask![y * 5 + x]);
  });
});

describe('cropToNonZero', () => {
  it('crops to the non-zero box', () => {
    const s = sample(10, 8, 2, (x, y, c) => (x >= 3 && x <= 6 && y >= 2 && y <= 4 && c === 1 ? 5 : 0), (x, y) => (x === 4 && y === 3 ? 1 : 0));
    const box = nonZeroBoundingBox(s);
    const c = cropSample(s, box);
    assert.deepStrictEqual(box, { x0: 3, y0: 2, x1: 7, y1: 5 });
    assert.strictEqual(c.width, 4);
    assert.strictEqual(c.height, 3);
    assert.strictEqual(c.mask![1 * 4 + 1], 1);
  });
  it('an all-zero image keeps the full box', () => {
    assert.deepStrictEqual(nonZeroBoundingBox(sample(3, 2, 1, () => 0)), { x0: 0, y0: 0, x1: 3, y1: 2 });
  });
});

describe('labels', () => {
  it('remaps BraTS labels to contiguous and back', () => {
    const m = contiguousMapping([0, 1, 2, 4]);
    assert.deepStrictEqual(m, { 0: 0, 1: 1, 2: 2, 4: 3 });
    const r = remapLabels([0, 4, 2, 1], m);
    assert.deepStrictEqual(Array.from(r), [0, 3, 2, 1]);
    assert.deepStrictEqual(Array.from(remapLabels(r, invertMapping(m))), [0, 4, 2, 1]);
  });
  it('unknown labels throw unless a fallback is given', () => {
    assert.throws(() => remapLabels([0, 3], { 0: 0, 1: 1 }), (e: unknown) => e instanceof MedSegError && e.code === 'bad-label' && /label 3/.test(e.message));
    assert.deepStrictEqual(Array.from(remapLabels([0, 3], { 0: 0 }, 0)), [0, 0]);
  });
  it('BraTS regions WT={1,2,4}, TC={1,4}, ET={4} and back', () => {
    const r = labelsToBratsRegions([0, 1, 2, 4]);
    assert.deepStrictEqual(Array.from(r), [0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1]);
    assert.deepStrictEqual(Array.from(bratsRegionsToLabels(r)), [0, 1, 2, 4]);
    // Inconsistent probabilities are resolved by nesting: ET wins, TC over WT.
    assert.deepStrictEqual(Array.from(bratsRegionsToLabels([0.2, 0.9, 0.1, 0.1, 0.1, 0.8])), [1, 4]);
  });
});

describe('validateSample', () => {
  it('names the inconsistent field', () => {
    const s = sample(2, 2, 1, () => 1, () => 0);
    validateSample(s);
    assert.throws(() => validateSample({ ...s, mask: new Uint8Array(3) }), /mask has 3 values/);
    assert.throws(() => validateSample({ ...s, channels: 2 }), /image has 4 values, expected 8/);
  });
});
