/**
 * The slice viewer webview: receives the volumes once (`load`), renders slices locally
 * (never asks per slice), keeps its UI state with setState/getState, and shows the
 * reader's message with the file name when a file fails to read.
 */
import './viewer.css';
import { MessageHandler } from '../../src/core/protocol/MessageHandler';
import type {
  FromViewer, FromViewerReplies, LayerTiming, LoadMessage, RenderState, ToViewer, ViewerLayer, WireLayer,
} from '../../src/core/protocol/viewerProtocol';
import { decodeViewerLayer, wireLayerBytes } from '../../src/core/viewer/viewerLayer';
import { assertNever } from '../../src/core/util/assertNever';
import { ViewerApp } from './ViewerApp';
import type { ViewerUiState } from './viewerState';
import { webviewApi } from '../shared/vscodeApi';
import { LayerFetcher } from './LayerFetcher';

const vscodeApi = webviewApi<ViewerUiState>();
const root = document.getElementById('root')!;
let app: ViewerApp | undefined;
let shown: { status: RenderState['status']; title: string; error?: string } = { status: 'empty', title: '' };
let timings: RenderState['timings'];
let startedAt: number | undefined;
/** Layers are decoded one after another, in the order they came (decoding is async). */
let work: Promise<void> = Promise.resolve();
/** Bumped by every `load` / `loadError`: work for an older content is dropped. */
let generation = 0;

/** A `load` as it arrived: its layers' clocks, their fetches (started on arrival), and its transfer time. */
interface LoadArrival {
  marks: LayerClock[];
  fetched: Promise<WireLayer>[];
  transferMs?: number;
}

/** Records a `load`'s arrival and starts fetching its layers (a new content: new timings, a new fetcher). */
function arrive(m: LoadMessage): LoadArrival {
  fetcher = newFetcher();
  layerTimings = [];
  startedAt = m.startedAt;
  const marks = m.layers.map((l, i) => arrived(l, m.startedAt, m.sentAt, m.layerReadMs?.[i]));
  const fetched = m.layers.map((l, i) => fetchTimed(l, marks[i].timing));
  return { marks, fetched, transferMs: m.sentAt !== undefined ? Date.now() - m.sentAt : undefined };
}

/**
 * Shows a `load`: decodes its first layer and paints it before the others are decoded,
 * then adds the rest (and whatever `layer` events follow) one by one.
 */
async function onLoad(m: LoadMessage, g: number, { marks, fetched, transferMs }: LoadArrival): Promise<void> {
  const t0 = performance.now();
  let first: ViewerLayer;
  try {
    first = await decodeTimed(await fetched[0], marks[0].timing);
  } catch (err) {
    if (g === generation) loadError(m.title, err);
    return;
  }
  if (g !== generation) return;
  const rest = m.layers.slice(1);
  const shownAt = performance.now();
  try {
    app = new ViewerApp(root, { ...m, layers: [first], pending: [...rest.map((l) => ({ role: l.role, name: l.name })), ...(m.pending ?? [])] }, {
      // This tab's own state first (hidden and shown again), else how this content was last left.
      loadState: () => vscodeApi.getState() ?? m.savedState,
      saveState: (s: ViewerUiState) => { vscodeApi.setState(s); saveToHost(s); },
      exportPng: (png, name) => {
        void channel.request({ type: 'savePng', png, suggestedName: name }).then((r) => {
          if (r.saved) channel.notify({ type: 'log', level: 'info', message: `exported ${r.path}` });
        });
      },
    });
  } catch (err) {
    fail(m.title, err);
    return;
  }
  marks[0].timing.showMs = performance.now() - shownAt;
  vscodeApi.setState(app.state);
  shown = { status: 'ready', title: m.title };
  const loaded = app;
  await nextFrame(() => {
    marks[0].painted();
    const firstPaintMs = m.startedAt !== undefined ? Date.now() - m.startedAt : undefined;
    timings = { transferMs, firstRenderMs: performance.now() - t0, firstPaintMs, layers: layerTimings };
    loaded.setTimings(timings);
    if (loaded === app && loaded.pendingCount === 0) complete(m.startedAt);
  });
  for (const [i, l] of fetched.slice(1).entries()) await addDecoded(l, g, marks[i + 1]);
}

