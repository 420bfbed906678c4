/**
 * Training Dashboard webview: live curves (uPlot), validation overlays with TP/FP/FN
 * colours, confusion matrix, per-case table sortable by Dice, and compare mode with the
 * configs' differences. State (runs, toggles) persists via setState for the serializer.
 */
import 'uplot/dist/uPlot.min.css';
import './style.css';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import { MessageHandler } from '../../src/core/protocol/MessageHandler';
import {
  DashboardPersistedState, DashboardReplies, DashboardRun, DashboardState, FromDashboard, InitDashboardRequest, PreviewMessage, ToDashboard,
} from '../../src/core/protocol/dashboardProtocol';
import type { EpochRecord, RunStatus } from '../../src/core/run';
import { assertNever } from '../../src/core/util/assertNever';
import { webviewApi } from '../shared/vscodeApi';
import { drawChart, lossSeries, scheduleSeries, scoreSeries } from './charts';
import { drawPreview, renderConfusion, renderConfigDiff, renderOverlayPngs } from './panels';

const api = webviewApi<DashboardPersistedState>();
const saved: DashboardPersistedState = { runDirs: [], logScale: false, smoothing: 0, ...api.getState() };

let init: InitDashboardRequest | undefined;
let runs: DashboardRun[] = [];
let status: RunStatus | undefined;
let error: string | undefined;
let previews = new Map<string, PreviewMessage>();
let previewCount = 0;
let shownEpoch: number | undefined;
const $ = (id: string) => document.getElementById(id)!;

function layout(): void {
  $('root').innerHTML = `
    <header><h2 id="title"></h2><span id="status"></span></header>
    <vscode-progress-bar id="progress" value="0" max="100"></vscode-progress-bar><div id="progressText"></div>
    <pre id="error" hidden></pre>
    <div class="toolbar">
      <vscode-checkbox id="log" label="log scale (losses)"></vscode-checkbox>
      <label>smoothing <input id="smooth" type="range" min="0" max="0.95" step="0.05"></label>
    </div>
    <section class="charts"><div id="lossChart"></div><div id="scoreChart"></div><div id="lrChart"></div></section>
    <section id="compare"></section>
    <h3 id="overlayTitle">Validation overlays</h3><div class="legend"><span class="tp">TP</span><span class="fp">FP</span><span class="fn">FN</span></div>
    <div id="overlays" class="overlays"></div>
    <section class="tables"><div><h3>Confusion matrix</h3><div id="confusion"></div></div>
    <div><h3>Cases (click to open in the slice viewer)</h3><table id="cases"><thead><tr><th data-sort="id">case</th><th data-sort="dice">Dice ▾</th></tr></thead><tbody></tbody></table></div></section>`;
  const log = $('log') as HTMLElement & { checked: boolean };
  log.checked = saved.logScale;
  log.addEventListener('change', () => { saved.logScale = log.checked; persist(); drawCharts(); });
  const smoothInput = $('smooth') as HTMLInputElement;
  smoothInput.value = String(saved.smoothing);
  smoothInput.addEventListener('input', () => { saved.smoothing = Number(smoothInput.value); persist(); drawCharts(); });
  document.querySelectorAll<HTMLElement>('#cases th').forEach((th) => th.addEventListener('click', () => { caseSort = th.dataset.sort === 'id' ? 'id' : 'dice'; renderCases(); }));
}

function persist(): void {
  api.setState(saved);
}

function drawCharts(): void {
  const series = runs.map((r) => ({ name: r.name, records: r.history }));
  const opts = { logScale: saved.logScale, smoothing: saved.smoothing, onPickEpoch: (e: number) => void showEpoch(e) };
  const all = runs.flatMap((r) => r.history);
  drawChart($('lossChart'), 'Loss', series, lossSeries(all), opts, saved.logScale);
  drawChart($('scoreChart'), 'Dice / accuracy (validation)', series, scoreSeries(all), opts, false);
  drawChart($('lrChart'), 'Learning rate / epoch time', series, scheduleSeries(), opts, false);
  const last = runs[0]?.history.at(-1);
  renderConfusion($('confusion'), last?.confusion ?? null, init?.classes ?? []);
}

