import * as assert from 'assert';
import { diceFromCounts, iouFromCounts, overlapCounts } from '../../../src/core/metrics/dice';
import { hd95 } from '../../../src/core/metrics/hd95';
import { regionScores } from '../../../src/core/metrics/regionScores';
import { squaredDistanceTransform } from '../../../src/core/metrics/distanceTransform';
import { BRATS_REGIONS, labelsToBratsRegions } from '../../../src/core/preprocessing/bratsRegions';
import { Rng } from '../../../src/core/util/random';
import { realMasks, shift, morph, disks, crop, centroid } from './maskFixtures';
import { referenceAvailable, runReference, referenceNumber, type ReferenceInput } from './reference';

describe('Dice / IoU', () => {
  const dice = (p: ArrayLike<number>, g: ArrayLike<number>, emptyValue?: number): number => diceFromCounts(overlapCounts(p, g), { emptyValue });
  it('binary values and the empty–empty convention', () => {
    assert.strictEqual(dice([1, 1, 0, 0], [1, 0, 1, 0]), 0.5);
    assert.strictEqual(iouFromCounts(overlapCounts([1, 1, 0, 0], [1, 0, 1, 0])), 1 / 3);
    assert.strictEqual(dice([0, 0], [0, 0]), 1, 'both empty → 1 by default');
    assert.ok(Number.isNaN(dice([0, 0], [0, 0], NaN)));
    assert.strictEqual(dice([0, 1], [0, 0]), 0, 'one empty → 0');
  });
  it('BraTS regions from label maps equal Dice of the region channels; classes are one-label regions', () => {
    const rng = new Rng(4);
    const labels = [0, 1, 2, 4];
    const gt = Array.from({ length: 500 }, () => rng.pick(labels));
    const pr = gt.map((v) => (rng.bool(0.2) ? rng.pick(labels) : v));
    const byRegion = regionScores(pr, gt, Object.entries(BRATS_REGIONS), [500], [1]);
    const rp = labelsToBratsRegions(pr), rg = labelsToBratsRegions(gt);
    const channel = (c: number): number => dice(rp.filter((_, i) => i % 3 === c), rg.filter((_, i) => i % 3 === c));
    assert.deepStrictEqual(byRegion.map((r) => r.name), ['WT', 'TC', 'ET']);
    assert.deepStrictEqual(byRegion.map((r) => r.dice), [0, 1, 2].map(channel));
    assert.ok(byRegion[0].dice > byRegion[2].dice, 'WT is the larger, easier region');
    const perClass = regionScores([0, 1, 2, 2, 2, 0], [0, 1, 1, 2, 2, 2], [['a', [1]], ['b', [2]], ['c', [3]]], [6], [1]);
    assert.deepStrictEqual(perClass.map((r) => r.dice), [2 / 3, 2 / 3, 1]); // class 3 absent from both → 1
    assert.deepStrictEqual(perClass.map((r) => [r.truthVoxels, r.predVoxels]), [[2, 1], [3, 3], [0, 0]]);
    assert.strictEqual(perClass[2].hd95, null, 'HD95 undefined when both are empty');
  });
});

describe('distance transform and surface distances (hand-checked)', () => {
  it('EDT matches brute force on a random anisotropic 3-D grid', () => {
    const dims = [7, 5, 4];
    const sp = [0.5, 1.2, 2.5];
    const rng = new Rng(8);
    const f = Uint8Array.from({ length: 140 }, () => (rng.bool(0.06) ? 1 : 0));
    const d = squaredDistanceTransform(f, dims, sp).map(Math.sqrt);
    for (let i = 0; i < 140; i++) {
      const [x, y, z] = [i % 7, Math.floor(i / 7) % 5, Math.floor(i / 35)];
      let best = Infinity;
      for (let j = 0; j < 140; j++) if (f[j]) {
        const [a, b, c] = [j % 7, Math.floor(j / 7) % 5, Math.floor(j / 35)];
        best = Math.min(best, Math.hypot((x - a) * sp[0], (y - b) * sp[1], (z - c) * sp[2]));
      }
      assert.ok(Math.abs(d[i] - best) < 1e-9 || (best === Infinity && d[i] === Infinity), `voxel ${i}: ${d[i]} vs ${best}`);
    }
  });
  it('HD of two single pixels is their distance in mm; empty conventions', () => {
    const a = new Uint8Array(50), b = new Uint8Array(50);
    a[0] = 1; // (0,0)
    b[3 + 10 * 4] = 1; // (3,4)
    assert.ok(Math.abs(hd95(a, b, [10, 5], { spacing: [1, 2] }) - Math.hypot(3, 8)) < 1e-12);
    assert.strictEqual(hd95(a, a, [10, 5]), 0);
    assert.strictEqual(hd95(new Uint8Array(50), new Uint8Array(50), [10, 5]), 0);
    assert.strictEqual(hd95(a, new Uint8Array(50), [10, 5]), Infinity);
    assert.strictEqual(hd95(a, new Uint8Array(50), [10, 5], { emptyValue: 373.13 }), 373.13);
  });
  it('HD95 per BraTS region uses the label sets', () => {
    // 1-D-like strip: gt ET at x=2, pred ET at x=6 → ET distance 4; WT identical → 0.
    const gt = Uint8Array.from([0, 2, 4, 2, 2, 2, 2, 0]);
    const pr = Uint8Array.from([0, 2, 2, 2, 2, 2, 4, 0]);
    const r = regionScores(pr, gt, Object.entries(BRATS_REGIONS), [8, 1], [1, 1]);
    assert.deepStrictEqual(r.map((x) => x.hd95), [0, 4, 4]);
  });
  it('HD95 percentile interpolates linearly like numpy', () => {
    // pred {x=0, x=4}, truth {x=0}: pooled distances [0, 4, 0] → rank 0.95·2 = 1.9 → 0.9·4.
    const pred = new Uint8Array(8), gt = new Uint8Array(8);
    pred[0] = 1; pred[4] = 1; gt[0] = 1;
    assert.ok(Math.abs(hd95(pred, gt, [8, 1]) - 3.6) < 1e-12);
  });
});

