import * as assert from 'assert';
import { connectedComponents } from '../../../src/core/postprocessing/connectedComponents';
import { keepLargestComponent, removeSmallComponents } from '../../../src/core/postprocessing/keepLargestComponent';
import { postprocessMask } from '../../../src/training/inference/postprocessMask';
import { fillHoles } from '../../../src/core/postprocessing/fillHoles';
import { realMasks, disks, crop, centroid } from '../metrics/maskFixtures';
import { referenceAvailable, runReference, type ReferenceInput } from '../metrics/reference';
import { Rng } from '../../../src/core/util/random';

/** Parses a picture like "1.1\n.1." into a mask (anything but '.' is 1). */
function pic(s: string): { m: Uint8Array; dims: [number, number] } {
  const rows = s.trim().split('\n').map((r) => r.trim());
  return { m: Uint8Array.from(rows.join(''), (ch) => (ch === '.' ? 0 : 1)), dims: [rows[0].length, rows.length] };
}

describe('connected components (hand-checked)', () => {
  const { m, dims } = pic(`
    11..1
    1..1.
    ...1.
    1....`);
  it('8- vs 4-connectivity in 2-D', () => {
    const c8 = connectedComponents(m, dims, 8);
    const c4 = connectedComponents(m, dims, 4);
    assert.strictEqual(c8.count, 3);
    assert.deepStrictEqual(c8.sizes, [0, 3, 3, 1]);
    assert.strictEqual(c4.count, 4, 'the diagonal step 1 → 1 splits under 4-connectivity');
    assert.strictEqual(c8.labels[0], 1);
    assert.strictEqual(c8.labels[4], 2);
  });
  it('6- vs 26-connectivity in 3-D', () => {
    const v = new Uint8Array(27);
    v[0] = 1; // (0,0,0)
    v[13] = 1; // (1,1,1), corner-adjacent only
    v[14] = 1; // (2,1,1), face-adjacent to 13
    assert.strictEqual(connectedComponents(v, [3, 3, 3], 26).count, 1);
    assert.strictEqual(connectedComponents(v, [3, 3, 3], 6).count, 2);
    assert.throws(() => connectedComponents(v, [3, 3, 3], 8), /not valid in 3-D/);
  });
  it('keep largest, per class, and min-size removal', () => {
    assert.deepStrictEqual(Array.from(keepLargestComponent(m, dims)), Array.from(pic(`
      11...
      1....
      .....
      .....`).m));
    assert.deepStrictEqual(Array.from(removeSmallComponents(m, dims, 2)), Array.from(m).map((v, i) => (i === 15 ? 0 : v)));
    const lm = Uint8Array.from([2, 2, 0, 1, 0, 2, 1, 1]);
    // Per class, as prediction post-processes a label map.
    assert.deepStrictEqual(Array.from(postprocessMask(lm, [8, 1], { largestComponent: true, fillHoles: false, minSize: 0 })), [2, 2, 0, 0, 0, 0, 1, 1]);
    assert.deepStrictEqual(Array.from(keepLargestComponent(new Uint8Array(4), [2, 2])), [0, 0, 0, 0]);
  });
  it('fill holes fills enclosed background only', () => {
    const { m: ring, dims: d } = pic(`
      .1111.
      .1..1.
      .1111.
      ..1.1.
      ..1...`);
    const f = fillHoles(ring, d);
    assert.strictEqual(f[1 * 6 + 2], 1);
    assert.strictEqual(f[1 * 6 + 3], 1);
    assert.strictEqual(f[3 * 6 + 3], 0, 'open to the border through (3,4)');
    // A diagonal gap does not open a hole when background is 4-connected.
    const { m: diag, dims: dd } = pic(`
      .1....
      1.1...
      .1....`);
    assert.strictEqual(fillHoles(diag, dd)[1 * 6 + 1], 1);
    assert.strictEqual(fillHoles(diag, dd, 8)[1 * 6 + 1], 0);
  });
  it('3-D holes: an enclosed cavity fills, one open to a face does not', () => {
    const dims = [5, 5, 5];
    const cube = new Uint8Array(125);
    for (let z = 1; z < 4; z++) for (let y = 1; y < 4; y++) for (let x = 1; x < 4; x++) cube[x + 5 * (y + 5 * z)] = 1;
    cube[2 + 5 * (2 + 5 * 2)] = 0; // centre cavity
    assert.strictEqual(fillHoles(cube, dims)[62], 1);
    const open = cube.slice();
    open[2 + 5 * (2 + 5 * 1)] = 0; // tunnel to z = 0 face
    assert.strictEqual(fillHoles(open, dims)[62], 0);
  });
});

describe('postprocessing vs scipy.ndimage on real masks', () => {
  it('labels, sizes, largest component and filled holes match scipy exactly', function () {
    if (!referenceAvailable()) this.skip();
    const input: ReferenceInput = { components: [] };
    const ours: Record<string, { mask: Uint8Array; dims: number[]; conn: 4 | 8 | 6 | 26 }> = {};
    for (const { id, mask, width: w, height: h } of realMasks([1026, 1045, 117])) {
      // Speckle around the tumour, punch holes into it: many components and holes.
      let m = disks(mask, w, h, 40, 3, 1, id);
      m = disks(m, w, h, 8, 4, 0, id + 7, mask);
      for (const conn of [4, 8] as const) {
        const name = `${id}_c${conn}`;
        ours[name] = { mask: m, dims: [w, h], conn };
        input.components!.push({ name, mask: m, dims: [w, h], connectivity: conn });
      }
    }
    // 3-D: random blobs in a 40×36×12 block from real crops stacked, plus noise voxels.
    const [{ mask, width: w }] = realMasks([1063]);
    const [cx, cy] = centroid(mask, w);
    const rng = new Rng(5);
    const X = 40, D = 12;
    const vol = new Uint8Array(X * X * D);
    for (let k = 0; k < D; k++) {
      const sl = crop(mask, w, Math.max(0, cx - 20 + k), Math.max(0, cy - 20), X);
      for (let i = 0; i < sl.length; i++) vol[k * X * X + i] = sl[i] || rng.bool(0.04) ? 1 : 0;
      for (let i = 0; i < sl.length; i++) if (sl[i] && rng.bool(0.05)) vol[k * X * X + i] = 0;
    }
    for (const conn of [6, 26] as const) {
      ours[`vol_c${conn}`] = { mask: vol, dims: [X, X, D], conn };
      input.components!.push({ name: `vol_c${conn}`, mask: vol, dims: [X, X, D], connectivity: conn });
    }
    const ref = runReference(input);
    for (const [name, c] of Object.entries(ours)) {
      const cc = connectedComponents(c.mask, c.dims, c.conn);
      assert.strictEqual(cc.count, ref.components[name].count, `${name} count`);
      assert.ok(cc.count > 3, `${name}: fixture should have several components`);
      assert.deepStrictEqual(cc.sizes.slice(1), ref.components[name].sizes, `${name} sizes`);
      assert.deepStrictEqual(cc.labels, ref.labels(name), `${name} labels`);
      assert.deepStrictEqual(keepLargestComponent(c.mask, c.dims, c.conn), ref.largest(name), `${name} largest`);
      const filled = fillHoles(c.mask, c.dims);
      assert.deepStrictEqual(filled, ref.filled(name), `${name} filled`);
      assert.ok(filled.reduce((a, b) => a + b, 0) > c.mask.reduce((a, b) => a + b, 0), `${name}: fixture should have holes`);
    }
  });
});
