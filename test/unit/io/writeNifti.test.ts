import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readVolume, writeNifti, writePng, readPng, isGzip } from '../../../src/core/io';
import type { Volume } from '../../../src/core/volume/Volume';
import { sharedData } from '../../helpers/paths';
import { findPython, runPythonJson } from './pythonRef';

const sources = [
  'brats18/Brats18_2013_11_1/Brats18_2013_11_1_seg.nii.gz',
  'niivue-flair/FLAIR.nii.gz',
  'nifti-format/nifti-reader-js/big.nii.gz',
  'nifti-format/nifti-reader-js/avg152T1_LR_nifti.nii.gz',
  'nifti-format/nifti-reader-js/5D_small.nii',
  'nifti-format/niivue-demo-format/hippo.nii.gz',
  'nifti-format/niivue-demo-format/complex.nii.gz',
  'nifti-format/niivue-demo-format/minimal.nii.gz',
];

async function load(rel: string): Promise<Volume> {
  return readVolume(rel, new Uint8Array(fs.readFileSync(sharedData(rel))));
}

function assertSameVolume(a: Volume, b: Volume, what: string): void {
  assert.deepStrictEqual(a.dims, b.dims, `${what}: dims`);
  assert.strictEqual(a.data.constructor, b.data.constructor, `${what}: array type`);
  assert.ok(a.data.every((x, i) => x === b.data[i] || (Number.isNaN(x) && Number.isNaN(b.data[i]))), `${what}: data`);
  // The header stores the affine as float32.
  a.affine.forEach((x, i) => assert.ok(Math.abs(x - b.affine[i]) <= 1e-4 * Math.max(1, Math.abs(x)), `${what}: affine[${i}] ${x} vs ${b.affine[i]}`));
}

describe('io: NIfTI writer', function () {
  it('round-trips real volumes through writeNifti → readVolume (gzip and plain)', async function () {
    for (const rel of sources) {
      const v = await load(rel);
      const gz = writeNifti(v);
      assert.ok(isGzip(gz));
      assertSameVolume(await readVolume('out.nii.gz', gz), v, rel);
      assertSameVolume(await readVolume('out.nii', writeNifti(v, { gzip: false })), v, `${rel} (plain)`);
    }
  });

  it('restores scl_slope/scl_inter when writing a scaled volume back to its integer type', async function () {
    const raw = new Int16Array([0, 1, -5, 300, 32767, -32768]);
    const vol: Volume = {
      data: Float32Array.from(raw, (x) => x * 0.5 + 10), dims: [6, 1, 1], spacing: [1, 1, 1],
      affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], sourceDtype: 'int16', scaling: { slope: 0.5, inter: 10, applied: true },
    };
    const back = await readVolume('s.nii', writeNifti(vol, { gzip: false }));
    assert.strictEqual(back.sourceDtype, 'int16');
    assert.deepStrictEqual(back.scaling, { slope: 0.5, inter: 10, applied: true });
    assert.deepStrictEqual(Array.from(back.data), Array.from(vol.data));
  });

  it('nibabel reads the written files with the same data, sform and an equivalent qform', async function () {
    const py = findPython('nibabel', 'numpy');
    if (!py) { console.log('    (skipped: no python3 with nibabel)'); this.skip(); }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-io-'));
    try {
      const written: Array<{ file: string; vol: Volume }> = [];
      for (const [k, rel] of sources.entries()) {
        const vol = await load(rel);
        const file = path.join(dir, `v${k}.nii.gz`);
        fs.writeFileSync(file, writeNifti(vol));
        written.push({ file, vol });
      }
      const refs = runPythonJson<Record<string, { shape: number[]; affine: number[]; qform: number[]; sum: number; codes: number[] }>>(py, 'nifti_reference.py', written.map((w) => w.file));
      for (const { file, vol } of written) {
        const r = refs[file];
        assert.deepStrictEqual(r.shape, vol.dims.slice(0, r.shape.length), `${file}: shape`);
        let sum = 0;
        for (const x of vol.data) sum += x;
        assert.ok(Math.abs(sum - r.sum) <= 1e-6 * Math.max(1, Math.abs(sum)), `${file}: sum ${sum} vs ${r.sum}`);
        vol.affine.forEach((x, i) => assert.ok(Math.abs(x - r.affine[i]) <= 1e-4 * Math.max(1, Math.abs(x)), `${file}: sform[${i}]`));
        if (vol.meta?.affineSource !== 'pixdim') {
          assert.ok(r.codes[0] > 0 && r.codes[1] > 0, `${file}: codes ${r.codes}`);
          vol.affine.forEach((x, i) => assert.ok(Math.abs(x - r.qform[i]) <= 1e-3 * Math.max(1, Math.abs(x)), `${file}: qform[${i}] ${r.qform[i]} vs ${x}`));
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writePng round-trips 8- and 16-bit masks', function () {
    const m8 = Uint8Array.from({ length: 12 }, (_, i) => i % 2);
    const p8 = readPng('m.png', writePng(m8, 4, 3));
    assert.deepStrictEqual(p8.dims, [4, 3, 1]);
    assert.deepStrictEqual(Array.from(p8.data), Array.from(m8));
    const m16 = Uint16Array.from({ length: 6 }, (_, i) => i * 10000);
    const p16 = readPng('m.png', writePng(m16, 3, 2));
    assert.ok(p16.data instanceof Uint16Array);
    assert.deepStrictEqual(Array.from(p16.data), Array.from(m16));
    assert.throws(() => writePng(m8, 5, 3), /needs 15/);
  });
});
