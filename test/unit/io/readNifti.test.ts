import * as assert from 'assert';
import { readVolume, toCanonicalRAS } from '../../../src/core/io';
import { axisCodes } from '../../helpers/axisCodes';
import type { Volume } from '../../../src/core/volume/Volume';
import { findPython, runPythonJson } from './pythonRef';
import { loadWithCompanion, niftiTestFiles, shortName } from './niftiFiles';

interface Summary { shape: number[]; affine: number[]; sum: number; sumsq: number; sample_index: number[]; sample_value: number[] }
interface Ref extends Summary { dtype: string; axcodes: string[]; canonical: Summary }

function close(a: number, b: number, rel: number, abs = 1e-6): boolean {
  return Math.abs(a - b) <= Math.max(abs, rel * Math.max(Math.abs(a), Math.abs(b)));
}

function checkSummary(vol: Volume, ref: Summary, what: string): void {
  assert.deepStrictEqual(vol.dims.slice(0, Math.max(3, ref.shape.length)), [...ref.shape, 1, 1, 1].slice(0, Math.max(3, ref.shape.length)), `${what}: dims`);
  vol.affine.forEach((x, i) => assert.ok(close(x, ref.affine[i], 1e-5, 1e-4), `${what}: affine[${i}] ${x} vs ${ref.affine[i]}`));
  let sum = 0, sumsq = 0;
  for (let i = 0; i < vol.data.length; i++) { const v = vol.data[i]; sum += v; sumsq += v * v; }
  assert.ok(close(sum, ref.sum, 1e-6, 1e-3), `${what}: sum ${sum} vs ${ref.sum}`);
  assert.ok(close(sumsq, ref.sumsq, 1e-6, 1e-3), `${what}: sum of squares ${sumsq} vs ${ref.sumsq}`);
  ref.sample_index.forEach((idx, k) => assert.ok(close(vol.data[idx], ref.sample_value[k], 1e-6, 1e-5), `${what}: voxel ${idx} ${vol.data[idx]} vs ${ref.sample_value[k]}`));
}

describe('io: NIfTI reader vs nibabel', function () {
  const files = niftiTestFiles();
  const vols = new Map<string, Volume>();

  before(async function () {
    for (const f of files) {
      const { bytes, companion } = loadWithCompanion(f);
      vols.set(f, await readVolume(f, bytes, { companion }));
    }
  });

  it(`reads all ${files.length} NIfTI files in the shared data`, function () {
    assert.strictEqual(vols.size, files.length);
    for (const [f, v] of vols) {
      const n = v.dims.reduce((a, b) => a * b, 1);
      assert.strictEqual(v.data.length, n, `${shortName(f)}: data length`);
      assert.strictEqual(v.affine.length, 16);
    }
  });

  it('BraTS segmentations hold only labels {0,1,2,4} and images are 240×240×155 at 1 mm', function () {
    for (const [f, v] of vols) {
      if (!f.includes('brats18')) continue;
      assert.deepStrictEqual(v.dims, [240, 240, 155], shortName(f));
      assert.deepStrictEqual(v.spacing, [1, 1, 1], shortName(f));
      if (f.endsWith('_seg.nii.gz')) {
        const labels = new Set(v.data);
        for (const l of labels) assert.ok([0, 1, 2, 4].includes(l), `${shortName(f)}: label ${l}`);
        assert.ok(labels.has(2), `${shortName(f)}: has oedema`);
      }
    }
  });

  it('complex64 is read as magnitude with a note', function () {
    const v = [...vols].find(([f]) => f.endsWith('complex.nii.gz'))?.[1];
    assert.ok(v);
    assert.strictEqual(v.sourceDtype, 'complex64');
    assert.ok(v.data instanceof Float32Array);
    assert.ok(v.notes?.some((n) => /magnitude/.test(n)));
  });

  it('matches nibabel: shape, scaled data, affine, RAS reorientation', function () {
    const py = findPython('nibabel', 'numpy');
    if (!py) { console.log('    (skipped: no python3 with nibabel)'); this.skip(); }
    // One BraTS case is enough against nibabel (the others only differ in content); keeps the run short.
    const compared = niftiTestFiles(false);
    const refs = runPythonJson<Record<string, Ref>>(py, 'nifti_reference.py', compared);
    for (const f of compared) {
      const v = vols.get(f);
      const ref = refs[f];
      assert.ok(v && ref, f);
      checkSummary(v, ref, shortName(f));
      assert.deepStrictEqual(axisCodes(v.affine), ref.axcodes, `${shortName(f)}: axis codes`);
      const c = toCanonicalRAS(v);
      checkSummary(c, ref.canonical, `${shortName(f)} canonical`);
      assert.deepStrictEqual(axisCodes(c.affine), ['R', 'A', 'S'], `${shortName(f)} canonical codes`);
    }
  });
});
