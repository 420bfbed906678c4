import * as assert from 'assert';
import { accuracy, argmaxRows, binaryRocAuc, confusionMatrix, macroRocAucOvr, perClassAccuracy } from '../../../src/core/metrics/classification';
import { ExponentialMovingAverage } from '../../../src/core/metrics/ExponentialMovingAverage';
import { Rng } from '../../../src/core/util/random';
import { referenceAvailable, runReference, referenceNumber } from './reference';

describe('classification metrics', () => {
  it('accuracy, confusion matrix (rows = truth) and per-class accuracy', () => {
    const t = [0, 0, 1, 1, 1, 2];
    const p = [0, 1, 1, 1, 2, 2];
    assert.strictEqual(accuracy(p, t), 4 / 6);
    const m = confusionMatrix(p, t, 3);
    assert.deepStrictEqual(m, [[1, 1, 0], [0, 2, 1], [0, 0, 1]]);
    assert.deepStrictEqual(perClassAccuracy(m), [0.5, 2 / 3, 1]);
    assert.ok(Number.isNaN(perClassAccuracy(confusionMatrix([0], [0], 2))[1]));
    assert.throws(() => confusionMatrix([3], [0], 3), /outside/);
  });
  it('argmax picks the first maximum', () => {
    assert.deepStrictEqual(Array.from(argmaxRows([0.1, 0.7, 0.2, 0.5, 0.5, 0], 3)), [1, 0]);
  });
  it('binary AUC: perfect, inverted, ties count one half', () => {
    assert.strictEqual(binaryRocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 1);
    assert.strictEqual(binaryRocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]), 0);
    assert.strictEqual(binaryRocAuc([0.5, 0.5], [0, 1]), 0.5);
    // sklearn: roc_auc_score([0,0,1,1],[0.1,0.4,0.35,0.8]) == 0.75
    assert.strictEqual(binaryRocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
    assert.ok(Number.isNaN(binaryRocAuc([0.1, 0.2], [1, 1])));
  });
  it('macro OvR AUC skips classes without positives', () => {
    const scores = [0.8, 0.2, 0, 0.3, 0.7, 0, 0.6, 0.4, 0];
    const r = macroRocAucOvr(scores, [0, 1, 0], 3);
    assert.deepStrictEqual(r.perClass.slice(0, 2), [1, 1]);
    assert.ok(Number.isNaN(r.perClass[2]));
    assert.strictEqual(r.macro, 1);
  });
  it('macro OvR AUC with heavy ties matches the numpy/scipy rank formula', function () {
    if (!referenceAvailable()) this.skip();
    const rng = new Rng(21);
    const n = 300, C = 4;
    const labels = Int32Array.from({ length: n }, () => rng.int(0, C));
    const scores = new Float64Array(n * C);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < C; c++) { scores[i * C + c] = Math.round((rng.next() + (labels[i] === c ? 0.4 : 0)) * 10) / 10; s += scores[i * C + c]; }
      for (let c = 0; c < C; c++) scores[i * C + c] /= s || 1;
    }
    const ref = runReference({ auc: [{ name: 'ties', scores, labels, classes: C }] }).auc.ties;
    const ours = macroRocAucOvr(scores, labels, C);
    ours.perClass.forEach((v, c) => assert.ok(Math.abs(v - referenceNumber(ref.perClass[c])) < 1e-12, `class ${c}: ${v} vs ${ref.perClass[c]}`));
    assert.ok(Math.abs(ours.macro - referenceNumber(ref.macro)) < 1e-12);
    assert.ok(ours.macro > 0.6 && ours.macro < 0.99, `informative but imperfect scores: ${ours.macro}`);
  });
});

describe('ExponentialMovingAverage', () => {
  it('starts at the first value and then decays (nnU-Net pseudo-Dice)', () => {
    const e = new ExponentialMovingAverage(0.9);
    assert.ok(Number.isNaN(e.value));
    assert.strictEqual(e.update(0.5), 0.5);
    assert.ok(Math.abs(e.update(1) - 0.55) < 1e-12);
    e.update(NaN);
    assert.strictEqual(e.count, 2, 'NaN is ignored');
  });
  it('bias correction gives the weighted mean of the observations', () => {
    const e = new ExponentialMovingAverage(0.5, true);
    e.update(2);
    assert.strictEqual(e.value, 2);
    e.update(4); // (0.5·(0.5·2) + 0.5·4) / (1 − 0.25) = (0.5 + 2) / 0.75
    assert.ok(Math.abs(e.value - 2.5 / 0.75) < 1e-12);
  });
  it('state round-trips', () => {
    const a = new ExponentialMovingAverage(0.8);
    [1, 2, 3].forEach((x) => a.update(x));
    const b = new ExponentialMovingAverage(0.8);
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    assert.strictEqual(b.update(4), a.update(4));
    assert.throws(() => new ExponentialMovingAverage(1), RangeError);
  });
});
