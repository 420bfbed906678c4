/**
 * A researcher's first hour, only through the UI: the command palette (typing titles),
 * quick picks, input boxes, explorer context menus and clicks in webviews, driven by the
 * launcher's browser (test/runner/uiDriver.mjs). No internal test command, no arguments.
 * Files are checked on disk and webviews by their DOM text, geometry and pixels; the suite
 * fails on any CSP violation or uncaught error in a webview's console.
 * MEDSEG_UPDATE_SCREENSHOTS=1 writes each step's screenshot to media/newcomer/.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { projectRoot, sharedData } from '../helpers/paths';
import { medseg, screenshot, summaryOf, waitFor } from './helpers';
import { consoleErrors, explorerContext, input, palette, pick, quickInput, texts, webview, withScreenState } from './ui';

const CASE = 'Brats18_2013_11_1';

/** The program a researcher pauses: a torch tensor, a NumPy array and a PIL image in scope. */
const DEBUGGEE = `import numpy as np
import torch
from PIL import Image

t = torch.linspace(0, 1, 3 * 16 * 16).reshape(3, 16, 16)
arr = np.outer(np.arange(24, dtype=np.float32), np.ones(40, dtype=np.float32))
img = Image.fromarray((np.indices((30, 50)).sum(axis=0) * 3 % 256).astype(np.uint8))
breakpoint()
print(t.shape, arr.shape, img.size)
`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('newcomer: the first hour through the UI (real VS Code)', function () {
  this.timeout(1200000);
  let ws: string;

  /** Screenshot of the step (media/newcomer/ when updating them). */
  async function shot(name: string): Promise<void> {
    const dir = process.env.MEDSEG_UPDATE_SCREENSHOTS === '1' ? path.join(projectRoot(), 'media/newcomer') : path.join(ws, '.screens');
    await sleep(800);
    await screenshot(path.join(dir, `${name}.png`));
  }

  /** The text of a notification matching `re` (toasts hide after a while: the notification centre keeps them). */
  async function notification(re: RegExp, timeoutMs = 60000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = (await texts('.notification-list-item-message')).find((t) => re.test(t));
      if (found) return found;
      if (Date.now() > end) {
        await shot('failed-notification');
        throw new Error(`no notification ${re}; shown: ${(await texts('.notification-list-item')).join(' | ')}`);
      }
      await palette('Notifications: Show Notifications');
      await sleep(2000);
    }
  }

  /** Shows a file in the explorer (what a user does by expanding folders). */
  async function reveal(...rel: string[]): Promise<void> {
    await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(path.join(ws, ...rel)));
    await sleep(500);
  }

  before(async () => {
    await medseg();
    ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
    // The data a newcomer has: the bundled figshare sample and a BraTS case.
    fs.cpSync(path.join(projectRoot(), 'media/demo/figshare'), path.join(ws, 'figshare'), { recursive: true });
    const brats = sharedData('brats18', CASE);
    if (fs.existsSync(brats)) fs.cpSync(brats, path.join(ws, 'brats', CASE), { recursive: true });
    // A NumPy stack a researcher saved (4 channels of 32 × 48 ramps), and a training script to debug.
    const py = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
    execFileSync(py, ['-c', `import numpy as np; np.save(${JSON.stringify(path.join(ws, 'stack.npy'))}, (np.arange(4*32*48, dtype=np.float32).reshape(4, 32, 48) % 97) / 97)`]);
    fs.writeFileSync(path.join(ws, 'debug_me.py'), DEBUGGEE);
    fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(ws, '.vscode', 'launch.json'), JSON.stringify({
      version: '0.2.0',
      configurations: [{ name: 'Debug debug_me.py', type: 'debugpy', request: 'launch', program: '${workspaceFolder}/debug_me.py', console: 'internalConsole', justMyCode: true }],
    }, null, 2));
    await consoleErrors(true);
  });

  /** A step: the test body, then no webview console error or CSP violation may have happened during it. */
  function step(title: string, body: (this: Mocha.Context) => Promise<void>): void {
    it(title, async function () {
      await consoleErrors(true);
      await body.call(this);
      const errors = await consoleErrors(true);
      const unique = [...new Set(errors.map((e) => e.replace(/'sha256-[^']+'/g, "'sha256-…'")))];
      assert.ok(!errors.length, `${errors.length} webview console error(s):\n${unique.slice(0, 4).map((e) => e.slice(0, 400)).join('\n')}`);
    });
  }

  step('Show Environment from the palette: the panel lists the backends and the WASM thread count', async function () {
    await palette('MedSeg: Show Environment');
    const env = await webview('^MedSeg Environment$', { waitText: 'WASM threads', timeoutMs: 120000 });
    assert.match(env.text, /wasm/);
    const threads = Number(/WASM threads: (\d+)/.exec(env.text)?.[1]);
    assert.ok(threads >= 1, env.text);
    assert.match(env.text, new RegExp(`XNNPACK, ${threads} thread`));
    await shot('01-environment');
  });

  step('opens a BraTS case folder from the explorer: four modalities and the segmentation', async function () {
    if (!fs.existsSync(path.join(ws, 'brats', CASE))) this.skip();
    await reveal('brats', CASE);
    await explorerContext([CASE], 'Open Slice Viewer');
    await webview(CASE, { waitText: 'flair', waitFor: 'canvas', timeoutMs: 90000 }).catch(async (e: Error) => {
      throw await withScreenState(e);
    });
    await sleep(1500);
    const v = await webview(CASE);
    for (const m of ['t1', 't1ce', 't2']) assert.match(v.text, new RegExp(m), v.text);
    const drawn = v.canvases.filter((c) => c.width > 100 && c.height > 100);
    assert.ok(drawn.length >= 1, `canvases ${JSON.stringify(v.canvases)}`);
    await shot('02-brats-case');
  });

  step('opens a single .nii.gz by double-click in the slice viewer', async function () {
    if (!fs.existsSync(path.join(ws, 'brats', CASE))) this.skip();
    const name = `${CASE}_t1ce.nii.gz`;
    await reveal('brats', CASE, name);
    await (await import('./ui')).ui('explorerOpen', { name });
    const v = await webview(name.replace(/\./g, '\\.'), { waitFor: 'canvas', timeoutMs: 90000 });
    assert.ok(v.canvases.some((c) => c.width > 100 && (c.nonBlank === null || c.nonBlank > 0.01)), JSON.stringify(v.canvases));
    await shot('03-single-volume');
  });

  step('Check Dataset from the explorer: the doctor reports the 24 sample cases', async function () {
    await reveal('figshare');
    await explorerContext(['figshare'], 'Check Dataset');
    const msg = await notification(/figshare: \d+ cases/);
    assert.match(msg, /24 cases, 0 errors/);
    await shot('04-check-dataset');
  });

  let runDir = '';
  const runsDir = () => path.join(ws, 'runs');
  const epochsDone = (dir: string) => summaryOf(dir)?.epochsCompleted ?? 0;

  // Local iteration on the later steps only: MEDSEG_NEWCOMER_RUN=<a trained run folder> is copied in
  // instead of training (the training and resume steps then skip). CI never sets it.
  const reuse = process.env.MEDSEG_NEWCOMER_RUN;
  before(() => {
    if (!reuse) return;
    runDir = path.join(runsDir(), path.basename(reuse));
    fs.cpSync(reuse, runDir, { recursive: true });
  });

  step('Train Multitask UNet from the palette, through the wizard with its defaults, on the bundled sample', async function () {
    if (reuse) this.skip();
    await palette('MedSeg: Train Multitask UNet');
    const first = await quickInput();
    assert.ok(first.items.some((i) => /New config/.test(i)), first.items.join(' | '));
    await pick({ label: 'New config' });
    // The folder dialog (VS Code's simple file dialog in the browser): type the path.
    await quickInput();
    await input(path.join(ws, 'figshare'));
    await sleep(1000);
    const next = await quickInput(60000);
    if (/dataset folder/.test(next.title)) await pick();
    const recipe = await waitFor(async () => {
      const q = await quickInput(120000);
      return /recipe/.test(q.title) ? q : undefined;
    }, 180000, 'the recipe pick');
    // The recommended recipe comes first and says how long it takes here.
    assert.match(recipe.items[0], /about \d+ (s|min|h) here/, recipe.items.join(' | '));
    await shot('05-wizard-recipe');
    await pick();
    runDir = await waitFor(() => {
      const dirs = fs.existsSync(runsDir()) ? fs.readdirSync(runsDir()).map((d) => path.join(runsDir(), d)) : [];
      return dirs.find((d) => summaryOf(d)?.status === 'running');
    }, 120000, 'a running run folder');
    assert.ok(fs.existsSync(path.join(ws, 'figshare.medseg.json')), 'the wizard wrote figshare.medseg.json');
    const s = summaryOf(runDir)!;
    assert.strictEqual(s.backend, 'wasm');
    assert.ok((s.threads ?? 1) >= 2, `WASM threads ${s.threads} (${s.backendReason})`);
    await waitFor(() => epochsDone(runDir) >= 1, 300000, 'the first epoch');
    const dash = await webview('^MedSeg Training Dashboard$', { waitFor: 'canvas', timeoutMs: 60000 });
    assert.ok(dash.canvases.some((c) => c.width > 100 && c.height > 50), JSON.stringify(dash.canvases));
    await shot('06-dashboard-training');
  });

  step('Stop Run and Resume Run from the palette: the run continues from its checkpoint to the end', async function () {
    if (reuse) this.skip();
    assert.ok(runDir, 'a run was started');
    await palette('MedSeg: Stop Run');
    await waitFor(() => summaryOf(runDir)?.status === 'stopped', 120000, 'the run to stop');
    const stoppedAt = epochsDone(runDir);
    await palette('MedSeg: Resume Run');
    const q = await quickInput();
    assert.ok(q.items.some((i) => i.includes(path.basename(runDir)) && /stopped/.test(i)), q.items.join(' | '));
    await pick({ label: path.basename(runDir) });
    await waitFor(() => summaryOf(runDir)?.status === 'running', 60000, 'the run to resume');
    await shot('07-resumed');
    const end = await waitFor(() => {
      const x = summaryOf(runDir);
      return x && x.status !== 'running' ? x : undefined;
    }, 900000, 'the run to complete');
    assert.strictEqual(end.status, 'completed', end.error);
    assert.ok(end.epochsCompleted > stoppedAt && end.resumes === 1);
    const dash = await webview('^MedSeg Training Dashboard$', { timeoutMs: 60000 });
    assert.match(dash.text, /Dice/);
    await shot('08-dashboard-completed');
    console.log(`      wizard default run: best val Dice ${end.bestValDice.toFixed(3)} (epoch ${end.bestEpoch}), accuracy ${end.bestAccuracy}`);
    assert.ok(end.bestValDice >= 0.30, `validation Dice ${end.bestValDice}`);
    assert.ok((end.bestAccuracy ?? 0) >= 0.6, `accuracy ${end.bestAccuracy}`);
  });

  /** Chooses the trained run in the "predict with which run?" pick. */
  async function pickRun(): Promise<void> {
    const q = await quickInput(60000);
    assert.match(q.title, /which run/);
    await pick({ label: path.basename(runDir) });
  }

  step('Predict with Model… on a folder of .mat files: the results view shows Dice, HD95, accuracy and opens a case', async function () {
    if (!runDir) this.skip();
    await reveal('figshare', 'mat');
    await explorerContext(['mat'], 'Predict with Model');
    await pickRun();
    const evalFile = await waitFor(() => {
      const f = path.join(runDir, 'predictions', 'evaluation.json');
      return fs.existsSync(f) ? f : undefined;
    }, 300000, 'evaluation.json');
    const evaluation = JSON.parse(fs.readFileSync(evalFile, 'utf8')) as { cases: unknown[]; accuracy: number | null; csv: string };
    assert.strictEqual(evaluation.cases.length, 24);
    assert.ok(fs.existsSync(evaluation.csv), 'the per-case CSV');
    const rows = await waitFor(async () => {
      const t = await texts('.pane .monaco-list-row');
      return t.some((x) => /24 cases · Dice/.test(x)) ? t : undefined;
    }, 60000, 'the Prediction Results view');
    assert.ok(rows.some((x) => /Confusion matrix/.test(x)), rows.join(' | '));
    assert.ok(rows.some((x) => /HD95/.test(x)), rows.join(' | '));
    await shot('09-prediction-results');
    // A case (its row says "Dice … · HD95 …") opens its image, truth and prediction in the viewer. Only
    // rows of this view: the Runs view above lists runs with "Dice" too (this one, and earlier suites').
    const caseRow = rows.find((x) => /Dice [\d.]+ · HD95/.test(x))!;
    const id = /^\s*(\d+)/.exec(caseRow)?.[1] ?? '';
    await (await import('./ui')).ui('click', { selector: '.pane:has(.pane-header:has-text("Prediction Results")) .monaco-list-row', text: '· HD95' });
    const v = await webview(`Prediction`, { waitFor: 'canvas', timeoutMs: 90000 });
    assert.ok(v.canvases.some((c) => c.width > 100), `${id}: ${JSON.stringify(v.canvases)}`);
    await shot('10-prediction-case');
  });

  step('Predict with Model… on three selected .mat files opens every result', async function () {
    if (!runDir) this.skip();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const names = ['117.mat', '1299.mat', '1318.mat'];
    await reveal('figshare', 'mat', names[0]);
    await explorerContext(names, 'Predict with Model');
    await pickRun();
    const tabs = await waitFor(async () => {
      const t = await texts('.tabs-container .tab .label-name');
      return names.every((n) => t.some((x) => x.includes(`Prediction: ${n}`))) ? t : undefined;
    }, 240000, 'a viewer tab per selected file').catch(async (e: Error) => {
      await shot('failed-prediction-multi');
      throw await withScreenState(e);
    });
    assert.ok(tabs.length >= 3);
    await shot('11-prediction-multi');
  });

  step('Inspect Tensor… on a checkpoint and on a .npy, in every view (heatmap, table, channels, stats)', async function () {
    if (!runDir) this.skip();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const rel = path.relative(ws, path.join(runDir, 'checkpoints', 'best', 'manifest.json')).split(path.sep);
    await reveal(...rel);
    await explorerContext(['manifest.json'], 'Inspect Tensor');
    await checkViews('Tensor: ', 'checkpoint');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await reveal('stack.npy');
    await explorerContext(['stack.npy'], 'Inspect Tensor');
    await checkViews('Tensor: .*stack', 'npy');
  });

  /** Switches the open inspector through its views and checks what each draws. */
  async function checkViews(title: string, what: string): Promise<void> {
    const first = await webview(title, { waitFor: 'canvas', timeoutMs: 60000 });
    assert.ok(first.canvases.some((c) => c.width > 50 && (c.nonBlank === null || c.nonBlank > 0)), `${what} heatmap: ${JSON.stringify(first.canvases)}`);
    for (const view of ['table', 'channels', 'heatmap']) {
      await (await import('./ui')).ui('webviewSelect', { title, selector: 'select[title="view"]', value: view });
      await sleep(1500);
      const s = await webview(title);
      if (view === 'table') {
        const cells = (await webview(title, { selector: 'table' })).text ?? '';
        assert.ok(cells.split(/\s+/).filter((x) => /^-?\d/.test(x)).length > 8, `${what} table shows numbers: ${cells.slice(0, 200)}`);
      } else {
        assert.ok(s.canvases.some((c) => c.width > 20 && (c.nonBlank === null || c.nonBlank > 0)), `${what} ${view}: ${JSON.stringify(s.canvases)}`);
      }
      await shot(`12-inspector-${what}-${view}`);
    }
    const stats = await webview(title, { selector: '[data-testid=stats]' });
    assert.match(stats.text, /mean/i, `${what} stats: ${stats.text}`);
    assert.match(stats.text, /p99|99/, `${what} stats: ${stats.text}`);
  }

  step('View as Tensor from the Variables view of a paused Python session: torch tensor, NumPy array, PIL image', async function () {
    if (!fs.existsSync('/usr/lib/python3/dist-packages/debugpy')) this.skip();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await palette('Debug: Select and Start Debugging');
    await pick({ label: 'Debug debug_me.py' });
    await waitFor(() => vscode.debug.activeDebugSession, 60000, 'a debug session').catch(async (e: Error) => {
      await shot('failed-debug-start');
      throw new Error(`${e.message}; debugpy host extension: ${vscode.extensions.getExtension('medseg-lab.medseg-test-debugpy') ? 'loaded' : 'missing'}; notifications: ${(await texts('.notification-list-item')).join(' | ')}`);
    });
    await waitFor(async () => (await texts('.debug-toolbar')).length > 0, 90000, 'the debug toolbar');
    await palette('View: Show Run and Debug');
    await waitFor(async () => (await texts('.monaco-list-row .expression')).some((n) => /^\s*arr\b/.test(n)), 90000, 'the paused frame\'s variables')
      .catch(async (e: Error) => {
        await shot('failed-debug-variables');
        throw new Error(`${e.message}; rows: ${(await texts('.monaco-list-row')).filter((t) => /arr|tensor/.test(t)).join(' | ').slice(0, 500)}`);
      });
    for (const [name, dims] of [['t', /3\s*[×x,]\s*16\s*[×x,]\s*16/], ['arr', /24\s*[×x,]\s*40/], ['img', /30\s*[×x,]\s*50/]] as const) {
      const t0 = Date.now();
      const openMenu = async () => (await import('./ui')).ui<{ row: string; attempts: number }>('rowContext', { rows: '.monaco-list-row', inner: '.expression', name, item: 'View as Tensor' });
      let menu = await openMenu();
      // A menu click that ran nothing (no panel, no "reading 'name'" progress) is clicked again,
      // as a person would; a command that started and hangs still fails below.
      const quick = await webview(`Tensor: ${name}`, { waitFor: 'canvas', timeoutMs: 20000 }).catch(() => undefined);
      if (!quick && !(await texts('.notification-list-item')).some((t) => t.includes(`'${name}'`))) {
        console.log(`      View as Tensor ${name}: nothing after 20 s, menu clicked again`);
        menu = await openMenu();
      }
      const v = quick ?? await webview(`Tensor: ${name}`, { waitFor: 'canvas', timeoutMs: 90000 }).catch(async (e: Error) => {
        await shot(`failed-view-as-tensor-${name}`);
        const item = vscode.debug.activeStackItem;
        throw new Error(`${e.message}; menu on row '${menu.row.slice(0, 60)}' (attempt ${menu.attempts}); tabs: ${(await texts('.tabs-container .tab .label-name')).join(' | ')}; `
          + `notifications: ${(await texts('.notification-list-item')).join(' | ')}; focused: ${item instanceof vscode.DebugStackFrame ? `frame ${item.frameId}` : String(item)}; `
          + `variables: ${(await texts('.monaco-list-row .expression')).join(' | ').slice(0, 400)}`);
      });
      console.log(`      View as Tensor ${name}: panel after ${Date.now() - t0} ms${menu.attempts > 1 ? ` (context menu opened ${menu.attempts} times)` : ''}`);
      assert.match(v.text, dims, `${name}: ${v.text.slice(0, 300)}`);
      assert.ok(v.canvases.some((c) => c.width > 20 && (c.nonBlank === null || c.nonBlank > 0.05)), `${name}: ${JSON.stringify(v.canvases)}`);
      await shot(`13-view-as-tensor-${name}`);
    }
    await vscode.debug.stopDebugging();
  });
});
