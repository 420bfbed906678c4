import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DashboardState } from '../../src/core/protocol/dashboardProtocol';
import { PredictResult } from '../../src/core/protocol/workerProtocol';
import { medseg, screenshot, StartedRun, summaryOf, waitFor, writeTinyConfig } from './helpers';
import { projectRoot } from '../helpers/paths';

const metricLines = (runDir: string): number => {
  try { return fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).length; } catch { return 0; }
};
const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe('Train Multitask UNet (real VS Code, real worker, real figshare cases)', function () {
  this.timeout(300000);
  let ws: string;
  let run: StartedRun;

  before(async () => {
    await medseg();
    ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
  });

  it('starts a run from the command: the run folder appears and metrics.jsonl grows', async () => {
    const config = writeTinyConfig(ws, 'tiny', 'figshare-it', 40);
    run = (await vscode.commands.executeCommand<StartedRun>('medseg.trainModel', { configPath: config }))!;
    assert.ok(run?.runDir.startsWith(path.join(ws, 'runs')), `run folder ${run?.runDir}`);
    assert.ok(run.pid && run.pid !== process.pid);
    await waitFor(() => metricLines(run.runDir) >= 1, 180000, 'first epoch');
    const n = metricLines(run.runDir);
    await waitFor(() => metricLines(run.runDir) > n, 120000, 'metrics.jsonl to grow');
    assert.strictEqual(summaryOf(run.runDir)?.status, 'running');
  });

  it('the dashboard webview received the metrics', async () => {
    const state = await waitFor(async () => {
      const s = await vscode.commands.executeCommand<DashboardState>('medseg.test.dashboardState', run.runDir);
      return s && s.epochs >= 2 ? s : undefined;
    }, 60000, 'dashboard to show 2 epochs');
    assert.ok(state.lossSeries.includes('train total'), `loss series ${state.lossSeries}`);
    assert.ok(state.lastValDice !== null && state.lastValDice >= 0 && state.lastValDice <= 1);
    // Show the Runs view beside the dashboard for the screenshot.
    await vscode.commands.executeCommand('workbench.view.extension.medseg');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await new Promise((r) => setTimeout(r, 1500));
    const shot = process.env.MEDSEG_UPDATE_SCREENSHOTS === '1' ? path.join(projectRoot(), 'media/dashboard.png') : path.join(ws, 'dashboard.png');
    await screenshot(shot);
    assert.ok(fs.statSync(shot).size > 10000, 'screenshot written');
  });

  it('Stop ends the worker process with a final checkpoint; Resume continues from it', async () => {
    const pid = run.pid;
    assert.ok(await vscode.commands.executeCommand<boolean>('medseg.stopRun', run.runDir));
    await waitFor(() => !alive(pid), 30000, 'worker pid to exit');
    const stopped = summaryOf(run.runDir)!;
    assert.strictEqual(stopped.status, 'stopped');
    assert.ok(fs.existsSync(path.join(run.runDir, 'checkpoints/latest/manifest.json')), 'final checkpoint');
    const done = stopped.epochsCompleted;
    const resumed = (await vscode.commands.executeCommand<StartedRun>('medseg.resumeRun', run.runDir, { epochs: done + 1 }))!;
    assert.ok(resumed.pid && resumed.pid !== pid, 'a new worker');
    await waitFor(() => summaryOf(run.runDir)?.status === 'completed', 180000, 'resumed run to complete');
    const s = summaryOf(run.runDir)!;
    assert.strictEqual(s.epochsCompleted, done + 1);
    assert.strictEqual(s.resumes, 1);
  });

  it('Predict writes a mask and opens the slice viewer with the overlay', async () => {
    const input = path.join(ws, 'figshare-it', 'mat', fs.readdirSync(path.join(ws, 'figshare-it', 'mat')).sort()[0]);
    const result = (await vscode.commands.executeCommand<PredictResult>('medseg.predict', { runDir: run.runDir, inputs: [input] }))!;
    assert.strictEqual(result.outputs.length, 1);
    assert.ok(fs.existsSync(result.outputs[0].mask), `mask ${result.outputs[0].mask}`);
    assert.ok(result.outputs[0].mask.startsWith(run.runDir), 'written next to the run');
    const tab = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /Prediction/.test(t.label)), 30000, 'viewer tab');
    assert.ok(tab.input instanceof vscode.TabInputWebview, `viewer tab ${tab.label}`);
  });

  it('killing the worker by pid marks the run failed, with a message', async () => {
    const config = writeTinyConfig(ws, 'killed', 'figshare-it', 40);
    const r = (await vscode.commands.executeCommand<StartedRun>('medseg.trainModel', { configPath: config, dashboard: false }))!;
    // The epoch's metrics line is written just before its checkpoint: wait for both, so the
    // kill lands after a completed epoch however loaded the machine is.
    const latest = path.join(r.runDir, 'checkpoints/latest/manifest.json');
    await waitFor(() => metricLines(r.runDir) >= 1 && fs.existsSync(latest), 180000, 'first epoch and its checkpoint');
    process.kill(r.pid, 'SIGKILL');
    const s = await waitFor(() => { const x = summaryOf(r.runDir); return x?.status === 'failed' ? x : undefined; }, 30000, 'run marked failed');
    assert.match(s.error ?? '', /killed|SIGKILL/);
    assert.ok(fs.existsSync(path.join(r.runDir, 'checkpoints/latest/manifest.json')), 'resumable checkpoint left');
  });
});
