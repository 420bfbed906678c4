/**
 * Tensor Inspector in a real VS Code: a real Node debug session (js-debug) stopped at a
 * `debugger;` statement; "View as Tensor" on a tfjs tensor, a Float32Array, an int32
 * tensor and a nested array; the webview reports what it received and drew. Then the
 * watch toggle reloads the view at the next stop. Also opens a .npy file.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { zipSync } from 'fflate';
import { writeNifti } from '../../src/core/io';
import { affineFromSpacing } from '../../src/core/volume/Volume';
import { InspectorViewState } from '../../src/core/protocol/inspectorProtocol';
import { projectRoot } from '../helpers/paths';
import { medseg, screenshot, waitFor } from './helpers';

const state = async (): Promise<InspectorViewState> => {
  const s = await vscode.commands.executeCommand<InspectorViewState | undefined>('medseg.test.inspectorState');
  assert.ok(s, 'an inspector panel is open and answered');
  return s;
};

/** The top frame of a stopped session (after the debugger focused it). */
async function stoppedFrame(after?: number): Promise<vscode.DebugStackFrame> {
  return waitFor(() => {
    const item = vscode.debug.activeStackItem;
    return item instanceof vscode.DebugStackFrame && item.frameId !== after ? item : undefined;
  }, 60000, 'the debuggee to stop at debugger;');
}

/** Writes a little-endian float32 C-order .npy of `shape` with `value(i)` at flat index i. */
function writeNpy(file: string, shape: number[], value: (i: number) => number): void {
  const n = shape.reduce((a, b) => a * b, 1);
  const header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const h = header + ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const bytes = Buffer.alloc(10 + h.length + n * 4);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(bytes);
  bytes.writeUInt16LE(h.length, 8);
  bytes.write(h, 10, 'latin1');
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = value(i);
  Buffer.from(data.buffer).copy(bytes, 10 + h.length);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
}

/** A screenshot for people reviewing the UI, when MEDSEG_INSPECTOR_SHOTS names a folder. */
async function shot(name: string): Promise<void> {
  const dir = process.env.MEDSEG_INSPECTOR_SHOTS;
  if (dir) await screenshot(path.join(dir, `${name}.png`)).catch((e: unknown) => console.log(`screenshot ${name} failed: ${String(e)}`));
}

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-insp-'));

