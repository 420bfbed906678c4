import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { readVolume, toCanonicalRAS } from '../../src/core/io';
import type { RenderState, SamplePoint } from '../../src/core/protocol/viewerProtocol';
import { lutIndex, presetLimits, sliceGeometry, sliceToVoxel, voxelIndex, WINDOW_PRESETS } from '../../src/core/viewer';
import { projectRoot, sharedData } from '../helpers/paths';
import { medseg, screenshot, waitFor } from './helpers';

const CASE = 'Brats18_2013_11_1';
const FIG_ID = '1';

async function state(args?: { set?: Record<string, unknown>; samples?: SamplePoint[]; exportTo?: string }): Promise<RenderState> {
  const s = await vscode.commands.executeCommand<RenderState | undefined>('medseg.viewer.debugState', { ...args, timeoutMs: 90000 });
  assert.ok(s, 'a viewer is open and answered');
  return s;
}

async function read(file: string) {
  return readVolume(path.basename(file), new Uint8Array(fs.readFileSync(file)));
}

function grid(view: number, w: number, h: number, n: number): SamplePoint[] {
  const pts: SamplePoint[] = [];
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) pts.push({ view, u: Math.floor(((x + 0.5) * w) / n), v: Math.floor(((y + 0.5) * h) / n) });
  return pts;
}

function correlation(a: number[], b: number[]): number {
  const n = a.length, ma = a.reduce((s, x) => s + x, 0) / n, mb = b.reduce((s, x) => s + x, 0) / n;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < n; i++) { num += (a[i] - ma) * (b[i] - mb); da += (a[i] - ma) ** 2; db += (b[i] - mb) ** 2; }
  return num / Math.sqrt(da * db);
}

