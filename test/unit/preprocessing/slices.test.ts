import * as assert from 'assert';
import { extractAxialSlice, insertAxialSlice } from '../../../src/core/preprocessing/extractAxialSlice';
import { ForegroundSliceSampler } from '../../../src/core/preprocessing/ForegroundSliceSampler';
import { affineFromSpacing, type Volume } from '../../../src/core/volume/Volume';
import { Rng } from '../../../src/core/util/random';

function vol(dims: number[], f: (i: number, j: number, k: number) => number, spacing = [1, 1, 1]): Volume {
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++) data[i + dims[0] * (j + dims[1] * k)] = f(i, j, k);
  return { data, dims, spacing, affine: affineFromSpacing(spacing), sourceDtype: 'float32', scaling: { slope: 1, inter: 0, applied: false } };
}

describe('axial slices', () => {
  const t1 = vol([4, 3, 5], (i, j, k) => 100 * k + 10 * j + i, [0.8, 0.9, 2]);
  const t2 = vol([4, 3, 5], (i, j, k) => -(100 * k + 10 * j + i));
  const seg = vol([4, 3, 5], (i, j, k) => (k === 2 && i === 1 ? 4 : k === 3 && j === 0 ? 1 : 0));
  it('stacks modalities as channels with x = i, y = j', () => {
    const s = extractAxialSlice([t1, t2], 2, { seg, idPrefix: 'case1' });
    assert.strictEqual(s.id, 'case1_z2');
    assert.deepStrictEqual([s.width, s.height, s.channels], [4, 3, 2]);
    assert.deepStrictEqual(s.spacing, [0.8, 0.9]);
    // pixel (x=3, y=1): value 213 and -213
    assert.strictEqual(s.image[(1 * 4 + 3) * 2], 213);
    assert.strictEqual(s.image[(1 * 4 + 3) * 2 + 1], -213);
    assert.strictEqual(s.mask![1 * 4 + 1], 4);
    assert.strictEqual(s.mask![1 * 4 + 2], 0);
  });
  it('insertAxialSlice is the inverse', () => {
    const out = new Uint8Array(60);
    for (let k = 0; k < 5; k++) insertAxialSlice(out, [4, 3, 5], k, extractAxialSlice([t1], k, { seg }).mask!);
    assert.deepStrictEqual(Array.from(out), Array.from(seg.data));
  });
  it('rejects bad input', () => {
    assert.throws(() => extractAxialSlice([t1], 5), /slice 5/);
    assert.throws(() => extractAxialSlice([t1, vol([4, 4, 5], () => 0)], 0), /disagree/);
  });
});

describe('ForegroundSliceSampler', () => {
  it('forces ~33% foreground slices per batch (nnU-Net rule)', () => {
    const s = new ForegroundSliceSampler([{ numSlices: 100, foreground: [50] }, { numSlices: 100, foreground: [] }]);
    const rng = new Rng(1);
    let fg = 0;
    const N = 3000;
    for (let b = 0; b < N; b++) {
      const batch = s.drawBatch(rng, 3);
      // round(3 × 0.67) = 2 random, the last one forced.
      assert.deepStrictEqual(batch[2], { caseIndex: 0, slice: 50, forced: true });
      assert.ok(!batch[0].forced && !batch[1].forced);
      for (const r of batch) if (r.caseIndex === 0 && r.slice === 50) fg++;
    }
    // 1 forced of 3, random ones hit the fg slice with prob 1/200 each.
    assert.ok(Math.abs(fg / (3 * N) - (1 + 2 / 200) / 3) < 0.01, String(fg / (3 * N)));
  });
  it('falls back to uniform when no case has foreground, and validates', () => {
    const s = new ForegroundSliceSampler([{ numSlices: 3, foreground: [] }]);
    const r = s.draw(new Rng(2), true);
    assert.ok(r.slice >= 0 && r.slice < 3);
    assert.throws(() => new ForegroundSliceSampler([]), /no cases/);
    assert.throws(() => new ForegroundSliceSampler([{ numSlices: 3, foreground: [] }], 2), /oversample/);
  });
});
