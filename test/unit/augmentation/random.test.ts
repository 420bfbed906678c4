import * as assert from 'assert';
import { Rng } from '../../../src/core/util/random';

describe('Rng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Rng(1), b = new Rng(1), c = new Rng(2);
    const xa = Array.from({ length: 5 }, () => a.next());
    assert.deepStrictEqual(xa, Array.from({ length: 5 }, () => b.next()));
    assert.notDeepStrictEqual(xa, Array.from({ length: 5 }, () => c.next()));
  });
  it('state round-trips through JSON', () => {
    const a = new Rng(123);
    a.next();
    const saved = JSON.parse(JSON.stringify(a.getState())) as number;
    const expected = [a.next(), a.normal(), a.int(0, 10)];
    const b = new Rng(0);
    b.setState(saved);
    assert.deepStrictEqual([b.next(), b.normal(), b.int(0, 10)], expected);
  });
  it('uniform, int and normal have the right ranges and moments', () => {
    const r = new Rng(9);
    const N = 20000;
    let s = 0, s2 = 0;
    const hits = new Array(5).fill(0);
    for (let i = 0; i < N; i++) {
      const u = r.next();
      assert.ok(u >= 0 && u < 1);
      const k = r.int(0, 5);
      hits[k]++;
      const z = r.normal(2, 3);
      s += z; s2 += z * z;
    }
    const mean = s / N;
    const sd = Math.sqrt(s2 / N - mean * mean);
    assert.ok(Math.abs(mean - 2) < 0.1 && Math.abs(sd - 3) < 0.1, `${mean} ${sd}`);
    for (const h of hits) assert.ok(Math.abs(h / N - 0.2) < 0.015, String(hits));
  });
  it('rejects empty int ranges and non-finite seeds', () => {
    assert.throws(() => new Rng(1).int(3, 3), RangeError);
    assert.throws(() => new Rng(NaN), RangeError);
  });
});
