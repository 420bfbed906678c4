/**
 * The inspector's p1/p99 are NumPy's `np.percentile(a[np.isfinite(a)], [1, 99])`
 * (default 'linear' method), checked against numpy itself on random, skewed,
 * tied and tiny arrays.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { computeStats } from '../../../src/core/tensor/tensorStats';
import { python3, pythonHas } from '../../helpers/paths';

/** Deterministic uniform [0, 1) (LCG) so numpy sees the very same numbers. */
function uniform(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; });
}

function numpyPercentiles(arrays: Float32Array[]): number[][] {
  // Non-finite values travel as the strings Python's float() reads ("nan", "inf", "-inf").
  const script = [
    'import sys, json, numpy as np',
    'for line in sys.stdin:',
    '    a = np.array([float(x) for x in json.loads(line)], dtype=np.float32).astype(np.float64)',
    '    a = a[np.isfinite(a)]',
    '    print(json.dumps([float(x) for x in np.percentile(a, [1, 99])]))',
  ].join('\n');
  const enc = (v: number): number | string => (Number.isFinite(v) ? v : v !== v ? 'nan' : v > 0 ? 'inf' : '-inf');
  const input = arrays.map((a) => JSON.stringify(Array.from(a, enc))).join('\n') + '\n';
  const r = spawnSync(python3(), ['-c', script], { input, encoding: 'utf8' });
  assert.strictEqual(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l) as number[]);
}

describe('tensor stats percentiles (NumPy np.percentile, linear)', () => {
  before(function () { if (!pythonHas('numpy')) this.skip(); });

  it('p1/p99 equal numpy on uniform, skewed, tied, tiny and non-finite arrays', () => {
    const u = uniform(64 * 64 * 3, 7);
    const skewed = u.map((v) => v ** 4);
    const tied = Float32Array.from(uniform(5000, 3), (v) => Math.round(v * 5));
    const withNan = Float32Array.from(uniform(1001, 11), (v, i) => (i % 97 === 0 ? NaN : i % 89 === 0 ? Infinity : v));
    const cases = [u, skewed, tied, withNan, Float32Array.of(3), Float32Array.of(5, 1), Float32Array.of(0.5, 0.25, 2, 1)];
    const want = numpyPercentiles(cases);
    cases.forEach((a, i) => {
      const s = computeStats({ data: a, shape: [a.length], dtype: 'float32' });
      const [p1, p99] = want[i]!;
      assert.ok(Math.abs(s.p1 - p1!) <= 1e-9 * Math.max(1, Math.abs(p1!)), `case ${i}: p1 ${s.p1} vs numpy ${p1}`);
      assert.ok(Math.abs(s.p99 - p99!) <= 1e-9 * Math.max(1, Math.abs(p99!)), `case ${i}: p99 ${s.p99} vs numpy ${p99}`);
    });
  });
});