describe('slice viewer (real VS Code)', function () {
  this.timeout(240000);
  before(async () => { await medseg(); });
  afterEach(async () => { await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  it('opens a BraTS FLAIR as the default editor and renders the pixels core computes', async function () {
    const file = sharedData('brats18', CASE, `${CASE}_flair.nii.gz`);
    if (!fs.existsSync(file)) this.skip();
    const t0 = Date.now();
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), 'medseg.sliceViewer');
    const s0 = await state();
    console.log(`      open ${path.basename(file)}: ${JSON.stringify(s0.timings)} (test saw it after ${Date.now() - t0} ms)`);
    assert.strictEqual(s0.status, 'ready', s0.error);
    const vol = toCanonicalRAS(await read(file));
    const limits = presetLimits(WINDOW_PRESETS[0], vol.data);
    assert.ok(Math.abs(s0.layers[0].limits!.low - limits.low) < 1e-6 && Math.abs(s0.layers[0].limits!.high - limits.high) < 1e-6);
    assert.deepStrictEqual(s0.views[0].orientation, { left: 'R', right: 'L', top: 'A', bottom: 'P' });
    // Move to a slice through the tumour with a custom window, then compare a grid of pixels.
    const custom = { low: limits.low + 10, high: limits.high * 0.8 };
    // The _seg beside it is overlaid (the editor finds it by name): labels off to compare the image pixels.
    const s = await state({ set: { cursor: [120, 120, 80], window: { limits: custom }, opacity: 0 }, samples: grid(0, 240, 240, 24) });
    const g = sliceGeometry(vol.dims, vol.spacing, 'axial');
    assert.strictEqual(s.views[0].slice, 80);
    let nonzero = 0;
    for (const p of s.samples) {
      const v = vol.data[voxelIndex(vol.dims, sliceToVoxel(g, p.u, p.v, 80))];
      const want = lutIndex(v, custom.low, custom.high);
      assert.deepStrictEqual(p.rgba, [want, want, want, 255], `pixel (${p.u}, ${p.v}) value ${v}`);
      if (want > 0) nonzero++;
    }
    assert.ok(nonzero > 100, `${nonzero} brain pixels sampled`);
    assert.match(s.statusLine, /voxel \(120, 120, 80\)/);
    // Hidden (webview destroyed, no retainContextWhenHidden) and shown again: state comes back.
    await state({ set: { cursor: [100, 110, 70], colormap: 'hot' } });
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(sharedData('README.md')));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const back = await waitFor(async () => {
      const x = await state().catch(() => undefined);
      return x?.status === 'ready' ? x : undefined;
    }, 60000, 'restored viewer');
    assert.deepStrictEqual(back.cursor, [100, 110, 70]);
    assert.strictEqual(back.colormap, 'hot');
  });

  it('opens a figshare .mat with its mask: orientation matches the JPEG, overlay covers the tumour', async function () {
    const mat = sharedData('figshare-brain-tumor', 'mat', `${FIG_ID}.mat`);
    if (!fs.existsSync(mat)) this.skip();
    await vscode.commands.executeCommand('medseg.openSliceViewer', vscode.Uri.file(mat));
    const s0 = await state({ set: { window: { preset: 'full' }, opacity: 0.5 } });
    assert.strictEqual(s0.status, 'ready', s0.error);
    assert.strictEqual(s0.views[0].plane, 'image');
    const jpeg = await read(sharedData('figshare-brain-tumor', 'images', `${FIG_ID}.jpg`));
    const mask = await read(sharedData('figshare-brain-tumor', 'masks', `${FIG_ID}_mask.png`));
    const [w, h] = jpeg.dims;
    assert.deepStrictEqual([s0.views[0].width, s0.views[0].height], [w, h]);
    // Labels off for the orientation check, on for the overlay check.
    const pts = grid(0, w, h, 64);
    const plain = await state({ set: { opacity: 0 }, samples: pts });
    const shown = plain.samples.map((p) => p.rgba[0]);
    const ref = pts.map((p) => jpeg.data[p.u + w * p.v]);
    const r = correlation(shown, ref);
    assert.ok(r > 0.99, `correlation with the JPEG ${r}`);
    const inMask: SamplePoint[] = [];
    for (let v = 0; v < h; v += 2) for (let u = 0; u < w; u += 2) if (mask.data[u + w * v]) inMask.push({ view: 0, u, v });
    assert.ok(inMask.length > 20, 'the mask has tumour pixels');
    const over = await state({ set: { opacity: 0.5 }, samples: inMask });
    const red = over.samples.filter((p) => p.rgba[0] > p.rgba[1] + 20).length;
    assert.ok(red / inMask.length > 0.95, `${red}/${inMask.length} tumour pixels overlaid`);
    if (process.env.MEDSEG_SCREENSHOT_DIR) await screenshotTo('viewer-figshare.png');
  });

  it('opens *_t1ce.nii.gz as the default editor with its _seg overlaid, in its stored dtype; reopening keeps the display', async function () {
    const file = sharedData('brats18', CASE, `${CASE}_t1ce.nii.gz`);
    if (!fs.existsSync(file)) this.skip();
    await vscode.commands.executeCommand('medseg.test.webviewErrors', true);
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file)); // what a double-click does
    const s0 = await state();
    assert.strictEqual(s0.status, 'ready', s0.error);
    assert.deepStrictEqual(s0.layers.map((l) => `${l.role}:${l.name}`), [`image:${CASE}_t1ce.nii.gz`, `labels:${CASE}_seg.nii.gz`]);
    const stored = (await read(file)).data.constructor.name;
    assert.strictEqual(s0.layers[0].dtype, stored, 'the volume crossed in the dtype the reader keeps');
    assert.deepStrictEqual((s0.timings?.layers ?? []).map((l) => l.fetchMs !== undefined), [true, true],
      'both files came from the viewer\'s file server (fetched), not on the channel');
    const custom = { low: 5, high: 600 };
    await state({ set: { layout: '3-plane', opacity: 0.8, outline: true, window: { limits: custom } } });
    await new Promise((r) => setTimeout(r, 1000)); // the webview reports its display state, coalesced
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
    const again = await state();
    assert.strictEqual(again.status, 'ready', again.error);
    assert.deepStrictEqual([again.layout, again.opacity, again.outline], ['3-plane', 0.8, true]);
    assert.deepStrictEqual(again.layers[0].limits, custom);
    assert.deepStrictEqual(await vscode.commands.executeCommand('medseg.test.webviewErrors', true), []);
  });

  it('opens a figshare .mat with a single click (the viewer is its default editor)', async function () {
    const mat = sharedData('figshare-brain-tumor', 'mat', `${FIG_ID}.mat`);
    if (!fs.existsSync(mat)) this.skip();
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(mat), { preview: true });
    const s = await state();
    assert.strictEqual(s.status, 'ready', s.error);
    assert.strictEqual(s.views[0].plane, 'image');
    assert.deepStrictEqual(s.layers.map((l) => l.role), ['image', 'labels']);
  });

  it('shows the predicted class with class names and probabilities from <id>_pred.json', async function () {
    const dir0 = sharedData('brats18', CASE);
    if (!fs.existsSync(dir0)) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-viewer-pred-'));
    const pred = path.join(dir, `${CASE}_pred.nii.gz`);
    fs.copyFileSync(path.join(dir0, `${CASE}_seg.nii.gz`), pred);
    fs.writeFileSync(path.join(dir, `${CASE}_pred.json`), JSON.stringify({
      classes: ['meningioma', 'glioma', 'pituitary'], probabilities: [0.279, 0.227, 0.494], label: 3, classIndex: 2, className: 'pituitary',
    }));
    await vscode.commands.executeCommand('medseg.openSliceViewer', { image: vscode.Uri.file(path.join(dir0, `${CASE}_flair.nii.gz`)), prediction: vscode.Uri.file(pred) });
    const s = await state();
    assert.strictEqual(s.status, 'ready', s.error);
    assert.strictEqual(s.classificationText, 'Predicted: pituitary (label 3) · pituitary 49.4 % · meningioma 27.9 % · glioma 22.7 %');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens a JPEG with its mask found by convention (masks/<id>_mask.png)', async function () {
    const jpg = sharedData('figshare-brain-tumor', 'images', `${FIG_ID}.jpg`);
    if (!fs.existsSync(jpg)) this.skip();
    await vscode.commands.executeCommand('medseg.openSliceViewer', vscode.Uri.file(jpg));
    const s = await state();
    assert.strictEqual(s.status, 'ready', s.error);
    assert.deepStrictEqual(s.layers.map((l) => `${l.role}:${l.name}`), ['image:1.jpg', 'labels:1_mask.png']);
    assert.strictEqual(s.views[0].plane, 'image');
  });

  it('opens .hdr/.img by default, .npy through Open With, and 5-D NIfTI as its first frame', async function () {
    const hdr = sharedData('nifti-format', 'niivue-demo-format', 'ras.hdr');
    if (!fs.existsSync(hdr)) this.skip();
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(hdr)); // the default editor for *.hdr
    const a = await state();
    assert.strictEqual(a.status, 'ready', a.error);
    assert.strictEqual(a.title, 'ras.hdr');
    assert.ok(a.layers[0].dims.slice(0, 3).every((d) => d > 1), `ras.hdr dims ${a.layers[0].dims}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-viewer-npy-'));
    const npy = path.join(dir, 'ramp.npy');
    let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";
    header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
    const pre = Buffer.alloc(10);
    Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0]).copy(pre);
    pre.writeUInt16LE(header.length, 8);
    fs.writeFileSync(npy, Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(new Float32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).buffer)]));
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(npy), 'medseg.sliceViewerOption');
    const b = await state();
    assert.strictEqual(b.status, 'ready', b.error);
    assert.strictEqual(b.layers[0].dims.slice(0, 3).reduce((x, y) => x * y, 1), 12);
    const five = sharedData('nifti-format', 'nifti-reader-js', '5D_small.nii');
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(five), 'medseg.sliceViewer');
    const c = await state();
    assert.strictEqual(c.status, 'ready', c.error);
    assert.strictEqual(c.layers[0].dims.length, 3, 'only the first frame crossed to the webview');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the reader error with the file name for a truncated .nii.gz, and the next command still works', async function () {
    const src = sharedData('brats18', CASE, `${CASE}_t1.nii.gz`);
    if (!fs.existsSync(src)) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-viewer-'));
    const bad = path.join(dir, 'truncated_t1.nii.gz');
    const bytes = fs.readFileSync(src);
    fs.writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length / 3)));
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(bad), 'medseg.sliceViewer');
    const s = await state();
    assert.strictEqual(s.status, 'error');
    assert.match(s.error ?? '', /truncated_t1\.nii\.gz/);
    assert.match(s.statusLine, /Could not open truncated_t1\.nii\.gz/);
    // A huge header-only volume: refused with its dims, not a blank panel.
    const huge = path.join(dir, 'huge.nii');
    const hdr = Buffer.alloc(352);
    hdr.writeInt32LE(348, 0);
    [3, 2000, 2000, 2000, 1, 1, 1, 1].forEach((d, i) => hdr.writeInt16LE(d, 40 + 2 * i));
    hdr.writeInt16LE(4, 70); hdr.writeInt16LE(16, 72); // int16
    [1, 1, 1, 1].forEach((p, i) => hdr.writeFloatLE(p, 76 + 4 * i));
    hdr.writeFloatLE(352, 108);
    hdr.write('n+1\0', 344, 'latin1');
    fs.writeFileSync(huge, hdr);
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(huge), 'medseg.sliceViewer');
    const sh = await state();
    assert.strictEqual(sh.status, 'error');
    assert.match(sh.error ?? '', /2000/);
    const all = await vscode.commands.getCommands(true);
    assert.ok(all.includes('medseg.openSliceViewer'));
    const good = await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(src), 'medseg.sliceViewer');
    void good;
    const ok = await state();
    assert.strictEqual(ok.status, 'ready', ok.error);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens a whole BraTS case in 3 planes with the seg overlay (screenshot)', async function () {
    const dir = sharedData('brats18', CASE);
    if (!fs.existsSync(dir)) this.skip();
    const t0 = Date.now();
    await vscode.commands.executeCommand('medseg.openSliceViewer', vscode.Uri.file(dir), { layout: '3-plane' });
    const s = await state();
    console.log(`      open case folder: ${JSON.stringify(s.timings)} (test saw it after ${Date.now() - t0} ms)`);
    assert.strictEqual(s.status, 'ready', s.error);
    assert.deepStrictEqual(s.layers.map((l) => `${l.role}:${l.name}`), ['image:flair', 'image:t1', 'image:t1ce', 'image:t2', 'labels:seg']);
    assert.strictEqual(s.views.length, 12);
    assert.deepStrictEqual(s.views.filter((v) => v.layer === 0).map((v) => v.plane), ['axial', 'coronal', 'sagittal']);
    const sag = s.views.find((v) => v.plane === 'sagittal')!;
    assert.deepStrictEqual(sag.orientation, { left: 'A', right: 'P', top: 'S', bottom: 'I' });
    // Put the crosshair in the tumour: every view's slice follows it, and the label shows.
    const seg = toCanonicalRAS(await read(path.join(dir, `${CASE}_seg.nii.gz`)));
    let tumour = 0;
    for (let i = 0; i < seg.data.length; i++) if (seg.data[i] === 2) { tumour = i; break; }
    const [nx, ny] = seg.dims;
    const vox: [number, number, number] = [tumour % nx, Math.floor(tumour / nx) % ny, Math.floor(tumour / (nx * ny))];
    const g = sliceGeometry(seg.dims, seg.spacing, 'axial');
    const u = g.width - 1 - vox[0], v = g.height - 1 - vox[1];
    const s2 = await state({ set: { cursor: vox, opacity: 1, outline: false }, samples: [{ view: 0, u, v }] });
    assert.deepStrictEqual(s2.views.filter((x) => x.plane === 'axial').map((x) => x.slice), [vox[2], vox[2], vox[2], vox[2]]);
    assert.deepStrictEqual(s2.samples[0].rgba.slice(0, 3), [60, 220, 60], 'oedema drawn in its colour at full opacity');
    assert.match(s2.statusLine, /label 2 Oedema/);
    // Region view ET (label 4 only): the oedema voxel is not drawn; WT includes it.
    const et = await state({ set: { labelView: 'ET' }, samples: [{ view: 0, u, v }] });
    const [r, gg, b] = et.samples[0].rgba;
    assert.ok(r === gg && gg === b, `oedema is not enhancing tumour: ${et.samples[0].rgba}`);
    const wt = await state({ set: { labelView: 'WT' }, samples: [{ view: 0, u, v }] });
    assert.notDeepStrictEqual(wt.samples[0].rgba, et.samples[0].rgba);
    await state({ set: { labelView: 'labels' } });
    await state({ set: { cursor: s.cursor, opacity: 0.5 } }); // back to the opening view: the lesion's centre
    if (process.env.MEDSEG_SCREENSHOT_DIR) await screenshotTo('viewer-3plane.png');
  });

  it('compares a prediction with the ground truth (TP/FP/FN and Dice)', async function () {
    const dir = sharedData('brats18', CASE);
    if (!fs.existsSync(dir)) this.skip();
    const seg = vscode.Uri.file(path.join(dir, `${CASE}_seg.nii.gz`));
    await vscode.commands.executeCommand('medseg.openSliceViewer', {
      image: vscode.Uri.file(path.join(dir, `${CASE}_flair.nii.gz`)), mask: seg, prediction: seg, title: 'prediction check',
    });
    const s = await waitFor(async () => { const x = await state(); return x.dice ? x : undefined; }, 60000, 'dice');
    assert.strictEqual(s.dice!.volume, 1);
    const png = path.join(os.tmpdir(), `medseg-viewer-export-${process.pid}.png`);
    await state({ exportTo: png });
    const img = await read(png);
    assert.ok(img.dims[0] > 100 && img.dims[1] > 100, `exported PNG ${img.dims.join('×')}`);
    fs.rmSync(png, { force: true });
    assert.deepStrictEqual(s.layers.map((l) => l.role), ['image', 'labels', 'prediction']);
  });
});

/** Screenshot of the workbench with the bottom panel closed: into media/ with MEDSEG_UPDATE_SCREENSHOTS=1 (README), else dist/screenshots/. */
async function screenshotTo(name: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  await new Promise((r) => setTimeout(r, 500));
  const dir = process.env.MEDSEG_UPDATE_SCREENSHOTS === '1' ? path.join(projectRoot(), 'media') : path.join(projectRoot(), 'dist', 'screenshots');
  await screenshot(path.join(dir, name));
}