function renderHeader(): void {
  const r = runs[0];
  $('title').textContent = runs.length > 1 ? `Comparing ${runs.length} runs` : `Run ${r?.name ?? ''}`;
  const s = status ?? r?.summary?.status;
  const facts = r?.summary ? ` · ${r.summary.backend} · best Dice ${r.summary.bestValDice.toFixed(3)}` : '';
  const following = init && !init.live && s === 'running' ? ' (following files)' : '';
  $('status').textContent = s ? s + facts + following : '';
  $('status').className = `status ${s ?? ''}`;
  const e = $('error');
  e.hidden = !error;
  e.textContent = error ?? '';
}

let caseSort: 'id' | 'dice' = 'dice';
function renderCases(): void {
  const body = $('cases').querySelector('tbody')!;
  body.textContent = '';
  const rows = [...previews.values()].sort((a, b) => (caseSort === 'dice' ? a.dice - b.dice : a.caseId.localeCompare(b.caseId, undefined, { numeric: true })));
  for (const p of rows) {
    const tr = body.insertRow();
    tr.insertCell().textContent = p.caseId;
    tr.insertCell().textContent = p.dice.toFixed(3);
    tr.addEventListener('click', () => channel.notify({ type: 'openCase', runDir: runs[0].runDir, caseId: p.caseId }));
  }
}

function renderPreviews(): void {
  const host = $('overlays');
  host.textContent = '';
  $('overlayTitle').textContent = `Validation overlays (epoch ${Math.max(0, ...[...previews.values()].map((p) => p.epoch))}, live)`;
  for (const p of previews.values()) host.append(drawPreview(p));
}

async function showEpoch(epoch: number): Promise<void> {
  shownEpoch = epoch;
  const reply = await channel.request({ type: 'getOverlays', runDir: runs[0].runDir, epoch });
  if (shownEpoch !== epoch) return;
  $('overlayTitle').textContent = `Validation overlays (epoch ${epoch}${reply.cases.length ? '' : ': none stored'})`;
  renderOverlayPngs($('overlays'), reply);
}

function onInit(m: InitDashboardRequest): void {
  init = m;
  runs = m.runs;
  saved.runDirs = m.runs.map((r) => r.runDir);
  persist();
  status = m.runs[0]?.summary?.status;
  error = m.runs[0]?.summary?.error;
  renderHeader();
  drawCharts();
  renderConfigDiff($('compare'), m);
}

function state(): DashboardState {
  return {
    runDirs: runs.map((r) => r.runDir), epochs: runs[0]?.history.length ?? 0,
    lastValDice: runs[0]?.history.at(-1)?.valDice ?? null, previews: previewCount, status,
    lossSeries: lossSeries(runs.flatMap((r) => r.history)).map((s) => s.label), error,
  };
}

const channel = new MessageHandler<FromDashboard, ToDashboard, DashboardReplies>({
  post: (m) => api.postMessage(m),
  timeoutMs: 30000,
  onRequest: (m) => {
    switch (m.type) {
      case 'init': onInit(m); return undefined;
      case 'getDashboardState': return state();
      default: throw new Error(`unexpected request ${m.type}`);
    }
  },
  onEvent: (m) => {
    switch (m.type) {
      case 'metrics': {
        const run = runs.find((r) => r.runDir === m.runDir);
        if (run && !run.history.some((r: EpochRecord) => r.epoch === m.record.epoch)) run.history.push(m.record);
        drawCharts();
        return;
      }
      case 'progress': {
        const pct = (((m.epoch - 1) + m.iteration / Math.max(1, m.iterations)) / m.epochs) * 100;
        ($('progress') as HTMLElement & { value: number }).value = pct;
        $('progressText').textContent = `epoch ${m.epoch}/${m.epochs} · ${m.phase} · step ${m.iteration}/${m.iterations} · loss ${m.loss.toFixed(4)}${m.etaSeconds === null ? '' : ` · ETA ${Math.round(m.etaSeconds)} s`}`;
        status = 'running';
        renderHeader();
        return;
      }
      case 'status':
        status = m.status;
        error = m.error ? `${m.error}${m.stderrTail?.length ? `\n\n${m.stderrTail.join('\n')}` : ''}` : undefined;
        renderHeader();
        return;
      case 'preview':
        previewCount++;
        if ([...previews.values()].some((p) => p.epoch < m.epoch)) previews = new Map();
        previews.set(m.caseId, m);
        if (shownEpoch === undefined) renderPreviews();
        renderCases();
        return;
      case 'init':
      case 'getDashboardState':
        return;
      default:
        assertNever(m, 'dashboard message');
    }
  },
});

layout();
window.addEventListener('message', (e: MessageEvent) => { void channel.handleMessage(e.data); });
channel.notify({ type: 'ready' });
