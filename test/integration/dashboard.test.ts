/**
 * The Training Dashboard on run folders written here (fast, no training): a reopened
 * completed run shows its last epoch's overlays and cases at once, names classes, says
 * "completed · N epochs", takes best Dice from the epochs, sorts cases as the arrow
 * says, and explains what the stored overlays draw; a run this window does not train is
 * followed through a file watcher. Any CSP violation or webview error fails.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { encode } from 'fast-png';
import type { DashboardState } from '../../src/core/protocol/dashboardProtocol';
import type { EpochRecord, RunSummary } from '../../src/core/run';
import { medseg, waitFor } from './helpers';

const CLASSES = ['meningioma', 'glioma', 'pituitary'];

function record(epoch: number, valDice: number): EpochRecord {
  return {
    epoch, step: epoch * 10, lr: 1e-3, seconds: 2, time: new Date().toISOString(), train: { total: 1 / epoch }, valLoss: { total: 1.2 / epoch },
    seg: [{ name: 'tumour', dice: valDice, iou: valDice / 2, hd95: null }], valDice, valDiceEma: valDice, accuracy: 0.5, perClassAccuracy: [0.5, 0.5, 0.5],
    aucMacro: null, confusion: [[2, 1, 0], [0, 3, 1], [1, 0, 2]], best: epoch === 2,
  } as unknown as EpochRecord;
}

/** A run folder as the worker leaves it; `status` running leaves it to be followed. */
function writeRun(dir: string, status: RunSummary['status'], epochs: number): void {
  fs.mkdirSync(dir, { recursive: true });
  // An older config without data.classes: the dashboard must still name figshare's classes.
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ name: 'dash', data: { kind: 'figshare', root: 'figshare' }, training: { epochs: 3 } }));
  const dices = [0.012, 0.032, 0.02];
  fs.writeFileSync(path.join(dir, 'metrics.jsonl'), dices.slice(0, epochs).map((d, i) => JSON.stringify(record(i + 1, d))).join('\n') + '\n');
  const summary = {
    name: 'dash', status, backend: 'wasm', threads: 2, backendReason: '', startedAt: '', updatedAt: '', epochsCompleted: epochs, epochsTotal: 3,
    bestValDice: 0, bestEpoch: 0, bestAccuracy: null, lastValDice: null, paramCount: 1, trainCases: 8, valCases: 3, resumes: 0,
  };
  fs.writeFileSync(path.join(dir, 'summary.json'), JSON.stringify(summary));
  for (let e = 1; e <= epochs; e++) {
    const od = path.join(dir, 'overlays', `epoch-${String(e).padStart(3, '0')}`);
    fs.mkdirSync(od, { recursive: true });
    const png = encode({ width: 24, height: 8, data: new Uint8Array(24 * 8 * 3).fill(90), channels: 3 });
    const cases = [['7', 0.4], ['12', 0.05], ['3', 0.9]].map(([id, dice]) => {
      fs.writeFileSync(path.join(od, `${id}.png`), png);
      return { id, file: `${id}.png`, dice };
    });
    fs.writeFileSync(path.join(od, 'index.json'), JSON.stringify({ epoch: e, cases, size: 8 }));
  }
}

const stateOf = (runDir: string): Thenable<DashboardState | undefined> => vscode.commands.executeCommand<DashboardState>('medseg.test.dashboardState', runDir);

describe('Training Dashboard on run folders (real VS Code)', function () {
  this.timeout(120000);
  let ws: string;
  before(async () => {
    await medseg();
    ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
    await vscode.commands.executeCommand('medseg.test.webviewErrors', true);
  });
  afterEach(async () => { await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  it('reopens a completed run on its last epoch: overlays, cases, class names, best Dice, legend', async () => {
    const runDir = path.join(ws, 'dash-runs', '20260101-000000-dash');
    writeRun(runDir, 'completed', 3);
    await vscode.commands.executeCommand('medseg.openDashboard', runDir);
    const s = await waitFor(async () => { const x = await stateOf(runDir).then(undefined, () => undefined); return x && x.overlayCount === 3 ? x : undefined; }, 60000, 'overlays without a click');
    assert.match(s.overlayTitle, /epoch 3/);
    assert.deepStrictEqual(s.caseOrder, ['12', '7', '3'], 'worst Dice first');
    assert.deepStrictEqual(s.caseHeaders, ['case', 'Dice ▲']);
    assert.deepStrictEqual(s.confusionLabels, CLASSES);
    assert.match(s.legendText, /image \| ground truth \| prediction/);
    assert.match(s.legendText, /ground truth: outline.*prediction: filled/);
    assert.doesNotMatch(s.legendText, /TP/);
    assert.strictEqual(s.progressText, 'completed · 3 epochs');
    assert.match(s.headerText, /best Dice 0\.032/, 'best Dice from the epochs, not the stale summary');
    assert.match(s.headerText, /wasm · 2 threads/, 'the WASM thread count (summary.threads) in the header');
    assert.deepStrictEqual(await vscode.commands.executeCommand('medseg.test.webviewErrors', true), []);
  });

  it('follows a run trained elsewhere through its files until it completes', async () => {
    const runDir = path.join(ws, 'dash-runs', '20260101-000001-dash');
    writeRun(runDir, 'running', 1);
    await vscode.commands.executeCommand('medseg.openDashboard', runDir);
    await waitFor(async () => (await stateOf(runDir).then(undefined, () => undefined))?.epochs === 1, 60000, 'first epoch shown');
    fs.appendFileSync(path.join(runDir, 'metrics.jsonl'), JSON.stringify(record(2, 0.032)) + '\n');
    await waitFor(async () => (await stateOf(runDir))?.epochs === 2, 30000, 'the appended epoch (watcher)');
    const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as RunSummary;
    fs.writeFileSync(path.join(runDir, 'summary.json'), JSON.stringify({ ...summary, status: 'completed', epochsCompleted: 2 }));
    const s = await waitFor(async () => { const x = await stateOf(runDir); return x?.status === 'completed' ? x : undefined; }, 30000, 'completed status (watcher)');
    assert.strictEqual(s.progressText, 'completed · 2 epochs');
    assert.match(s.headerText, /best Dice 0\.032/);
    assert.deepStrictEqual(await vscode.commands.executeCommand('medseg.test.webviewErrors', true), []);
  });
});
