import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readNpy, readNpz, readVolume } from '../../../src/core/io';
import { writeNpy } from '../../helpers/writeNpy';
import type { NdArray } from '../../../src/core/volume/NdArray';
import { MedSegError } from '../../../src/core/util/MedSegError';
import { findPython, runPythonJson } from './pythonRef';

interface Described { shape: number[]; dtype: string; fortran: boolean; values: Array<number | boolean> }

const values = (a: NdArray): number[] => Array.from(a.data as ArrayLike<number | bigint>, Number);
const isMedSeg = (code: string) => (e: unknown): boolean => e instanceof MedSegError && e.code === code && e.file === 'x.npy';

describe('io: NumPy .npy / .npz', function () {
  it('round-trips every supported dtype through writeNpy → readNpy', function () {
    const cases: NdArray[] = [
      { data: Float32Array.of(1.5, -2, 3), shape: [3], dtype: 'float32' },
      { data: Float64Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3], dtype: 'float64' },
      { data: Int16Array.of(-1, 2, -3, 4), shape: [2, 2], dtype: 'int16', fortranOrder: true },
      { data: Uint8Array.of(1, 0, 1), shape: [3], dtype: 'bool' },
      { data: BigInt64Array.of(-5n, 2n ** 50n), shape: [2], dtype: 'int64' },
      { data: Float32Array.of(1, 2, 3, 4), shape: [2, 2], dtype: 'complex64' },
      { data: Float64Array.of(7), shape: [], dtype: 'float64' },
    ];
    for (const c of cases) {
      const b = writeNpy(c);
      assert.strictEqual((b[8] | (b[9] << 8)) + 10, b.findIndex((_, i) => i >= 10 && b[i - 1] === 0x0a), 'header ends with newline');
      assert.strictEqual(((b[8] | (b[9] << 8)) + 10) % 64, 0, 'data 64-byte aligned');
      const r = readNpy('x.npy', b);
      assert.deepStrictEqual(r.shape, c.shape, c.dtype);
      assert.strictEqual(r.dtype, c.dtype);
      assert.strictEqual(!!r.fortranOrder, !!c.fortranOrder);
      assert.deepStrictEqual(values(r), values(c), c.dtype);
    }
  });

  it('reads numpy-written .npy/.npz (both byte orders, Fortran order, bool, int64, complex, 0-d, empty) and numpy reads ours', function () {
    const py = findPython('numpy');
    if (!py) { console.log('    (skipped: no python3 with numpy)'); this.skip(); }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-npy-'));
    try {
      const expected = runPythonJson<Record<string, Described>>(py, 'npy_reference.py', ['make', dir]);
      const ours: string[] = [];
      for (const [name, exp] of Object.entries(expected)) {
        const a = readNpy(`${name}.npy`, new Uint8Array(fs.readFileSync(path.join(dir, `${name}.npy`))));
        const isComplex = exp.dtype.startsWith('complex');
        assert.deepStrictEqual(a.shape, isComplex ? [...exp.shape, 2] : exp.shape, `${name}: shape`);
        assert.strictEqual(a.dtype, exp.dtype, `${name}: dtype`);
        assert.strictEqual(!!a.fortranOrder, exp.fortran, `${name}: order`);
        assert.deepStrictEqual(values(a), exp.values.map(Number), `${name}: values`);
        const file = path.join(dir, `ours_${name}.npy`);
        fs.writeFileSync(file, writeNpy(a));
        ours.push(file);
      }
      const back = runPythonJson<Record<string, Described>>(py, 'npy_reference.py', ['read', ...ours]);
      for (const file of ours) {
        const name = path.basename(file, '.npy').replace(/^ours_/, '');
        const exp = expected[name];
        assert.deepStrictEqual(back[file].shape, exp.shape, `numpy reading ours ${name}: shape`);
        assert.strictEqual(back[file].dtype, exp.dtype, `numpy reading ours ${name}: dtype`);
        assert.deepStrictEqual(back[file].values.map(Number), exp.values.map(Number), `numpy reading ours ${name}: values`);
      }
      for (const z of ['plain.npz', 'compressed.npz']) {
        const arrs = readNpz(z, new Uint8Array(fs.readFileSync(path.join(dir, z))));
        assert.deepStrictEqual(Object.keys(arrs).sort(), ['a', 'b']);
        assert.deepStrictEqual(values(arrs.a), expected.f4.values.map(Number), z);
        assert.deepStrictEqual(values(arrs.b), expected.i2_be.values.map(Number), z);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a 2-D C-order .npy opens as a [w, h, 1] Volume through readVolume', async function () {
    const v = await readVolume('img.npy', writeNpy({ data: Uint8Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3], dtype: 'uint8' }));
    assert.deepStrictEqual(v.dims, [3, 2, 1]);
    assert.deepStrictEqual(Array.from(v.data), [1, 2, 3, 4, 5, 6]);
  });

  it('malformed headers throw MedSegError with a code', function () {
    const good = writeNpy({ data: Float32Array.of(1, 2, 3), shape: [3], dtype: 'float32' });
    const edit = (f: (b: Uint8Array) => void): Uint8Array => { const b = good.slice(); f(b); return b; };
    const text = (b: Uint8Array, from: string, to: string): void => {
      const s = String.fromCharCode(...b.subarray(10, 74)).replace(from, to);
      for (let i = 0; i < s.length; i++) b[10 + i] = s.charCodeAt(i);
    };
    assert.throws(() => readNpy('x.npy', edit((b) => { b[1] = 0; })), isMedSeg('bad-magic'));
    assert.throws(() => readNpy('x.npy', edit((b) => { b[6] = 9; })), isMedSeg('bad-header'));
    assert.throws(() => readNpy('x.npy', edit((b) => { b[8] = 0xff; b[9] = 0x7f; })), isMedSeg('truncated'));
    assert.throws(() => readNpy('x.npy', edit((b) => text(b, "'descr'", "'dexcr'"))), isMedSeg('bad-header'));
    assert.throws(() => readNpy('x.npy', edit((b) => text(b, '<f4', '<V4'))), isMedSeg('unsupported-dtype'));
    assert.throws(() => readNpy('x.npy', edit((b) => text(b, '(3,)', '(9,)'))), isMedSeg('truncated'));
    assert.throws(() => readNpy('x.npy', edit((b) => text(b, '(3,)', '(x,)'))), isMedSeg('bad-header'));
    assert.throws(() => readNpy('x.npy', good.subarray(0, 60)), isMedSeg('truncated'));
    assert.throws(() => readNpz('x.npy', Uint8Array.of(0x50, 0x4b, 3, 4, 0, 0)), isMedSeg('corrupt-archive'));
  });
});