describe('metrics vs numpy/scipy on real figshare masks', function () {
  let ok = false;
  before(function () {
    ok = referenceAvailable();
    if (!ok) this.skip();
  });

  it('Dice, IoU and HD95 (pooled and max) in 2-D and 3-D', function () {
    const masks = realMasks([1026, 1045, 1063, 117]);
    const input: ReferenceInput = { masks: [] };
    const ours: Record<string, { pred: Uint8Array; gt: Uint8Array; dims: number[]; spacing: number[] }> = {};
    const add = (name: string, pred: Uint8Array, gt: Uint8Array, dims: number[], spacing: number[]): void => {
      ours[name] = { pred, gt, dims, spacing };
      input.masks!.push({ name, pred, gt, dims, spacing });
    };
    for (const { id, mask, width: w, height: h } of masks) {
      const sp = [0.49, 0.7];
      add(`${id}_shift`, shift(mask, w, h, 3, -5), mask, [w, h], sp);
      add(`${id}_grow`, morph(mask, w, h, 3, 0.2), mask, [w, h], sp);
      add(`${id}_shrink_speckle`, disks(morph(mask, w, h, 2, 0.8), w, h, 12, 4, 1, id), mask, [w, h], sp);
      add(`${id}_holes`, disks(mask, w, h, 6, 5, 0, id + 1, mask), mask, [w, h], [1, 1]);
      add(`${id}_empty_pred`, new Uint8Array(w * h), mask, [w, h], sp);
    }
    add('both_empty', new Uint8Array(64), new Uint8Array(64), [8, 8], [1, 1]);
    // 3-D: 6 slices of one tumour drifting across, anisotropic (3 mm slices); prediction grown and shifted.
    const { mask, width: w, height: h } = masks[0];
    const [cx, cy] = centroid(mask, w);
    const size = 96;
    const x0 = Math.max(0, Math.min(w - size, cx - 48)), y0 = Math.max(0, Math.min(h - size, cy - 48));
    const gt3 = new Uint8Array(size * size * 6), pr3 = new Uint8Array(size * size * 6);
    for (let k = 0; k < 6; k++) {
      const g = crop(shift(mask, w, h, 2 * k - 5, k), w, x0, y0, size);
      gt3.set(k === 0 || k === 5 ? new Uint8Array(size * size) : g, k * size * size);
      pr3.set(crop(shift(morph(mask, w, h, 2, 0.35), w, h, 2 * k - 3, k), w, x0, y0, size), k * size * size);
    }
    add('vol3d', pr3, gt3, [size, size, 6], [0.5, 0.6, 3]);
    const ref = runReference(input);
    for (const [name, c] of Object.entries(ours)) {
      const r = ref.masks[name];
      const close = (a: number, b: number | 'inf', what: string): void => {
        const e = referenceNumber(b);
        assert.ok(a === e || Math.abs(a - e) < 1e-6 * Math.max(1, Math.abs(e)), `${name} ${what}: ours ${a}, scipy ${e}`);
      };
      close(diceFromCounts(overlapCounts(c.pred, c.gt)), r.dice, 'dice');
      close(iouFromCounts(overlapCounts(c.pred, c.gt)), r.iou, 'iou');
      close(hd95(c.pred, c.gt, c.dims, { spacing: c.spacing }), r.hd95, 'hd95');
      close(hd95(c.pred, c.gt, c.dims, { spacing: c.spacing, mode: 'max' }), r.hd95_max, 'hd95 max');
    }
    // Sanity: the perturbations are not trivial (HD95 of a 3-px/5-px shift at 0.49/0.7 mm is about 3.5 mm).
    const s = referenceNumber(ref.masks[`${masks[0].id}_shift`].hd95);
    assert.ok(s > 1 && s < 10, String(s));
  });
});
