import * as assert from 'assert';
import * as fs from 'fs';
import { readFigshareMat, readJpeg, readPng, readMatVariables, readVolume } from '../../../src/core/io';
import { MedSegError } from '../../../src/core/util/MedSegError';
import { sharedData } from '../../helpers/paths';

const dir = sharedData('figshare-brain-tumor');
const read = (...p: string[]): Uint8Array => new Uint8Array(fs.readFileSync(sharedData('figshare-brain-tumor', ...p)));

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let sa = 0, sb = 0;
  for (let i = 0; i < n; i++) { sa += a[i]; sb += b[i]; }
  const ma = sa / n, mb = sb / n;
  let cov = 0, va = 0, vb = 0;
  for (let i = 0; i < n; i++) { const x = a[i] - ma, y = b[i] - mb; cov += x * y; va += x * x; vb += y * y; }
  return cov / Math.sqrt(va * vb);
}

function parseLabels(): Map<string, { label: number; maskPixels: number }> {
  const lines = fs.readFileSync(`${dir}/labels.csv`, 'utf8').trim().split('\n').slice(1);
  return new Map(lines.map((l) => { const c = l.split(','); return [c[0], { label: Number(c[1]), maskPixels: Number(c[6]) }]; }));
}

describe('io: figshare MATLAB v7.3', function () {
  const ids = fs.readdirSync(`${dir}/mat`).filter((f) => f.endsWith('.mat')).map((f) => f.replace('.mat', '')).sort((a, b) => Number(a) - Number(b));

  it(`reads all ${ids.length} cases: image matches the JPEG (r > 0.99), mask matches the PNG, label matches labels.csv`, async function () {
    const labels = parseLabels();
    let worstR = 1, worstMaskDiff = 0;
    for (const id of ids) {
      const c = await readFigshareMat(`${id}.mat`, read('mat', `${id}.mat`));
      const jpg = readJpeg(`${id}.jpg`, read('images', `${id}.jpg`));
      const png = readPng(`${id}_mask.png`, read('masks', `${id}_mask.png`));
      assert.deepStrictEqual(c.image.dims, jpg.dims, `${id}: dims vs JPEG`);
      assert.deepStrictEqual(c.mask.dims, png.dims, `${id}: mask dims vs PNG`);
      const r = correlation(c.image.data, jpg.data);
      worstR = Math.min(worstR, r);
      assert.ok(r > 0.99, `${id}: correlation with JPEG ${r}`);
      let diff = 0, ones = 0;
      for (let i = 0; i < c.mask.data.length; i++) { if (c.mask.data[i] !== (png.data[i] ? 1 : 0)) diff++; ones += c.mask.data[i]; }
      worstMaskDiff = Math.max(worstMaskDiff, diff);
      assert.strictEqual(diff, 0, `${id}: mask differs from PNG in ${diff} pixels`);
      const ref = labels.get(id);
      assert.ok(ref, `${id} in labels.csv`);
      assert.strictEqual(c.label, ref.label, `${id}: label`);
      assert.strictEqual(ones, ref.maskPixels, `${id}: mask pixels vs labels.csv`);
      assert.strictEqual(c.pid, 'unknown');
      assert.ok(c.border.length >= 6 && c.border.length % 2 === 0, `${id}: border polygon`);
    }
    console.log(`    worst image/JPEG correlation ${worstR.toFixed(5)}, worst mask/PNG pixel difference ${worstMaskDiff}`);
  });

  it('image is MATLAB-oriented: the border polygon (x = column, y = row) bounds the mask', async function () {
    for (const id of ['1', '15']) {
      const c = await readFigshareMat(`${id}.mat`, read('mat', `${id}.mat`));
      const w = c.mask.dims[0];
      const box = [Infinity, Infinity, -Infinity, -Infinity];
      c.mask.data.forEach((m, i) => {
        if (!m) return;
        const x = i % w, y = Math.floor(i / w);
        box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y); box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
      });
      const xs = c.border.filter((_, k) => k % 2 === 0), ys = c.border.filter((_, k) => k % 2 === 1);
      const poly = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
      poly.forEach((p, k) => assert.ok(Math.abs(p - box[k]) <= 2, `${id}: mask box ${box} vs border box ${poly.map((q) => q.toFixed(1))}`));
    }
  });

  it('readVolume on a .mat returns the image', async function () {
    const v = await readVolume('1.mat', read('mat', '1.mat'));
    assert.strictEqual(v.sourceDtype, 'int16');
    assert.strictEqual(v.meta?.label, 1);
  });

  it('a .mat without cjdata names the variables found', async function () {
    await assert.rejects(readFigshareMat('cvind5fold.mat', read('author_files', 'cvind5fold.mat')), (e: unknown) => e instanceof MedSegError && e.code === 'bad-mat' && /cvind/.test(e.message) && e.file === 'cvind5fold.mat');
  });

  it('readMatVariables: v7.3 written by MATLAB and a figshare struct', async function () {
    const v = await readMatVariables('cvind5fold.mat', read('author_files', 'cvind5fold.mat'));
    assert.deepStrictEqual(Object.keys(v), ['cvind']);
    assert.strictEqual(v.cvind.data.length, 3064);
    assert.strictEqual(v.cvind.dtype, 'float64');
    const folds = new Set(Array.from(v.cvind.data as Float64Array));
    assert.deepStrictEqual([...folds].sort(), [1, 2, 3, 4, 5]);
    const s = await readMatVariables('1.mat', read('mat', '1.mat'));
    assert.deepStrictEqual(s['cjdata.image'].shape, [512, 512]);
    assert.strictEqual(s['cjdata.tumorMask'].dtype, 'bool');
    assert.ok(!('cjdata.PID' in s), 'char skipped');
  });

  it('readMatVariables: MATLAB v5 (miCOMPRESSED) label vector', async function () {
    const v = await readMatVariables('label.mat', read('author_files', 'label.mat'));
    assert.deepStrictEqual(v.label.shape, [3064, 1]);
    // MATLAB class double, stored on disk as miUINT8 (scipy's mat_dtype=True agrees).
    assert.strictEqual(v.label.dtype, 'float64');
    const counts = [0, 0, 0, 0];
    for (const x of v.label.data as Float64Array) counts[x]++;
    // Cheng et al.: 708 meningioma, 1426 glioma, 930 pituitary.
    assert.deepStrictEqual(counts.slice(1), [708, 1426, 930]);
  });
});
