import * as assert from 'node:assert/strict';
import { CpuBudget } from '../../../src/worker/jobs/cpuBudget';

describe('CpuBudget: the schedule counts steps until the epochs left, at the median epoch cost, would overrun the budget', () => {
  it('counts steps while the epochs left fit, follows the budget (for good) once they do not', () => {
    const b = new CpuBudget(1); // 60 CPU-s
    // Epochs that cost next to nothing: 40 planned fit; nothing is judged before the third.
    assert.equal(b.endEpoch(1, 1e9), false, 'not judged after one epoch');
    assert.equal(b.endEpoch(2, 1e9), false, 'not judged after two');
    assert.equal(b.scheduleFraction(), null, 'the schedule counts steps');
    assert.equal(b.endEpoch(3, 40), false, '40 near-free epochs fit in a minute');
    assert.equal(b.endEpoch(4, 1e12), true, 'a trillion do not');
    assert.ok((b.scheduleFraction() ?? -1) >= 0, 'the schedule reads the share spent');
    assert.equal(b.endEpoch(5, 5), true, 'once following, it keeps following');
  });

  it('judges by the median epoch: one slow epoch does not decide', () => {
    const b = new CpuBudget(0.01); // 0.6 CPU-s
    const burn = (ms: number) => { const u0 = process.cpuUsage(); while ((process.cpuUsage(u0).user + process.cpuUsage(u0).system) / 1e3 < ms) { /* spin */ } };
    burn(300); // a slow first epoch (the kernels' compilation)
    b.endEpoch(1, 20);
    b.endEpoch(2, 20);
    // The median epoch (~0 CPU-s) × 17 left fits beside the 0.3 s spent; the mean (0.1 × 17) would not.
    assert.equal(b.endEpoch(3, 20), false);
  });

  it('never follows without a budget, and a resumed run keeps its spending and its choice', () => {
    const none = new CpuBudget(0);
    for (let e = 1; e <= 3; e++) assert.equal(none.endEpoch(e, 1e9), false);
    assert.equal(none.scheduleFraction(), null);
    assert.equal(none.spent(), false);
    const resumed = new CpuBudget(1, 30, true);
    assert.equal(resumed.follows, true);
    const f = resumed.scheduleFraction() ?? 0;
    assert.ok(f >= 0.5 && f < 0.6, `share ${f}`);
    assert.equal(new CpuBudget(1, 61).spent(), true);
  });
});
