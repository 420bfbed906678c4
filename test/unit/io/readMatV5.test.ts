import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readMatVariables, readMatV5 } from '../../../src/core/io';
import { MedSegError } from '../../../src/core/util/MedSegError';
import { findPython, runPythonJson } from './pythonRef';

describe('io: MATLAB v5 reader vs scipy.io.savemat', function () {
  it('reads numeric/logical variables (plain and miCOMPRESSED) column-major with MATLAB dims; skips char/cell/struct', async function () {
    const py = findPython('scipy', 'numpy');
    if (!py) { console.log('    (skipped: no python3 with scipy)'); this.skip(); }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-mat-'));
    try {
      const expected = runPythonJson<Record<string, { shape: number[]; values: number[] }>>(py, 'mat_v5_reference.py', [dir]);
      for (const file of ['plain.mat', 'compressed.mat']) {
        const vars = await readMatVariables(file, new Uint8Array(fs.readFileSync(path.join(dir, file))));
        assert.deepStrictEqual(Object.keys(vars).sort(), Object.keys(expected).sort(), `${file}: variable names`);
        for (const [k, exp] of Object.entries(expected)) {
          assert.deepStrictEqual(vars[k].shape, exp.shape, `${file}:${k} shape`);
          assert.ok(vars[k].fortranOrder, `${file}:${k} column-major`);
          assert.deepStrictEqual(Array.from(vars[k].data as ArrayLike<number | bigint>, Number), exp.values, `${file}:${k} values`);
        }
        assert.strictEqual(vars.lgc.dtype, 'bool');
        assert.strictEqual(vars.i16.dtype, 'int16');
        assert.strictEqual(vars.sgl.dtype, 'float32');
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses non-v5 bytes and truncated elements with MedSegError', function () {
    assert.throws(() => readMatV5('x.mat', new Uint8Array(200)), (e: unknown) => e instanceof MedSegError && e.code === 'bad-magic');
    const hdr = new Uint8Array(128 + 16);
    hdr.set(Array.from('MATLAB 5.0 MAT-file', (c) => c.charCodeAt(0)));
    hdr.set([0x00, 0x01, 0x49, 0x4d], 124);
    new DataView(hdr.buffer).setUint32(128, 14, true);
    new DataView(hdr.buffer).setUint32(132, 1000, true);
    assert.throws(() => readMatV5('x.mat', hdr), (e: unknown) => e instanceof MedSegError && e.code === 'truncated' && e.file === 'x.mat');
  });
});
