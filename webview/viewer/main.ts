/**
 * The slice viewer webview: receives the volumes once (`load`), renders slices locally
 * (never asks per slice), keeps its UI state with setState/getState, and shows the
 * reader's message with the file name when a file fails to read.
 */
import './viewer.css';
import { MessageHandler } from '../../src/core/protocol/MessageHandler';
import type { FromViewer, FromViewerReplies, RenderState, ToViewer } from '../../src/core/protocol/viewerProtocol';
import { assertNever } from '../../src/core/util/assertNever';
import { ViewerApp } from './ViewerApp';
import type { ViewerUiState } from './viewerState';
import { webviewApi } from '../shared/vscodeApi';



const vscodeApi = webviewApi<ViewerUiState>();
const root = document.getElementById('root')!;
let app: ViewerApp | undefined;
let shown: { status: RenderState['status']; title: string; error?: string } = { status: 'empty', title: '' };
let timings: RenderState['timings'];
let startedAt: number | undefined;

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Tells the host the display state (coalesced): it brings it back the next time this content opens. */
function saveToHost(s: ViewerUiState): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => { saveTimer = undefined; channel.notify({ type: 'saveState', state: s }); }, 300);
}

/** Every layer is painted: record the end-to-end time and tell the host. */
function complete(started: number | undefined): void {
  timings = { ...timings, completeMs: started !== undefined ? Date.now() - started : undefined };
  app?.setTimings(timings);
  channel.notify({ type: 'rendered', ok: true, timings });
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
        const t0 = performance.now();
        const transferMs = m.sentAt !== undefined ? Date.now() - m.sentAt : undefined;
        try {
          app = new ViewerApp(root, m, {
            // This tab's own state first (hidden and shown again), else how this content was last left.
            loadState: () => vscodeApi.getState() ?? m.savedState,
            saveState: (s: ViewerUiState) => { vscodeApi.setState(s); saveToHost(s); },
            exportPng: (png, name) => {
              void channel.request({ type: 'savePng', png, suggestedName: name }).then((r) => {
                if (r.saved) channel.notify({ type: 'log', level: 'info', message: `exported ${r.path}` });
              });
            },
          });
          vscodeApi.setState(app.state);
          shown = { status: 'ready', title: m.title };
          const loaded = app;
          requestAnimationFrame(() => {
            const firstPaintMs = m.startedAt !== undefined ? Date.now() - m.startedAt : undefined;
            timings = { transferMs, firstRenderMs: performance.now() - t0, firstPaintMs };
            loaded.setTimings(timings);
            if (loaded.pendingCount === 0) complete(m.startedAt);
          });
          startedAt = m.startedAt;
        } catch (err) {
          fail(m.title, err);
        }
        return;
      }
      case 'layer':
        if (!app) return;
        try {
          app.addLayer(m.layer);
        } catch (err) {
          fail(shown.title, err);
          return;
        }
        if (app.pendingCount === 0) { const a = app; requestAnimationFrame(() => { if (a === app) complete(startedAt); }); }
        return;
      case 'loadError':
        app = undefined;
        shown = { status: 'error', title: m.title, error: m.message };
        showMessage('error', `Could not open ${m.file}`, [m.message, m.code ? `(${m.code})` : '']);
        channel.notify({ type: 'rendered', ok: false });
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
