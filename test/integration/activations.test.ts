/**
 * "MedSeg: Inspect Activations…" in a real VS Code: trains a tiny run (real worker, real
 * figshare cases), then asks for the first encoder conv's activations on a .mat case and
 * checks what the inspector webview shows: an NHWC [1, inputSize, inputSize, baseFilters]
 * tensor that is not constant.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { InspectorViewState } from '../../src/core/protocol/inspectorProtocol';
import { medseg, StartedRun, summaryOf, waitFor, writeTinyConfig } from './helpers';

interface ActivationsOpened { title: string; layer: string; layers: string[] }

describe('Inspect Activations (real VS Code, real worker)', function () {
  this.timeout(300000);
  let ws: string;
  let runDir: string;

  before(async () => {
    await medseg();
    ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const configPath = writeTinyConfig(ws, 'activations', 'figshare-act', 1);
    const run = (await vscode.commands.executeCommand<StartedRun>('medseg.trainModel', { configPath, dashboard: false }))!;
    runDir = run.runDir;
    const s = await waitFor(() => {
      const x = summaryOf(runDir);
      return x && x.status !== 'running' ? x : undefined;
    }, 240000, 'the tiny run to end');
    assert.strictEqual(s.status, 'completed', s.error);
  });
  after(async () => { await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  it('shows the first encoder conv feature maps of a .mat case as NHWC [1,32,32,4]', async () => {
    const mats = fs.readdirSync(path.join(ws, 'figshare-act', 'mat')).filter((f) => f.endsWith('.mat')).sort();
    const input = path.join(ws, 'figshare-act', 'mat', mats[0]!);
    const opened = await vscode.commands.executeCommand<ActivationsOpened>('medseg.inspectActivations', { runDir, input, layer: 'enc0.conv1' });
    assert.ok(opened, 'the command opened a panel');
    assert.strictEqual(opened.layer, 'enc0.conv1');
    assert.ok(opened.layers.includes('segLogits') && opened.layers.length > 4, `layers ${opened.layers.join(', ')}`);
    const s = await vscode.commands.executeCommand<InspectorViewState | undefined>('medseg.test.inspectorState');
    assert.ok(s, 'an inspector panel is open and answered');
    assert.strictEqual(s.name, 'enc0.conv1');
    assert.deepStrictEqual(s.shape, [1, 32, 32, 4]);
    assert.strictEqual(s.dtype, 'float32');
    assert.deepStrictEqual(s.variables, opened.layers, 'every layer can be picked in the panel');
    // The heatmap shows a spatial plane (rows H, cols W) of one channel.
    assert.deepStrictEqual([s.spec.rowAxis, s.spec.colAxis], [1, 2]);
    assert.ok(Number.isFinite(s.min) && Number.isFinite(s.max) && s.max > s.min, `activations are not constant (min ${s.min}, max ${s.max})`);
  });

  it('switches to a deeper layer from the panel (same worker)', async () => {
    const s = await vscode.commands.executeCommand<InspectorViewState>('medseg.test.inspectorSetView', undefined, 'enc1.conv1');
    assert.ok(s);
    assert.strictEqual(s.name, 'enc1.conv1');
    // depth 2: the second level is pooled to half size with twice the filters.
    assert.deepStrictEqual(s.shape, [1, 16, 16, 8]);
  });
});
