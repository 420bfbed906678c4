import * as assert from 'assert';
import * as fs from 'fs';
import { gzipSync } from 'fflate';
import { readVolume, readFigshareMat, readMatVariables, readNiftiAsync, companionFileName } from '../../../src/core/io';
import { MedSegError } from '../../../src/core/util/MedSegError';
import { sharedData } from '../../helpers/paths';
import { loadH5wasm } from '../../../src/core/io/h5wasmLoader';

const bytesOf = (...p: string[]): Uint8Array => new Uint8Array(fs.readFileSync(sharedData(...p)));
const smallNii = (): Uint8Array => bytesOf('nifti-format/nifti-reader-js/5D_small.nii');

/** Asserts that `p` rejects with a MedSegError of `code` about `file`. */
async function rejectsWith(p: Promise<unknown>, code: string, file: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof MedSegError, `expected MedSegError, got ${String(e)}`);
    assert.strictEqual(e.code, code, e.message);
    assert.strictEqual(e.file, file);
    return true;
  });
}

function setInt16(b: Uint8Array, off: number, v: number): Uint8Array {
  new DataView(b.buffer, b.byteOffset).setInt16(off, v, true);
  return b;
}

describe('io: bad input is refused with MedSegError', function () {
  it('not-nifti.nii (random bytes) → bad-magic', async function () {
    await rejectsWith(readVolume('not-nifti.nii', bytesOf('nifti-format/nifti-reader-js/not-nifti.nii')), 'bad-magic', 'not-nifti.nii');
  });

  it('truncated .nii.gz → truncated', async function () {
    const gz = bytesOf('niivue-flair/FLAIR.nii.gz');
    await rejectsWith(readVolume('cut.nii.gz', gz.subarray(0, gz.length >> 1)), 'truncated', 'cut.nii.gz');
    await rejectsWith(readVolume('cut.nii.gz', gz.subarray(0, 100)), 'truncated', 'cut.nii.gz');
  });

  it('vox_offset past the end → truncated', async function () {
    const b = smallNii();
    new DataView(b.buffer).setFloat32(108, 1e6, true);
    await rejectsWith(readVolume('off.nii', b), 'truncated', 'off.nii');
  });

  it('dims implying more than maxVoxels are refused before allocating; zero/negative dims → bad-dims', async function () {
    const b = smallNii();
    for (let i = 1; i <= 5; i++) setInt16(b, 40 + 2 * i, 30000);
    const t0 = Date.now();
    await rejectsWith(readVolume('huge.nii', b), 'too-large', 'huge.nii');
    assert.ok(Date.now() - t0 < 100, 'refused without reading');
    await rejectsWith(readVolume('small.nii', smallNii(), { maxVoxels: 5 }), 'too-large', 'small.nii');
    await rejectsWith(readVolume('zero.nii', setInt16(smallNii(), 42, 0)), 'bad-dims', 'zero.nii');
    await rejectsWith(readVolume('neg.nii', setInt16(smallNii(), 44, -3)), 'bad-dims', 'neg.nii');
    await rejectsWith(readVolume('ndim.nii', setInt16(smallNii(), 40, 9)), 'bad-dims', 'ndim.nii');
    // A gzip file whose header claims far more data than its size can inflate to.
    const big = smallNii();
    for (let i = 1; i <= 3; i++) setInt16(big, 40 + 2 * i, 500);
    await rejectsWith(readVolume('lie.nii.gz', gzipSync(big)), 'truncated', 'lie.nii.gz');
  });

  it('unsupported datatype, missing .img companion, unknown format', async function () {
    await rejectsWith(readVolume('dt.nii', setInt16(smallNii(), 70, 1536)), 'unsupported-datatype', 'dt.nii');
    await rejectsWith(readVolume('ras.hdr', bytesOf('nifti-format/niivue-demo-format/ras.hdr')), 'missing-companion', 'ras.hdr');
    await rejectsWith(readVolume('notes.txt', new Uint8Array([1, 2, 3, 4, 5])), 'unsupported-format', 'notes.txt');
  });

  it('non-image bytes with an image extension → MedSegError', async function () {
    const text = new Uint8Array(Array.from('hello, this is not an image at all', (c) => c.charCodeAt(0)));
    for (const name of ['a.png', 'a.jpg', 'a.nii', 'a.nii.gz', 'a.mat', 'a.npy', 'a.hdr']) {
      await assert.rejects(readVolume(name, text), (e: unknown) => e instanceof MedSegError && e.file === name, name);
    }
    await rejectsWith(readVolume('empty.nii.gz', new Uint8Array(0)), 'bad-magic', 'empty.nii.gz');
  });

  it('corrupt images and HDF5 → MedSegError', async function () {
    const png = bytesOf('figshare-brain-tumor/masks/1_mask.png');
    await assert.rejects(readVolume('cut.png', png.subarray(0, 60)), (e: unknown) => e instanceof MedSegError && e.file === 'cut.png');
    const mat = bytesOf('figshare-brain-tumor/mat/1.mat');
    const broken = mat.slice();
    broken.fill(0, 600, 4000);
    await assert.rejects(readFigshareMat('broken.mat', broken), (e: unknown) => e instanceof MedSegError && e.file === 'broken.mat');
    await assert.rejects(readFigshareMat('cut.mat', mat.subarray(0, 2000)), (e: unknown) => e instanceof MedSegError && e.file === 'cut.mat');
    await rejectsWith(readFigshareMat('1.mat', mat, { maxVoxels: 1000 }), 'too-large', '1.mat');
    await rejectsWith(readMatVariables('x.mat', new Uint8Array(200)), 'bad-magic', 'x.mat');
    // The reader still works after failures, and no temporary file is left in h5wasm's in-memory FS.
    assert.strictEqual((await readFigshareMat('1.mat', mat)).label, 1);
    const h5 = await loadH5wasm();
    const left = (h5.FS?.readdir('/') ?? []).filter((f: string) => f.startsWith('medseg-io-'));
    assert.deepStrictEqual(left, []);
  });

  it('readVolume picks by magic over extension / companionFileName / an .img opened alone', async function () {
    assert.deepStrictEqual((await readVolume('x.jpg', bytesOf('figshare-brain-tumor/masks/1_mask.png'))).meta?.format, 'png');
    await rejectsWith(readVolume('x.txt', new Uint8Array(8)), 'unsupported-format', 'x.txt');
    assert.strictEqual(companionFileName('a/b.hdr.gz'), 'a/b.img.gz');
    assert.strictEqual(companionFileName('b.HDR'), 'b.img');
    assert.strictEqual(companionFileName('b.nii'), undefined);
    await rejectsWith(readVolume('ras.img', bytesOf('nifti-format/niivue-demo-format/ras.img')), 'missing-companion', 'ras.img');
  });

  it('readNiftiAsync throws only MedSegError', async function () {
    await assert.rejects(readNiftiAsync('x.nii', new Uint8Array(10)), (e: unknown) => e instanceof MedSegError && e.code === 'bad-magic');
  });
});
