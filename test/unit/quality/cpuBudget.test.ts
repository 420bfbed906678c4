import * as assert from 'node:assert/strict';
import { CpuBudget } from '../../../src/worker/jobs/cpuBudget';

describe('CpuBudget: the schedule counts steps until the planned epochs, at the mean cost so far, would overrun the budget', () => {
  it('counts steps while the epochs left fit, follows the budget (for good) once they do not', () => {
    const b = new CpuBudget(1, 10); // 60 CPU-s, 10 spent
    assert.equal(b.planEpochs(5, 20), false, '20 epochs at 2 CPU-s each fit in a minute');
    assert.equal(b.scheduleFraction(), null, 'the schedule counts steps');
    assert.equal(b.planEpochs(0, 20), false, 'nothing is judged before an epoch ends');
    assert.equal(b.planEpochs(5, 40), true, '40 epochs at 2 CPU-s each do not');
    assert.ok((b.scheduleFraction() ?? -1) >= 0, 'the schedule reads the share spent');
    assert.equal(b.planEpochs(0, 0), true, 'once following, it keeps following');
  });

  it('never follows without a budget, and a resumed run keeps its spending and its choice', () => {
    const none = new CpuBudget(0);
    assert.equal(none.planEpochs(1, 1e9), false);
    assert.equal(none.scheduleFraction(), null);
    assert.equal(none.spent(), false);
    const resumed = new CpuBudget(1, 30, true);
    assert.equal(resumed.follows, true);
    const f = resumed.scheduleFraction() ?? 0;
    assert.ok(f >= 0.5 && f < 0.6, `share ${f}`);
    assert.equal(new CpuBudget(1, 61).spent(), true);
  });
});
