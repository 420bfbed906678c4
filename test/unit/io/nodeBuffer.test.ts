import * as assert from 'assert';
import * as fs from 'fs';
import { gunzipSync } from 'fflate';
import { readVolume, readMatVariables, readNpy } from '../../../src/core/io';
import { writeNpy } from '../../helpers/writeNpy';
import { sharedData } from '../../helpers/paths';

/** A Node Buffer whose bytes sit at an odd offset of a larger pool, like small `fs.readFileSync` results. */
function pooled(bytes: Uint8Array): Buffer {
  const pool = Buffer.alloc(bytes.length + 3);
  pool.set(bytes, 3);
  return pool.subarray(3);
}

describe('io: Node Buffers (pooled, unaligned) are read correctly and never modified', function () {
  const cases = [
    'nifti-format/nifti-reader-js/avg152T1_LR_nifti.nii', // big endian, uncompressed: the byte-swap path
    'nifti-format/nifti-reader-js/5D_small.nii',
    'figshare-brain-tumor/masks/1_mask.png',
    'figshare-brain-tumor/images/1.jpg',
    'figshare-brain-tumor/mat/1.mat',
  ];
  for (const rel of cases) {
    it(rel, async function () {
      const copy = new Uint8Array(fs.readFileSync(sharedData(rel)));
      const buf = pooled(copy);
      assert.strictEqual(buf.byteOffset % 2, 1, 'unaligned on purpose');
      const a = await readVolume(rel, copy);
      const b = await readVolume(rel, buf);
      assert.deepStrictEqual(b.dims, a.dims);
      assert.ok(b.data.every((x, i) => x === a.data[i]), 'same voxels');
      assert.ok(buf.equals(copy), 'input bytes untouched');
    });
  }

  it('float32 big-endian uncompressed .nii (byte swap must not touch the caller\'s bytes)', async function () {
    const nii = gunzipSync(new Uint8Array(fs.readFileSync(sharedData('nifti-format/nifti-reader-js/big.nii.gz'))));
    const buf = pooled(nii);
    const a = await readVolume('big.nii', nii.slice());
    const b = await readVolume('big.nii', buf);
    assert.ok(b.data instanceof Float32Array);
    assert.ok(b.data.every((x, i) => x === a.data[i]), 'same voxels');
    assert.ok(buf.equals(nii), 'input bytes untouched');
  });

  it('.npy and MATLAB v5 from an unaligned Buffer', async function () {
    const npy = writeNpy({ data: Int16Array.of(1, -2, 300), shape: [3], dtype: 'int16' });
    assert.deepStrictEqual(Array.from(readNpy('a.npy', pooled(npy)).data as Int16Array), [1, -2, 300]);
    const v5 = new Uint8Array(fs.readFileSync(sharedData('figshare-brain-tumor/author_files/label.mat')));
    const vars = await readMatVariables('label.mat', pooled(v5));
    assert.strictEqual(vars.label.data.length, 3064);
  });
});
