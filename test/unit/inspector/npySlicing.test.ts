/**
 * A (2, 3, 64, 64) float32 .npy, written by NumPy when available and by hand otherwise,
 * read by the project's reader and sliced along every pair of axes; malformed headers
 * must fail with a clear MedSegError.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readNpy } from '../../../src/core/io';
import { extractPlane } from '../../../src/core/tensor/slicePlane';
import { computeStats } from '../../../src/core/tensor/tensorStats';
import { detectLayout } from '../../../src/core/tensor/detectLayout';
import { MedSegError } from '../../../src/core/util/MedSegError';
import { pythonHas } from '../../helpers/paths';

const SHAPE = [2, 3, 64, 64];
/** Value at (n, c, y, x): its own flat C-order index. */
const valueAt = (i: number[]): number => ((i[0]! * 3 + i[1]!) * 64 + i[2]!) * 64 + i[3]!;

/** A .npy v1.0 file by hand: magic, version, header length, padded header, data. */
function npyBytes(header: string, data: Uint8Array): Uint8Array {
  const pad = 64 - ((10 + header.length + 1) % 64);
  const h = header + ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + h.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, h.length, true);
  for (let i = 0; i < h.length; i++) out[10 + i] = h.charCodeAt(i);
  out.set(data, 10 + h.length);
  return out;
}

function handWritten(): Uint8Array {
  const data = Float32Array.from({ length: 2 * 3 * 64 * 64 }, (_, i) => i);
  return npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 64, 64), }", new Uint8Array(data.buffer));
}

function numpyWritten(): Uint8Array | undefined {
  if (!pythonHas('numpy')) return undefined;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-insp-')), 'a.npy');
  const r = spawnSync('python3', ['-c', `import numpy as np; np.save(${JSON.stringify(file)}, np.arange(2*3*64*64, dtype=np.float32).reshape(2, 3, 64, 64))`]);
  assert.strictEqual(r.status, 0, String(r.stderr));
  const bytes = fs.readFileSync(file);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return new Uint8Array(bytes);
}

describe('.npy (2, 3, 64, 64) slicing', () => {
  const sources: [string, () => Uint8Array | undefined][] = [['hand-written', handWritten], ['numpy-written', numpyWritten]];
  for (const [label, make] of sources) {
    it(`slices every pair of axes of a ${label} file`, function () {
      const bytes = make();
      if (!bytes) { console.log('    skipped: python3 with numpy not available'); this.skip(); }
      const arr = readNpy('a.npy', bytes!);
      assert.deepStrictEqual(arr.shape, SHAPE);
      assert.strictEqual(detectLayout(arr.shape).kind, 'NCHW');
      const fixed = [1, 2, 40, 17];
      for (let r = 0; r < 4; r++) {
        for (let c = 0; c < 4; c++) {
          if (r === c) continue;
          const p = extractPlane(arr, { rowAxis: r, colAxis: c, indices: fixed });
          assert.deepStrictEqual([p.rows, p.cols], [SHAPE[r], SHAPE[c]]);
          for (let i = 0; i < p.rows; i++) {
            for (let j = 0; j < p.cols; j++) {
              const idx = [...fixed];
              idx[r] = i;
              idx[c] = j;
              if (p.values[i * p.cols + j] !== valueAt(idx)) assert.fail(`axes (${r}, ${c}) cell (${i}, ${j}) = ${p.values[i * p.cols + j]}, expected ${valueAt(idx)}`);
            }
          }
        }
      }
      const s = computeStats(arr);
      assert.deepStrictEqual([s.min, s.max, s.mean], [0, 24575, 24575 / 2]);
    });
  }

  it('fails with a clear MedSegError on malformed headers', () => {
    const data = new Uint8Array(16);
    const cases: [Uint8Array, RegExp][] = [
      [npyBytes("{'descr': '<f4', 'fortran_order': False, }", data), /shape/],
      [npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", data), /shape/],
      [npyBytes("{'descr': 'O', 'fortran_order': False, 'shape': (2,), }", data), /dtype|descr/],
      [npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (100,), }", data), /truncated|needs|bytes/],
      [new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), /magic|npy/i],
    ];
    for (const [bytes, re] of cases) {
      assert.throws(() => readNpy('bad.npy', bytes), (err: unknown) => {
        assert.ok(err instanceof MedSegError, `a MedSegError, got ${String(err)}`);
        assert.match(err.message, /^bad\.npy: /);
        assert.match(err.message, re);
        return true;
      });
    }
  });
});
