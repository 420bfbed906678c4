import * as assert from 'assert';
import { assignFolds, balancedSubset, foldsOf, splitByFold, splitByFraction } from '../../../src/training/data/splitCases';

const cases = Array.from({ length: 30 }, (_, i) => ({ id: String(i), group: `p${Math.floor(i / 3)}`, label: i % 3 }));

describe('case splits', () => {
  it('honours author folds when every case has one', () => {
    const withFolds = cases.map((c, i) => ({ ...c, fold: (i % 4) + 1 }));
    const f = assignFolds(withFolds, 5, 1);
    assert.deepStrictEqual(foldsOf(f), [1, 2, 3, 4]);
    const { train, val } = splitByFold(withFolds, f, 2);
    assert.ok(val.every((c) => c.fold === 2) && train.every((c) => c.fold !== 2));
    assert.strictEqual(train.length + val.length, 30);
  });

  it('keeps each patient group in one fold and is seeded', () => {
    const f = assignFolds(cases, 5, 9);
    for (const c of cases) assert.strictEqual(f.get(c.id), f.get(String(Math.floor(Number(c.id) / 3) * 3)), `group of case ${c.id} split`);
    assert.deepStrictEqual([...assignFolds(cases, 5, 9)], [...f]);
    assert.deepStrictEqual(foldsOf(f), [1, 2, 3, 4, 5]);
  });

  it('fraction split is group-aware, stratified and never empty', () => {
    const { train, val } = splitByFraction(cases, 0.25, 3);
    const vg = new Set(val.map((c) => c.group));
    assert.ok(train.every((c) => !vg.has(c.group)), 'a patient is on both sides');
    assert.ok(val.length > 0 && train.length > 0);
    const single = splitByFraction(cases.slice(0, 2).map((c) => ({ id: c.id, label: 0 })), 0.5, 1);
    assert.strictEqual(single.val.length, 1);
    assert.strictEqual(single.train.length, 1);
  });

  it('balanced subset takes classes round-robin', () => {
    const s = balancedSubset(cases, 9, 4);
    assert.strictEqual(s.length, 9);
    for (const l of [0, 1, 2]) assert.strictEqual(s.filter((c) => c.label === l).length, 3);
  });
});
