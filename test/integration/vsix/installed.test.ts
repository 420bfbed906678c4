import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EnvironmentReport } from '../../../src/core/protocol/workerProtocol';

describe('the packaged .vsix, installed', () => {
  it('loads MedSeg Lab from the extensions folder, not the source tree, as the production build', async () => {
    const ext = vscode.extensions.getExtension('medseg-lab.medseg-lab');
    assert.ok(ext, 'installed extension found');
    const root = process.env.MEDSEG_ROOT ?? '';
    assert.ok(!ext.extensionPath.startsWith(root + path.sep) && ext.extensionPath !== root, `loaded from ${ext.extensionPath}`);
    const main = path.join(ext.extensionPath, 'dist', 'extension.js');
    const size = (await fs.promises.stat(main)).size;
    const head = (await fs.promises.readFile(main, 'utf8')).slice(-2000);
    assert.ok(!head.includes('sourceMappingURL=data:'), 'no inline source map (the development build)');
    // h5wasm is loaded from its own file when a .mat is first read, not with the host.
    assert.ok(fs.existsSync(path.join(ext.extensionPath, 'dist', 'h5wasm.js')), 'dist/h5wasm.js shipped');
    const t0 = Date.now();
    await ext.activate();
    console.log(`      production host bundle ${(size / 1e6).toFixed(2)} MB; activation ${Date.now() - t0} ms (require + activate, first activation in this window)`);
    assert.ok(size < 3e6, `extension.js is ${size} bytes`);
  });

  it('runs Show Environment from the installed bundle (worker, WASM binaries shipped)', async () => {
    const report = await vscode.commands.executeCommand<EnvironmentReport>('medseg.showEnvironment', { panel: false });
    const wasm = report.backends.find((b) => b.name === 'wasm');
    assert.strictEqual(wasm?.available, true, `wasm: ${wasm?.reason}`);
    assert.strictEqual(report.backends.find((b) => b.name === 'cpu')?.available, true);
  });
});