describe('Tensor Inspector (real VS Code)', function () {
  this.timeout(180000);

  before(async () => { await medseg(); });
  after(async () => {
    await vscode.debug.stopDebugging();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a .npy file and shows its middle plane', async () => {
    const file = path.join(tmp(), 'vol.npy');
    writeNpy(file, [5, 3, 4], (i) => i);
    await vscode.commands.executeCommand('medseg.inspectTensor', vscode.Uri.file(file));
    const s = await state();
    assert.deepStrictEqual([s.name, s.shape, s.dtype], ['vol', [5, 3, 4], 'float32']);
    // (5, 3, 4) reads as a small volume (DHW): rows = axis 1, cols = axis 2, middle slice of axis 0.
    assert.deepStrictEqual([s.spec.rowAxis, s.spec.colAxis, s.spec.indices[0]], [1, 2, 2]);
    assert.deepStrictEqual(s.planeHead, Array.from({ length: 12 }, (_, i) => 24 + i));
  });

  it('offers the variables of an .npz', async () => {
    const a = path.join(tmp(), 'a.npy');
    const b = path.join(tmp(), 'b.npy');
    writeNpy(a, [2, 2], (i) => i);
    writeNpy(b, [3], (i) => 10 - i);
    const file = path.join(tmp(), 'pair.npz');
    fs.writeFileSync(file, zipSync({ 'image.npy': fs.readFileSync(a), 'label.npy': fs.readFileSync(b) }));
    await vscode.commands.executeCommand('medseg.inspectTensor', vscode.Uri.file(file));
    const s = await state();
    assert.deepStrictEqual([s.variables, s.name, s.shape, s.planeHead], [['image', 'label'], 'image', [2, 2], [0, 1, 2, 3]]);
    // The variable picker: the host reads the other member.
    const t = await vscode.commands.executeCommand<InspectorViewState>('medseg.test.inspectorSetView', undefined, 'label');
    assert.deepStrictEqual([t.name, t.shape, t.planeHead], ['label', [3], [10, 9, 8]]);
  });

  it('opens a NIfTI volume in NIfTI axis order (rows j, cols i, middle k)', async () => {
    const file = path.join(tmp(), 'vol.nii');
    const data = Float32Array.from({ length: 4 * 3 * 2 }, (_, i) => i);
    fs.writeFileSync(file, writeNifti({
      data, dims: [4, 3, 2], spacing: [1, 1, 1], affine: affineFromSpacing([1, 1, 1]), sourceDtype: 'float32', scaling: { slope: 1, inter: 0, applied: false },
    }));
    await vscode.commands.executeCommand('medseg.inspectTensor', vscode.Uri.file(file));
    const s = await state();
    assert.deepStrictEqual([s.shape, s.spec.rowAxis, s.spec.colAxis, s.spec.indices[2]], [[4, 3, 2], 1, 0, 1]);
    assert.deepStrictEqual(s.planeHead, Array.from({ length: 12 }, (_, i) => 12 + i));
  });

  it('keeps a large tensor responsive: downsampled heatmap, virtual table, channel grid', async () => {
    const file = path.join(tmp(), 'big.npy');
    const [C, H, W] = [4, 300, 2000];
    writeNpy(file, [1, C, H, W], (i) => (i % W) + 1000 * Math.floor(i / (H * W)));
    await vscode.commands.executeCommand('medseg.inspectTensor', vscode.Uri.file(file));
    let s = await state();
    assert.deepStrictEqual([s.shape, s.spec.rowAxis, s.spec.colAxis], [[1, C, H, W], 2, 3]);
    assert.deepStrictEqual([s.planeRows, s.planeCols], [300, 1000], 'the 300 × 2000 plane is strided to ≤ 1024 per side');
    assert.deepStrictEqual(s.planeHead.slice(0, 3), [0, 2, 4]);
    await shot('inspector-heatmap');
    s = await vscode.commands.executeCommand<InspectorViewState>('medseg.test.inspectorSetView', 'table');
    assert.strictEqual(s.view, 'table');
    assert.ok(s.tableDomRows > 3 && s.tableDomRows < 100, `only visible rows are in the DOM (${s.tableDomRows} of ${H})`);
    await shot('inspector-table');
    s = await vscode.commands.executeCommand<InspectorViewState>('medseg.test.inspectorSetView', 'channels');
    assert.strictEqual(s.view, 'channels');
    await shot('inspector-channels');
    await vscode.commands.executeCommand<InspectorViewState>('medseg.test.inspectorSetView', 'heatmap');
  });

  it('opens the weights of a training checkpoint', async () => {
    const dir = path.join(tmp(), 'run', 'checkpoints', 'latest');
    fs.mkdirSync(dir, { recursive: true });
    const manifest = {
      format: 'medseg-checkpoint-1', epoch: 3, step: 30, iteration: 0, partialTrain: {}, rng: 0, valDice: 0.5, bestValDice: 0.5, bestEpoch: 3,
      valDiceEma: null, lastValDice: 0.5, metricsLines: 3, backend: 'cpu', time: new Date().toISOString(),
      weights: [{ name: 'enc1/kernel', shape: [3, 3, 1, 8], offset: 0 }, { name: 'enc1/bias', shape: [8], offset: 72 }],
      optimizer: { tensors: [], state: {} },
    };
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(Float32Array.from({ length: 80 }, (_, i) => i / 10).buffer));
    fs.writeFileSync(path.join(dir, 'optimizer.bin'), Buffer.alloc(0));
    await vscode.commands.executeCommand('medseg.inspectTensor', vscode.Uri.file(path.join(dir, 'manifest.json')));
    const s = await state();
    assert.deepStrictEqual([s.name, s.shape, s.dtype], ['enc1/kernel', [3, 3, 1, 8], 'float32']);
    assert.strictEqual(s.planeHead.length, 8, 'one (in × out) = 1 × 8 plane of the first tap');
  });

  it('shows a (3, 3, 64, 64) conv kernel as HWIO and lays out its table without CSP violations', async () => {
    await vscode.commands.executeCommand('medseg.test.webviewErrors', true);
    const dir = path.join(tmp(), 'run', 'checkpoints', 'latest');
    fs.mkdirSync(dir, { recursive: true });
    const n = 3 * 3 * 64 * 64;
    const manifest = {
      format: 'medseg-checkpoint-1', epoch: 3, step: 30, iteration: 0, partialTrain: {}, rng: 0, valDice: 0.5, bestValDice: 0.5, bestEpoch: 3,
      valDiceEma: null, lastValDice: 0.5, metricsLines: 3, backend: 'cpu', time: new Date().toISOString(),
      weights: [{ name: 'enc0/conv1/kernel', shape: [3, 3, 64, 64], offset: 0 }], optimizer: { tensors: [], state: {} },
    };
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(Float32Array.from({ length: n }, (_, i) => i % 1000).buffer));
    fs.writeFileSync(path.join(dir, 'optimizer.bin'), Buffer.alloc(0));
    await vscode.commands.executeCommand('medseg.inspectTensor', vscode.Uri.file(path.join(dir, 'weights.bin')));
    const s0 = await state();
    assert.strictEqual(s0.statsShown.layout, 'HWIO');
    assert.deepStrictEqual(s0.axisLabels, ['axis 0 kh (3)', 'axis 1 kw (3)', 'axis 2 in (64)', 'axis 3 out (64)']);
    const s = await vscode.commands.executeCommand<InspectorViewState>('medseg.test.inspectorSetView', 'table');
    const cells = await waitFor(async () => { const x = await state(); return x.tableCells.length >= 12 ? x.tableCells : undefined; }, 30000, 'table cells');
    assert.strictEqual(s.view, 'table');
    // The centre tap (kh = kw = 1): in × out; each cell shows its value, in a grid on screen.
    const value = (r: number, c: number): string => String((((1 * 3 + 1) * 64 + r) * 64 + c) % 1000);
    for (const cell of cells) assert.strictEqual(cell.text, value(cell.r, cell.c), `cell (${cell.r}, ${cell.c})`);
    const row0 = cells.filter((c) => c.r === 0);
    assert.ok(row0.length >= 3, `${row0.length} cells in row 0`);
    for (let i = 1; i < row0.length; i++) {
      assert.ok(Math.abs(row0[i]!.x - row0[i - 1]!.x - row0[i - 1]!.width) < 2, `column ${i} sits right of column ${i - 1}: ${JSON.stringify(row0.slice(0, 3))}`);
      assert.strictEqual(row0[i]!.y, row0[0]!.y);
    }
    assert.ok(row0[0]!.width > 20 && row0[0]!.height > 10, `cells have a size: ${JSON.stringify(row0[0])}`);
    const errors = await vscode.commands.executeCommand<{ kind: string; message: string }[]>('medseg.test.webviewErrors', true);
    assert.deepStrictEqual(errors, [], 'no CSP violation or uncaught error in the inspector webview');
    await shot('inspector-kernel-table');
    await vscode.commands.executeCommand<InspectorViewState>('medseg.test.inspectorSetView', 'heatmap');
  });

  it('views debugger variables of a stopped Node program as tensors, and watches', async () => {
    const root = projectRoot();
    const program = path.join(root, 'test/fixtures/inspector/debuggee.js');
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
      type: 'pwa-node', request: 'launch', name: 'inspector debuggee', program, cwd: root,
      runtimeExecutable: process.execPath, skipFiles: [], console: 'internalConsole',
    });
    assert.ok(started, 'the debug session started');
    const frame = await stoppedFrame();

    // From the Variables view: the argument carries the variable's evaluateName.
    await vscode.commands.executeCommand('medseg.viewAsTensor', { variable: { name: 'weights', evaluateName: 'weights' } });
    await new Promise((r) => setTimeout(r, 3000));
    let s = await state();
    assert.deepStrictEqual([s.name, s.shape, s.dtype], ['weights', [2, 3, 4, 5], 'float32']);
    // NCHW: the first (n=0, c=0) 4×5 plane.
    assert.deepStrictEqual([s.planeRows, s.planeCols], [4, 5]);
    assert.deepStrictEqual(s.planeHead, Array.from({ length: 20 }, (_, i) => i * 0.5 - 3));
    assert.deepStrictEqual([s.min, s.max], [-3, 119 * 0.5 - 3]);

    // As a command taking an expression.
    await vscode.commands.executeCommand('medseg.viewAsTensor', 'signal');
    s = await state();
    assert.deepStrictEqual([s.name, s.shape, s.dtype], ['signal', [100], 'float32']);
    assert.deepStrictEqual(s.planeHead, Array.from({ length: 100 }, (_, i) => Math.fround(Math.sin(i / 10))));

    await vscode.commands.executeCommand('medseg.viewAsTensor', 'mask');
    s = await state();
    assert.deepStrictEqual([s.shape, s.dtype, s.labels, s.planeHead], [[2, 3], 'int32', true, [0, 1, 1, 2, 0, 1]]);

    await vscode.commands.executeCommand('medseg.viewAsTensor', 'grid');
    s = await state();
    assert.deepStrictEqual([s.shape, s.dtype, s.planeHead], [[2, 3], 'float64', [1, 2, 3, 4, 5, 6]]);

    // Watch: the signal view (reopened) reloads when the debugger stops again.
    await vscode.commands.executeCommand('medseg.viewAsTensor', 'signal');
    const v0 = (await state()).version;
    assert.strictEqual(await vscode.commands.executeCommand('medseg.test.inspectorWatch', true), true);
    await vscode.commands.executeCommand('workbench.action.debug.continue');
    await stoppedFrame(frame.frameId);
    s = await waitFor(async () => { const st = await state(); return st.version > v0 && st.planeHead[0] === 42 ? st : undefined; }, 60000, 'the watched view to reload');
    assert.strictEqual(s.watching, true, 'the webview shows watch on');
    assert.strictEqual(s.planeHead[1], Math.fround(Math.sin(0.1)));

    // Not a tensor: a clear error, no panel.
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('medseg.viewAsTensor', 'tf')), /not a tensor/);
  });
});
