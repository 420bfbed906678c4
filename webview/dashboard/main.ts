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
import {
  backendText, bestDice, CaseSort, caseHeaders, confusionPlaceholder, cpuText, nextSort, progressLine, progressPercent, sortCases,
} from './dashboardText';

const api = webviewApi<DashboardPersistedState>();
const saved: DashboardPersistedState = { runDirs: [], logScale: false, smoothing: 0, ...api.getState() };

let init: InitDashboardRequest | undefined;
let runs: DashboardRun[] = [];
let status: RunStatus | undefined;
let error: string | undefined;
let previews = new Map<string, PreviewMessage>();
let previewCount = 0;
/** Epoch whose stored overlays are shown; undefined: live previews. `auto`: chosen on open, live previews replace it. */
let shownEpoch: number | undefined;
let autoEpoch = false;
/** Cases of the stored overlays on show (the table lists them when no live previews are shown). */
let storedCases: { caseId: string; dice: number }[] = [];
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
    <h3 id="overlayTitle">Validation overlays</h3><div class="legend" id="legend"></div>
    <div id="overlays" class="overlays"></div>
    <section class="tables"><div><h3>Confusion matrix</h3><div id="confusion"></div></div>
    <div><h3>Cases (click to open in the slice viewer)</h3><table id="cases"><thead><tr><th data-sort="id" id="caseHead"></th><th data-sort="dice" id="diceHead"></th></tr></thead><tbody></tbody></table></div></section>`;
  const log = $('log') as HTMLElement & { checked: boolean };
  log.checked = saved.logScale;
  log.addEventListener('change', () => { saved.logScale = log.checked; persist(); drawCharts(); });
  const smoothInput = $('smooth') as HTMLInputElement;
  smoothInput.value = String(saved.smoothing);
  smoothInput.addEventListener('input', () => { saved.smoothing = Number(smoothInput.value); persist(); drawCharts(); });
  document.querySelectorAll<HTMLElement>('#cases th').forEach((th) => th.addEventListener('click', () => {
    caseSort = nextSort(caseSort, th.dataset.sort === 'id' ? 'id' : 'dice');
    renderCases();
  }));
  setLegend('live');
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
  const history = runs[0]?.history ?? [];
  const classes = init?.classes ?? [];
  renderConfusion($('confusion'), history.at(-1)?.confusion ?? null, classes, confusionPlaceholder(classes, history.length));
}

function renderHeader(): void {
  const r = runs[0];
  $('title').textContent = runs.length > 1 ? `Comparing ${runs.length} runs` : `Run ${r?.name ?? ''}`;
  const s = status ?? r?.summary?.status;
  const best = bestDice(r);
  const cpu = cpuText(r?.summary);
  const facts = `${r?.summary ? ` · ${backendText(r.summary)}` : ''}${cpu ? ` · ${cpu}` : ''}${best === null ? '' : ` · best Dice ${best.toFixed(3)}`}`;
  const following = init && !init.live && s === 'running' ? ' (following files)' : '';
  $('status').textContent = s ? s + facts + following : '';
  $('status').className = `status ${s ?? ''}`;
  const e = $('error');
  e.hidden = !error;
  e.textContent = error ?? '';
}

/** Worst cases first: the ones a researcher looks at. */
let caseSort: CaseSort = { key: 'dice', descending: false };
function renderCases(): void {
  const heads = caseHeaders(caseSort);
  $('caseHead').textContent = heads.id;
  $('diceHead').textContent = heads.dice;
  const body = $('cases').querySelector('tbody')!;
  body.textContent = '';
  const shown = shownEpoch === undefined ? [...previews.values()] : storedCases;
  for (const p of sortCases(shown, caseSort)) {
    const tr = body.insertRow();
    tr.insertCell().textContent = p.caseId;
    tr.insertCell().textContent = p.dice.toFixed(3);
    tr.addEventListener('click', () => channel.notify({ type: 'openCase', runDir: runs[0].runDir, caseId: p.caseId }));
  }
}

/**
 * The legend says what the overlays draw: live previews blend prediction against ground
 * truth as TP/FP/FN; stored overlays are three panels (image, ground truth, prediction): the
 * truth as a yellow outline (also over the prediction), the prediction filled in label colours
 * (core/run/overlayImage.ts).
 */
function setLegend(mode: 'live' | 'stored'): void {
  const legend = $('legend');
  legend.textContent = '';
  const item = (cls: string, text: string): HTMLElement => {
    const s = document.createElement('span');
    s.className = cls;
    s.textContent = text;
    return s;
  };
  if (mode === 'live') legend.append(item('tp', 'TP (prediction ∧ truth)'), item('fp', 'FP (prediction only)'), item('fn', 'FN (truth only)'));
  else legend.append(item('panel', 'panels: image | ground truth | prediction'), item('truth', 'ground truth: outline'), item('label1', 'prediction: filled'));
  legend.dataset.mode = mode;
}

function renderPreviews(): void {
  setLegend('live');
  const host = $('overlays');
  host.textContent = '';
  $('overlayTitle').textContent = `Validation overlays (epoch ${Math.max(0, ...[...previews.values()].map((p) => p.epoch))}, live)`;
  for (const p of previews.values()) host.append(drawPreview(p));
}

/** Shows the stored overlays of `epoch` (a clicked curve point, or the last epoch on open: `auto`). */
async function showEpoch(epoch: number, auto = false): Promise<void> {
  shownEpoch = epoch;
  autoEpoch = auto;
  const reply = await channel.request({ type: 'getOverlays', runDir: runs[0].runDir, epoch });
  if (shownEpoch !== epoch) return;
  $('overlayTitle').textContent = `Validation overlays (epoch ${epoch}${reply.cases.length ? '' : ': none stored'})`;
  setLegend('stored');
  renderOverlayPngs($('overlays'), reply);
  storedCases = reply.cases.map((c) => ({ caseId: c.id, dice: c.dice }));
  renderCases();
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
  // A reopened run shows its last epoch's overlays and cases at once; live previews replace them.
  const last = m.runs[0]?.history.at(-1)?.epoch;
  if (last !== undefined && previews.size === 0) void showEpoch(last, true);
  if (status && status !== 'running') showEnded(status);
}

/** The progress line and bar of a run that ended. */
function showEnded(s: RunStatus): void {
  const n = runs[0]?.history.length ?? 0;
  $('progressText').textContent = `${s} · ${n} epoch${n === 1 ? '' : 's'}`;
  if (s === 'completed') ($('progress') as HTMLElement & { value: number }).value = 100;
}

function state(): DashboardState {
  return {
    runDirs: runs.map((r) => r.runDir), epochs: runs[0]?.history.length ?? 0,
    lastValDice: runs[0]?.history.at(-1)?.valDice ?? null, previews: previewCount, status,
    lossSeries: lossSeries(runs.flatMap((r) => r.history)).map((s) => s.label), error,
    headerText: `${$('title').textContent ?? ''} ${$('status').textContent ?? ''}`.trim(),
    progressText: $('progressText').textContent ?? '',
    overlayTitle: $('overlayTitle').textContent ?? '',
    legendText: $('legend').textContent ?? '',
    overlayCount: $('overlays').querySelectorAll('figure').length,
    caseHeaders: [...$('cases').querySelectorAll('th')].map((th) => th.textContent ?? ''),
    caseOrder: [...$('cases').querySelectorAll('tbody tr')].map((tr) => (tr as HTMLTableRowElement).cells[0]?.textContent ?? ''),
    confusionLabels: [...$('confusion').querySelectorAll('tr:first-child td')].slice(1).map((td) => td.textContent ?? ''),
    confusionText: $('confusion').textContent ?? '',
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
        renderHeader();
        return;
      }
      case 'progress': {
        ($('progress') as HTMLElement & { value: number }).value = progressPercent(m);
        $('progressText').textContent = progressLine(m);
        status = 'running';
        renderHeader();
        return;
      }
      case 'status':
        status = m.status;
        error = m.error ? `${m.error}${m.stderrTail?.length ? `\n\n${m.stderrTail.join('\n')}` : ''}` : undefined;
        renderHeader();
        if (m.status !== 'running') showEnded(m.status);
        return;
      case 'preview':
        previewCount++;
        if ([...previews.values()].some((p) => p.epoch < m.epoch)) previews = new Map();
        previews.set(m.caseId, m);
        if (autoEpoch) { shownEpoch = undefined; autoEpoch = false; }
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
