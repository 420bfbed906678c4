/**
 * The Tensor Inspector webview: heatmap / virtual table / channel grid of one plane of
 * an N-d tensor, stats and histogram, slicing controls, colormaps and exports. The host
 * holds the tensor; this script asks it for the planes it draws (see inspectorProtocol).
 */
import './style.css';
import { MessageHandler } from '../../src/core/protocol/MessageHandler';
import {
  FromInspector, InspectorHostReplies, InspectorInit, InspectorPersistedState, InspectorViewState, PlaneReply, TensorSummary, ToInspector,
} from '../../src/core/protocol/inspectorProtocol';
import { COLORMAPS, ColormapName, asColormapName, colormapLut } from '../../src/core/viewer/colormaps';
import { PlaneSpec, PlaneWindow, viewShape } from '../../src/core/tensor/slicePlane';
import { assertNever } from '../../src/core/util/assertNever';
import { AxisControls, defaultSpec } from './AxisControls';
import { ChannelGrid } from './ChannelGrid';
import { asFloat64, h, select } from './dom';
import { HeatmapView } from './HeatmapView';
import { StatsPane } from './StatsPane';
import { TableView } from './TableView';
import { ViewContext } from './ViewContext';
import { webviewApi } from '../shared/vscodeApi';

type ViewName = NonNullable<InspectorPersistedState['view']>;
type RangeMode = NonNullable<InspectorPersistedState['range']>;

const vscodeApi = webviewApi<InspectorPersistedState>();
const saved: InspectorPersistedState = vscodeApi.getState() ?? {};

let init: InspectorInit | undefined;
let summary: TensorSummary | undefined;
let spec: PlaneSpec = { rowAxis: 0, colAxis: 1, indices: [] };
let colormap: ColormapName = asColormapName(saved.colormap);
let rangeMode: RangeMode = saved.range ?? 'auto';
let manual: [number, number] = saved.manualRange ?? [0, 1];
let view: ViewName = saved.view ?? 'heatmap';
let watching = false;
/** Label colouring (offered when the stats found a label mask). */
let labelMode = false;
let statusText = '';

const channel = new MessageHandler<FromInspector, ToInspector, InspectorHostReplies>({
  post: (m) => vscodeApi.postMessage(m),
  onRequest: (m) => onHostRequest(m),
  onEvent: (m) => onHostRequest(m),
  timeoutMs: 60000,
});
window.addEventListener('message', (e) => void channel.handleMessage(e.data));

const ctx: ViewContext = {
  summary: () => summary!,
  spec: () => spec,
  range: () => colourRange(),
  lut: () => colormapLut(colormap),
  labels: () => labelMode && !!summary?.stats.labels,
  getPlane: async (s: PlaneSpec, w?: PlaneWindow, maxSide?: number): Promise<PlaneReply> => {
    const p = await channel.request({ type: 'getPlane', spec: s, window: w, maxSide });
    return { ...p, values: asFloat64(p.values) };
  },
  hover: (t) => { hoverEl.textContent = t; },
  setIndex: (axis, value) => { spec = { ...spec, indices: spec.indices.map((v, a) => (a === axis ? value : v)) }; },
};

const heatmap = new HeatmapView(ctx);
const table = new TableView(ctx);
const grid = new ChannelGrid(ctx, () => { view = 'heatmap'; void renderAll(); });
const stats = new StatsPane();
const axes = new AxisControls((next) => { spec = next; void refreshViews(); });
const toolbar = h('div', { class: 'toolbar' });
const banner = h('div', { class: 'banner' });
const hoverEl = h('span', { class: 'hover' });
const statusEl = h('span', { class: 'status' });
const main = h('div', { class: 'main' });
document.body.append(toolbar, banner, axes.el, h('div', { class: 'content' }, main, stats.el), h('div', { class: 'statusbar' }, hoverEl, statusEl));

/** The colour range: full min..max, robust p1..p99, or the user's. */
function colourRange(): [number, number] {
  const st = summary?.stats;
  if (!st) return [0, 1];
  switch (rangeMode) {
    case 'auto': return [st.min, st.max];
    case 'robust': return [st.p1, st.p99];
    case 'manual': return manual;
    default: return assertNever(rangeMode, 'range mode');
  }
}

function persist(): void {
  vscodeApi.setState({ variable: summary?.name, spec, colormap, range: rangeMode, manualRange: manual, view } satisfies InspectorPersistedState);
}

function setStatus(text: string, error = false): void {
  statusText = text;
  statusEl.textContent = text;
  statusEl.classList.toggle('error', error);
}

