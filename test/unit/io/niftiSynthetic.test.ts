import * as assert from 'assert';
import { readNiftiAsync, readVolume, writeNifti, toCanonicalRAS, readNiftiHeader } from '../../../src/core/io';
import { axisCodes } from '../../helpers/axisCodes';
import type { Volume } from '../../../src/core/volume/Volume';

/** A small uint8 volume written by writeNifti (plain .nii), for header patching. */
function baseNii(values: number[], dims = [values.length, 1, 1]): Uint8Array {
  const vol: Volume = {
    data: Uint8Array.from(values), dims, spacing: [1, 1, 1], affine: [2, 0, 0, -5, 0, 3, 0, 7, 0, 0, 4, 9, 0, 0, 0, 1],
    sourceDtype: 'uint8', scaling: { slope: 1, inter: 0, applied: false },
  };
  return writeNifti(vol, { gzip: false });
}

describe('io: NIfTI details on synthetic headers', function () {
  it('scl_slope/scl_inter: applied as float32; slope 0 or NaN means no scaling', async function () {
    const b = baseNii([0, 1, 2, 10]);
    const dv = new DataView(b.buffer);
    dv.setFloat32(112, 2.5, true); dv.setFloat32(116, -1, true);
    const v = await readNiftiAsync('s.nii', b);
    assert.ok(v.data instanceof Float32Array);
    assert.deepStrictEqual(Array.from(v.data), [-1, 1.5, 4, 24]);
    assert.deepStrictEqual(v.scaling, { slope: 2.5, inter: -1, applied: true });
    for (const slope of [0, NaN]) {
      dv.setFloat32(112, slope, true);
      const u = await readNiftiAsync('s.nii', b);
      assert.ok(u.data instanceof Uint8Array, `slope ${slope}`);
      assert.strictEqual(u.scaling.applied, false);
    }
  });

  it('rgb24 folds to luminance with a note', async function () {
    const b0 = baseNii([0, 0, 0, 0, 0, 0]); // 6 bytes = 2 rgb voxels
    const b = b0.slice();
    const dv = new DataView(b.buffer);
    dv.setInt16(42, 2, true); dv.setInt16(70, 128, true); dv.setInt16(72, 24, true);
    b.set([255, 0, 0, 10, 10, 10], 352);
    const v = await readNiftiAsync('rgb.nii', b);
    assert.strictEqual(v.sourceDtype, 'rgb24');
    assert.deepStrictEqual(Array.from(v.data), [76, 10]);
    assert.ok(v.notes?.some((n) => /luminance/.test(n)));
  });

  it('big-endian header and data read the same as little-endian', async function () {
    const le = baseNii([1, 2, 3, 4], [2, 2, 1]);
    const h = readNiftiHeader('le.nii', le);
    // Re-encode as big endian by hand: int16 fields, float32 fields, uint8 data unchanged.
    const be = le.slice();
    const src = new DataView(le.buffer), dst = new DataView(be.buffer);
    dst.setInt32(0, 348, false);
    for (let o = 40; o < 76; o += 2) dst.setInt16(o, src.getInt16(o, true), false);
    for (let o = 76; o < 120; o += 4) dst.setFloat32(o, src.getFloat32(o, true), false);
    dst.setInt16(252, h.qformCode, false); dst.setInt16(254, h.sformCode, false);
    for (let o = 256; o < 328; o += 4) dst.setFloat32(o, src.getFloat32(o, true), false);
    const a = await readNiftiAsync('le.nii', le), b = await readNiftiAsync('be.nii', be);
    assert.strictEqual(readNiftiHeader('be.nii', be).littleEndian, false);
    assert.deepStrictEqual(b.dims, a.dims);
    assert.deepStrictEqual(b.affine, a.affine);
    assert.deepStrictEqual(Array.from(b.data), Array.from(a.data));
  });

  it('toCanonicalRAS handles a permuted, flipped affine and keeps world positions', function () {
    // i runs toward Superior, j toward Left, k toward Anterior.
    const dims = [2, 3, 4];
    const data = Int16Array.from({ length: 24 }, (_, i) => i);
    const vol: Volume = {
      data, dims, spacing: [1, 2, 3], affine: [0, -2, 0, 10, 0, 0, 3, -4, 1, 0, 0, 5, 0, 0, 0, 1],
      sourceDtype: 'int16', scaling: { slope: 1, inter: 0, applied: false },
    };
    assert.deepStrictEqual(axisCodes(vol.affine), ['S', 'L', 'A']);
    const c = toCanonicalRAS(vol);
    assert.deepStrictEqual(axisCodes(c.affine), ['R', 'A', 'S']);
    assert.deepStrictEqual(c.dims, [3, 4, 2]);
    assert.deepStrictEqual(c.spacing, [2, 3, 1]);
    const world = (v: Volume, i: number, j: number, k: number): number[] =>
      [0, 1, 2].map((r) => v.affine[4 * r] * i + v.affine[4 * r + 1] * j + v.affine[4 * r + 2] * k + v.affine[4 * r + 3]);
    // Every canonical voxel's value sits at the same world point as in the original.
    for (let k = 0; k < 2; k++) for (let j = 0; j < 4; j++) for (let i = 0; i < 3; i++) {
      const value = c.data[i + 3 * (j + 4 * k)];
      const oi = value % 2, oj = Math.floor(value / 2) % 3, ok = Math.floor(value / 6);
      assert.deepStrictEqual(world(c, i, j, k), world(vol, oi, oj, ok), `voxel ${i},${j},${k}`);
    }
    assert.strictEqual(toCanonicalRAS(c), c, 'already canonical: returned as is');
  });

  it('toCanonicalRAS flips only (every sign combination, 4-D): world positions kept; reuse reverses in place, else the input is untouched', function () {
    const dims = [3, 4, 2, 2];
    const n = 48;
    const world = (v: Volume, i: number, j: number, k: number): number[] =>
      [0, 1, 2].map((r) => v.affine[4 * r] * i + v.affine[4 * r + 1] * j + v.affine[4 * r + 2] * k + v.affine[4 * r + 3]);
    for (let signs = 1; signs < 8; signs++) {
      const f = [0, 1, 2].map((a) => ((signs >> a) & 1 ? -1 : 1));
      const affine = [f[0] * 2, 0, 0, 1, 0, f[1] * 3, 0, 2, 0, 0, f[2], 3, 0, 0, 0, 1];
      const make = (): Volume => ({
        data: Int16Array.from({ length: n }, (_, i) => i), dims, spacing: [2, 3, 1, 1], affine,
        sourceDtype: 'int16', scaling: { slope: 1, inter: 0, applied: false },
      });
      const vol = make();
      const copy = toCanonicalRAS(vol);
      assert.deepStrictEqual(Array.from(vol.data), Array.from(make().data), 'input untouched');
      assert.deepStrictEqual(axisCodes(copy.affine), ['R', 'A', 'S']);
      assert.deepStrictEqual(copy.dims, dims);
      for (let t = 0; t < 2; t++) for (let k = 0; k < 2; k++) for (let j = 0; j < 4; j++) for (let i = 0; i < 3; i++) {
        const value = copy.data[i + 3 * (j + 4 * (k + 2 * t))];
        const oi = value % 3, oj = Math.floor(value / 3) % 4, ok = Math.floor(value / 12) % 2, ot = Math.floor(value / 24);
        assert.strictEqual(ot, t, `frame kept at ${signs}`);
        assert.deepStrictEqual(world(copy, i, j, k), world(vol, oi, oj, ok), `signs ${signs} voxel ${i},${j},${k}`);
      }
      const owned = make();
      const inPlace = toCanonicalRAS(owned, { reuse: true });
      assert.strictEqual(inPlace.data, owned.data, 'reused');
      assert.deepStrictEqual(Array.from(inPlace.data), Array.from(copy.data));
    }
  });

  it('readVolume prefers magic bytes over a misleading extension', async function () {
    const gz = writeNifti({
      data: Uint8Array.of(1, 2), dims: [2, 1, 1], spacing: [1, 1, 1], affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
      sourceDtype: 'uint8', scaling: { slope: 1, inter: 0, applied: false },
    });
    const v = await readVolume('mislabelled.png', gz);
    assert.deepStrictEqual(Array.from(v.data), [1, 2]);
  });
  it('big-endian NIfTI-2: 64-bit dims and vox_offset read exactly (nifti-reader-js reads the low word signed)', async function () {
    const b = new Uint8Array(544 + 8 * 4);
    const v = new DataView(b.buffer);
    v.setInt32(0, 540, false);
    b.set([0x6e, 0x2b, 0x32, 0, 0x0d, 0x0a, 0x1a, 0x0a], 4); // 'n+2\0\r\n\x1a\n'
    v.setInt16(12, 16, false); v.setInt16(14, 32, false);
    [3, 2, 2, 2, 1, 1, 1, 1].forEach((d, i) => v.setBigInt64(16 + 8 * i, BigInt(d), false));
    [1, 1, 1, 1].forEach((p, i) => v.setFloat64(104 + 8 * i, p, false));
    v.setBigInt64(168, 544n, false);
    v.setFloat64(176, 1, false);
    for (let i = 0; i < 8; i++) v.setFloat32(544 + 4 * i, i, false);
    const h = readNiftiHeader('be2.nii', b);
    assert.deepStrictEqual([h.version, h.littleEndian, h.magic, h.voxOffset], [2, false, 'n+2', 544]);
    assert.deepStrictEqual(h.dim.slice(0, 4), [3, 2, 2, 2]);
    assert.deepStrictEqual(Array.from((await readNiftiAsync('be2.nii', b)).data), [0, 1, 2, 3, 4, 5, 6, 7]);
    v.setBigInt64(40, -1n, false);
    await assert.rejects(readNiftiAsync('be2.nii', b), /dim\[3\] = -1 /);
  });
});
