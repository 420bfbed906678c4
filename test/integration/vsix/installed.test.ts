import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { EnvironmentReport } from '../../../src/core/protocol/workerProtocol';

describe('the packaged .vsix, installed', () => {
  it('loads MedSeg Lab from the extensions folder, not the source tree', () => {
    const ext = vscode.extensions.getExtension('medseg-lab.medseg-lab');
    assert.ok(ext, 'installed extension found');
    const root = process.env.MEDSEG_ROOT ?? '';
    assert.ok(!ext.extensionPath.startsWith(root + path.sep) && ext.extensionPath !== root, `loaded from ${ext.extensionPath}`);
  });

  it('runs Show Environment from the installed bundle (worker, WASM binaries shipped)', async () => {
    const report = await vscode.commands.executeCommand<EnvironmentReport>('medseg.showEnvironment', { panel: false });
    const wasm = report.backends.find((b) => b.name === 'wasm');
    assert.strictEqual(wasm?.available, true, `wasm: ${wasm?.reason}`);
    assert.strictEqual(report.backends.find((b) => b.name === 'cpu')?.available, true);
  });
});
