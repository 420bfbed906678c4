import * as assert from 'assert';
import * as vscode from 'vscode';
import { EnvironmentReport } from '../../src/core/protocol/workerProtocol';
import { EnvironmentPanelState } from '../../src/core/protocol/environmentPanelProtocol';
import { medseg } from './helpers';

describe('foundation (real VS Code)', () => {
  it('activates the extension', async () => {
    const ext = await medseg();
    assert.ok(ext.isActive);
    const pj = ext.packageJSON as { displayName: string; contributes: { commands: { command: string; category: string }[] } };
    assert.strictEqual(pj.displayName, 'MedSeg Lab');
    for (const c of pj.contributes.commands) assert.strictEqual(c.category, 'MedSeg', `${c.command} has category MedSeg`);
    const all = await vscode.commands.getCommands(true);
    for (const c of pj.contributes.commands) assert.ok(all.includes(c.command), `${c.command} is registered`);
  });

  it('Show Environment reports WASM and CPU from a real worker process, with reasons for the rest', async () => {
    const report = await vscode.commands.executeCommand<EnvironmentReport>('medseg.showEnvironment');
    assert.ok(report, 'the command returned a report');
    assert.notStrictEqual(report.pid, process.pid, 'the report comes from a child process');
    const byName = new Map(report.backends.map((b) => [b.name, b]));
    assert.strictEqual(byName.get('wasm')?.available, true, `wasm: ${byName.get('wasm')?.reason}`);
    assert.strictEqual(byName.get('cpu')?.available, true, `cpu: ${byName.get('cpu')?.reason}`);
    for (const b of report.backends) if (!b.available) assert.ok(b.reason.length > 5, `${b.name} has a reason`);
    const tfnode = byName.get('tensorflow');
    assert.ok(tfnode && /not installed|native addon|not found|failed/.test(tfnode.reason), `tensorflow reason: ${tfnode?.reason}`);
    assert.ok(report.cpus >= 1 && report.totalMemoryBytes > 0);
    assert.match(report.node, /^v\d+/);
  });

  it('opens a webview whose script answers a message', async () => {
    const state = await vscode.commands.executeCommand<EnvironmentPanelState>('medseg.test.environmentPanelState');
    assert.ok(state, 'the Environment panel is open and answered');
    assert.ok(state.rows >= 5, `rendered ${state.rows} backend rows`);
    assert.ok(state.availableBackends.includes('wasm') && state.availableBackends.includes('cpu'), `shown: ${state.availableBackends}`);
    assert.ok(state.pid && state.pid !== process.pid);
  });

  if (process.env.MEDSEG_DELIBERATE_FAIL === '1') {
    it('deliberately fails (MEDSEG_DELIBERATE_FAIL=1) to prove failures fail the run', () => {
      assert.strictEqual(1 + 1, 3);
    });
  }
});