function renderToolbar(): void {
  if (!init || !summary) return;
  toolbar.textContent = '';
  if (init.variables.length > 1) {
    toolbar.append(h('label', {}, 'variable ', select(init.variables, summary.name, (v) => void selectVariable(v), 'variable of the file')));
  }
  toolbar.append(
    select([['heatmap', 'Heatmap'], ['table', 'Table'], ['channels', 'Channels']], view, (v) => { view = v as ViewName; void renderAll(); }, 'view'),
    select([...COLORMAPS, ...(summary.stats.labels ? [['labels', 'labels']] as [string, string][] : [])], labelMode ? 'labels' : colormap, (v) => {
      labelMode = v === 'labels';
      if (!labelMode) colormap = v as ColormapName;
      redraw();
    }, 'colormap'),
    select([['auto', 'min–max'], ['robust', 'p1–p99'], ['manual', 'manual']], rangeMode, (v) => { rangeMode = v as RangeMode; renderToolbar(); redraw(); }, 'colour range'),
  );
  if (rangeMode === 'manual') {
    const lo = h('input', { type: 'number', step: 'any', value: manual[0], class: 'range' });
    const hi = h('input', { type: 'number', step: 'any', value: manual[1], class: 'range' });
    const apply = (): void => { manual = [Number(lo.value), Number(hi.value)]; redraw(); };
    lo.addEventListener('change', apply);
    hi.addEventListener('change', apply);
    toolbar.append(lo, hi);
  }
  if (init.watchAvailable) {
    const cb = h('input', { type: 'checkbox', 'data-testid': 'watch' });
    cb.checked = watching;
    cb.addEventListener('change', () => void channel.request({ type: 'setWatch', on: cb.checked }).then((on) => { watching = on; }));
    toolbar.append(h('label', { title: 'reload each time the debugger stops' }, cb, ' watch'));
  }
  const png = h('button', { text: 'Export PNG' });
  png.addEventListener('click', () => void exportWith(() => channel.request({ type: 'exportPng', pngBase64: heatmap.pngBase64(), suggestedName: `${summary!.name}.png` })));
  const csv = h('button', { text: 'Export CSV' });
  csv.addEventListener('click', () => void exportWith(() => channel.request({ type: 'exportCsv', spec })));
  toolbar.append(png, csv);
}

async function exportWith(run: () => Promise<string | null>): Promise<void> {
  try {
    const path = await run();
    if (path) setStatus(`saved ${path}`);
  } catch (err) {
    setStatus((err as Error).message, true);
  }
}

/** Re-renders colours only (no new data). */
function redraw(): void {
  persist();
  heatmap.redraw();
  table.redraw();
  if (view === 'channels') void grid.refresh();
  if (summary) { const [lo, hi] = colourRange(); stats.render(summary, lo, hi); }
}

/** Refetches the data of the visible view (spec changed). */
async function refreshViews(): Promise<void> {
  if (!summary) return;
  persist();
  axes.render(summary.shape, summary.layout, spec);
  try {
    if (view === 'heatmap') await heatmap.refresh();
    else if (view === 'table') await table.refresh();
    else await grid.refresh();
  } catch (err) {
    setStatus((err as Error).message, true);
  }
}

async function renderAll(): Promise<void> {
  if (!summary) return;
  renderToolbar();
  banner.textContent = summary.note ?? '';
  banner.hidden = !summary.note;
  main.textContent = '';
  main.append(view === 'heatmap' ? heatmap.el : view === 'table' ? table.el : grid.el);
  const [lo, hi] = colourRange();
  stats.render(summary, lo, hi);
  await refreshViews();
}

/** Shows `s`, keeping the current spec when the shape still fits it. */
function adopt(s: TensorSummary, keepSpec: boolean): void {
  const fits = keepSpec && summary && viewShape(summary.shape).length === viewShape(s.shape).length;
  summary = s;
  if (!fits) {
    spec = defaultSpec(s.shape, s.layout);
    labelMode = !!s.stats.labels;
  }
}

async function selectVariable(name: string): Promise<void> {
  adopt(await channel.request({ type: 'selectVariable', name }), false);
  await renderAll();
}

function state(): InspectorViewState {
  const p = heatmap.plane;
  return {
    name: summary?.name ?? '', variables: init?.variables ?? [], shape: summary?.shape ?? [], dtype: summary?.dtype ?? '', version: summary?.version ?? 0,
    spec, colormap, labels: ctx.labels(),
    planeRows: p?.rows ?? 0, planeCols: p?.cols ?? 0, planeHead: p ? [...p.values.subarray(0, 256)] : [],
    min: summary?.stats.min ?? NaN, max: summary?.stats.max ?? NaN, watching, tableDomRows: table.domRows, view, status: statusText,
    tableCells: table.cellBoxes(12),
    axisLabels: [...document.querySelectorAll<HTMLOptionElement>('[data-testid=axes] select[title="axis shown as rows"] option')].map((o) => o.text),
    statsShown: Object.fromEntries([...document.querySelectorAll<HTMLTableRowElement>('[data-testid=stats] tr[data-stat]')]
      .map((tr) => [tr.dataset.stat!, tr.cells[1]?.textContent ?? ''])),
  };
}

let rendered: Promise<void> = Promise.resolve();

async function onHostRequest(m: ToInspector): Promise<unknown> {
  switch (m.type) {
    case 'getState':
      await rendered;
      return state();
    case 'tensorChanged':
      adopt(m.summary, true);
      rendered = renderAll();
      await rendered;
      setStatus(`reloaded (v${m.summary.version})`);
      return undefined;
    case 'status':
      setStatus(m.message, m.severity === 'error');
      return undefined;
    case 'watchChanged':
      watching = m.on;
      renderToolbar();
      return undefined;
    case 'setView':
      await rendered;
      if (m.view) view = m.view;
      rendered = m.variable && m.variable !== summary?.name ? selectVariable(m.variable) : renderAll();
      await rendered;
      return state();
    default:
      return assertNever(m, 'host message');
  }
}

async function start(): Promise<void> {
  init = await channel.request({ type: 'ready' });
  watching = init.watching;
  summary = init.current;
  labelMode = !!summary.stats.labels;
  const restore = saved.spec && saved.variable === summary.name && viewShape(summary.shape).length === saved.spec.indices.length;
  spec = restore ? saved.spec! : defaultSpec(summary.shape, summary.layout);
  if (saved.variable && saved.variable !== summary.name && init.variables.includes(saved.variable)) {
    adopt(await channel.request({ type: 'selectVariable', name: saved.variable }), false);
    if (saved.spec && viewShape(summary.shape).length === saved.spec.indices.length) spec = saved.spec;
  }
  await renderAll();
}

rendered = start().catch((err: unknown) => setStatus(`could not load: ${(err as Error).message}`, true));