/**
 * Runs `painted` in the next animation frame and resolves after that frame. Decoding the
 * next layer waits for it: native inflate resolves in microtasks, so without this the
 * whole case would decode in one task and the first slice would show only with the last.
 */
function nextFrame(painted: () => void): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => { painted(); setTimeout(resolve, 0); }));
}

/** Decodes a layer that followed the first and shows it; `clock` records when. */
async function addDecoded(wire: Promise<WireLayer>, g: number, clock: LayerClock): Promise<void> {
  let layer: ViewerLayer;
  try {
    // Paused now and then: the workbench, on this same thread in code-server, relays the next layers meanwhile.
    layer = await decodeTimed(await wire, clock.timing, taskBreak);
  } catch (err) {
    if (g === generation && app) loadError(shown.title, err);
    return;
  }
  if (g !== generation || !app) return;
  const shownAt = performance.now();
  try {
    app.addLayer(layer);
  } catch (err) {
    fail(shown.title, err);
    return;
  }
  clock.timing.showMs = performance.now() - shownAt;
  const a = app;
  await nextFrame(() => { clock.painted(); if (a === app && a.pendingCount === 0) complete(startedAt); });
}

/** Per layer: when it was read, posted, received and painted (ms since the host started reading). */
let layerTimings: LayerTiming[] = [];

/** The rest of one layer's timeline: its record (filled in as it is decoded and shown) and its first paint. */
interface LayerClock {
  timing: LayerTiming;
  painted(): void;
}

/** Records a layer's arrival; the clock records its decoding and first paint. */
function arrived(layer: WireLayer, started: number | undefined, sentAt: number | undefined, readMs: number | undefined): LayerClock {
  const since = (t: number): number => (started !== undefined ? t - started : NaN);
  const t: LayerTiming = {
    name: layer.name, readMs, sentMs: sentAt !== undefined ? since(sentAt) : undefined, receivedMs: since(Date.now()),
    bytes: wireLayerBytes(layer),
  };
  layerTimings.push(t);
  return { timing: t, painted: () => { t.paintedMs = since(Date.now()); } };
}

/** Fetches the layers of the current content (a new one for every `load`). */
let fetcher = newFetcher();

/** A fetcher on this webview's channel: the host's bytes when a fetch fails, and its log. */
function newFetcher(): LayerFetcher {
  return new LayerFetcher(async (url) => (await channel.request({ type: 'layerBytes', url })).bytes,
    (message) => channel.notify({ type: 'log', level: 'info', message }));
}

/** Starts fetching a layer's bytes now; awaited (and any failure reported) in turn when it is decoded. */
function fetchTimed(l: WireLayer, t: LayerTiming): Promise<WireLayer> {
  const p = fetcher.fetch(l, t);
  p.catch(() => undefined);
  return p;
}

/** {@link decodeViewerLayer}, timed (in all and by part) into `t`. */
async function decodeTimed(l: WireLayer, t: LayerTiming, pause?: () => Promise<void>): Promise<ViewerLayer> {
  const t0 = performance.now();
  const layer = await decodeViewerLayer(l, t, pause);
  t.decodeMs = performance.now() - t0;
  return layer;
}

const breakChannel = new MessageChannel();
const breaks: Array<() => void> = [];
breakChannel.port1.onmessage = () => breaks.shift()?.();
/** Resolves in a new task (a message, not a timer: no 4 ms clamping), so events queued meanwhile run first. */
function taskBreak(): Promise<void> {
  return new Promise((resolve) => { breaks.push(resolve); breakChannel.port2.postMessage(null); });
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Tells the host the display state (coalesced): it brings it back the next time this content opens. */
function saveToHost(s: ViewerUiState): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => { saveTimer = undefined; channel.notify({ type: 'saveState', state: s }); }, 300);
}

