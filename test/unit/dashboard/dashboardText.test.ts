/**
 * What the Training Dashboard writes (issue 11, item 8): the loading line is not an
 * epoch, the epoch never passes the total, best Dice follows new epochs, the confusion
 * matrix names classes, and "Dice ▼/▲" sorts the way its arrow says.
 */
import * as assert from 'assert';
import type { DashboardRun, ProgressMessage } from '../../../src/core/protocol/dashboardProtocol';
import type { EpochRecord, RunSummary } from '../../../src/core/run';
import {
  backendText, bestDice, caseHeaders, classLabel, confusionPlaceholder, cpuText, nextSort, progressLine, progressPercent, sortCases,
} from '../../../webview/dashboard/dashboardText';

const progress = (p: Partial<ProgressMessage>): ProgressMessage => ({
  type: 'progress', epoch: 1, epochs: 6, iteration: 0, iterations: 20, phase: 'train', loss: 0.5, etaSeconds: null, ...p,
});

describe('dashboard texts', () => {
  it('says "loading cases" while the dataset is read, not "epoch 0/6 · step 94/20 · loss 124"', () => {
    const m = progress({ phase: 'loading', epoch: 0, iteration: 94, iterations: 124, loss: 0 });
    assert.strictEqual(progressLine(m), 'loading cases 94/124');
    assert.strictEqual(progressPercent(m), 0);
  });
  it('never shows an epoch past the total', () => {
    const m = progress({ phase: 'checkpoint', epoch: 7, iteration: 20, loss: 0.25 });
    assert.strictEqual(progressLine(m), 'epoch 6/6 · checkpoint · loss 0.2500');
    assert.strictEqual(progressPercent(m), 100);
    assert.strictEqual(progressLine(progress({ epoch: 2, iteration: 5, etaSeconds: 61.6 })), 'epoch 2/6 · train · step 5/20 · loss 0.5000 · ETA 62 s');
  });
  it('shows the WASM thread count next to the backend', () => {
    assert.strictEqual(backendText({ backend: 'wasm', threads: 2 }), 'wasm · 2 threads');
    assert.strictEqual(backendText({ backend: 'wasm', threads: 1 }), 'wasm · 1 thread');
    assert.strictEqual(backendText({ backend: 'webgpu' }), 'webgpu');
    assert.strictEqual(backendText(undefined), '');
    assert.strictEqual(cpuText({ cpuSeconds: 306 }), '5.1 CPU-min');
    assert.strictEqual(cpuText({ cpuSeconds: 306, scheduleFollowsBudget: false }), '5.1 CPU-min');
    assert.strictEqual(cpuText({ cpuSeconds: 1800, scheduleFollowsBudget: true }), '30.0 CPU-min · lr follows the CPU budget (not repeatable)');
    assert.strictEqual(cpuText({}), '');
  });
  it('takes the best Dice from epochs that arrived after the summary', () => {
    const rec = (epoch: number, valDice: number) => ({ epoch, valDice }) as EpochRecord;
    const run: DashboardRun = { runDir: '/r', name: 'r', summary: { bestValDice: 0 } as RunSummary, history: [rec(1, 0.012), rec(2, 0.032), rec(3, 0.02)] };
    assert.strictEqual(bestDice(run), 0.032);
    assert.strictEqual(bestDice({ ...run, summary: undefined, history: [] }), null);
  });
  it('names classes in the confusion matrix and tells "no head" from "no epoch yet"', () => {
    const classes = ['meningioma', 'glioma', 'pituitary'];
    assert.deepStrictEqual([0, 1, 2].map((i) => classLabel(classes, i)), classes);
    assert.strictEqual(confusionPlaceholder(classes, 0), 'after the first validation epoch');
    assert.strictEqual(confusionPlaceholder([], 3), 'no classification head');
  });
  it('sorts cases the way the header arrow says, worst Dice first by default', () => {
    const rows = [{ caseId: 'a', dice: 0.5 }, { caseId: 'b', dice: 0.1 }, { caseId: 'c', dice: 0.9 }];
    let sort = { key: 'dice' as const, descending: false };
    assert.deepStrictEqual(caseHeaders(sort), { id: 'case', dice: 'Dice ▲' });
    assert.deepStrictEqual(sortCases(rows, sort).map((r) => r.caseId), ['b', 'a', 'c']);
    const flipped = nextSort(sort, 'dice');
    assert.deepStrictEqual([caseHeaders(flipped).dice, sortCases(rows, flipped).map((r) => r.caseId).join('')], ['Dice ▼', 'cab']);
    sort = { key: 'dice', descending: true };
    assert.deepStrictEqual(nextSort(sort, 'id'), { key: 'id', descending: false });
  });
});