/** Every layer is painted: record the end-to-end time and tell the host. */
function complete(started: number | undefined): void {
  timings = { ...timings, layers: layerTimings, completeMs: started !== undefined ? Date.now() - started : undefined };
  app?.setTimings(timings);
  channel.notify({ type: 'rendered', ok: true, timings });
}

/**
 * A file could not be read (by the host, or decoded here): the reader's message with the
 * file name, as the host reports it. Drops the content and any layer still to decode.
 */
function loadError(title: string, err: unknown): void {
  const e = err as { file?: string; message?: string; code?: string };
  const message = e.message ?? String(err);
  generation++;
  app = undefined;
  shown = { status: 'error', title, error: message };
  showMessage('error', `Could not open ${e.file ?? title}`, [message, e.code ? `(${e.code})` : '']);
  channel.notify({ type: 'rendered', ok: false });
}

/** The volumes arrived but cannot be shown: say why instead of a blank panel. */
function fail(title: string, err: unknown): void {
  const msg = err instanceof Error ? err.message : String(err);
  app = undefined;
  shown = { status: 'error', title, error: msg };
  showMessage('error', `Could not display ${title}`, [msg]);
  channel.notify({ type: 'log', level: 'error', message: msg });
  channel.notify({ type: 'rendered', ok: false });
}

function showMessage(cls: string, title: string, lines: string[]): void {
  root.textContent = '';
  const box = document.createElement('div');
  box.className = cls;
  const h = document.createElement('h2');
  h.textContent = title;
  box.append(h);
  for (const l of lines) { const p = document.createElement('p'); p.textContent = l; box.append(p); }
  root.append(box);
}

function emptyState(): RenderState {
  return {
    status: shown.status, title: shown.title, error: shown.error, layout: 'single', plane: 'axial', cursor: [0, 0, 0], layers: [], views: [],
    colormap: 'grey', opacity: 0, outline: false, labelView: 'labels', samples: [], statusLine: root.textContent ?? '',
  };
}

const channel: MessageHandler<FromViewer, ToViewer, FromViewerReplies> = new MessageHandler<FromViewer, ToViewer, FromViewerReplies>({
  post: (m) => vscodeApi.postMessage(m),
  timeoutMs: 0,
  onEvent: (m) => {
    switch (m.type) {
      case 'loading':
        shown = { status: 'loading', title: m.title };
        showMessage('loading', `Reading ${m.title}…`, m.files);
        return;
      case 'load': {
        const g = ++generation;
        const arrival = arrive(m);
        work = work.then(() => onLoad(m, g, arrival));
        return;
      }
      case 'layer': {
        const g = generation;
        const mark = arrived(m.layer, startedAt, m.sentAt, m.readMs);
        const fetched = fetchTimed(m.layer, mark.timing);
        work = work.then(() => addDecoded(fetched, g, mark));
        return;
      }
      case 'loadError':
        loadError(m.title, m);
        return;
      case 'getRenderState':
      case 'setView':
      case 'renderPng':
        return; // requests, never events
      default:
        assertNever(m, 'viewer message');
    }
  },
  onRequest: (m) => {
    switch (m.type) {
      case 'getRenderState':
        return app ? app.renderState(m.samples) : emptyState();
      case 'setView':
        return app ? app.setView(m) : emptyState();
      case 'renderPng':
        if (!app) throw new Error('nothing to export: no volume is shown');
        return app.renderPng();
      case 'loading':
      case 'load':
      case 'layer':
      case 'loadError':
        throw new Error(`'${m.type}' is an event`);
      default:
        return assertNever(m, 'viewer request');
    }
  },
});

window.addEventListener('message', (e) => void channel.handleMessage(e.data));
showMessage('loading', 'Loading…', []);
channel.notify({ type: 'ready' });
