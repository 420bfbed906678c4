import * as vscode from 'vscode';
import * as os from 'os';
import * as path from 'path';
import { MessageHandler } from '../../core/protocol/MessageHandler';
import type {
  FromViewer, LayerBytesResult, PendingLayer, RenderState, SavePngResult, SetViewRequest, SamplePoint, ToViewer, ToViewerReplies, WireLayer,
  ViewerOpenOptions, ViewerSource,
} from '../../core/protocol/viewerProtocol';
import { assertNever } from '../../core/util/assertNever';
import { Disposable } from '../../core/util/Disposable';
import { asMedSegError } from '../../core/util/MedSegError';
import type { ExtensionServices } from '../services';
import { webviewHtml, webviewRoots } from '../panels/webviewHtml';
import { trackWebviewErrors } from '../panels/webviewErrors';
import type { ViewerStateStore } from './ViewerStateStore';
import { wireLayerBytes, wireLayerDims } from '../../core/viewer/viewerLayer';
import { formatBytes } from './readViewerLayers';
import type { ViewerFileServer } from './ViewerFileServer';
import { isGzip } from '../../core/io';

/** What a session shows: the layers read so far (more may be pending), or why loading failed. */
export type ViewerContent =
  | {
    kind: 'loaded'; title: string; layers: WireLayer[]; pending: PendingLayer[]; options: ViewerOpenOptions;
    source?: ViewerSource; readMs?: number;
  }
  | { kind: 'error'; title: string; file: string; message: string; code?: string };

/** Reads the files, calling `progress` after each with that file's new layers and what is still to come. */
export type ViewerLoader = (progress: (layers: WireLayer[], pending: PendingLayer[], options: ViewerOpenOptions, source?: ViewerSource) => void) => Promise<void>;

/**
 * One viewer webview (custom editor or command panel) and its typed channel. Loading
 * starts at once, in parallel with the webview's boot; whatever is known (loading,
 * volumes, error) is (re)sent each time the webview reports `ready`, because a hidden
 * webview is destroyed (no retainContextWhenHidden) and reloads with its saved state.
 */
export class ViewerSession extends Disposable {
  private static readonly sessions = new Set<ViewerSession>();
  private static lastActive: ViewerSession | undefined;

  /** The most recently focused (else most recently opened) viewer: what the test command talks to. */
  static current(): ViewerSession | undefined {
    if (ViewerSession.lastActive && ViewerSession.sessions.has(ViewerSession.lastActive)) return ViewerSession.lastActive;
    return [...ViewerSession.sessions].pop();
  }

  private readonly channel: MessageHandler<ToViewer, FromViewer, ToViewerReplies>;
  private content: ViewerContent | undefined;
  /** Whether the webview's script runs now (said `ready` and was not hidden since): sending earlier would
   * queue a second copy of the volumes behind the one `ready` triggers. */
  private webviewReady = false;
  /** Layers the current webview instance has received. */
  private sentLayers = 0;
  private startedAt = 0;
  /** Per layer of the content: ms from the start until the host had read it (timings). */
  private readonly layerReadMs: number[] = [];
  /** The file server's base URL, where the webview fetches the stored files (undefined: they cross on the channel). */
  private filesBase: string | undefined;
  /** Per layer of the content: its path on the file server, for a NIfTI file sent as stored. */
  private readonly served: (string | undefined)[] = [];
  private renderedResolve!: () => void;
  /** Resolves after the webview painted the content (or the error) for the first time. */
  readonly rendered = new Promise<void>((r) => { this.renderedResolve = r; });

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: ExtensionServices,
    private readonly title: string,
    private readonly files: readonly string[],
    load: ViewerLoader,
    /** Where the display state of this content is kept between openings (with its key). */
    private readonly store?: { states: ViewerStateStore; key: string },
    private readonly fileServer?: ViewerFileServer,
  ) {
    super();
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: webviewRoots(services.extensionUri) };
    this.channel = this._register(new MessageHandler<ToViewer, FromViewer, ToViewerReplies>({
      post: (m) => { void webview.postMessage(m); },
      onEvent: (m) => this.onEvent(m),
      onRequest: (m) => this.onRequest(m),
      timeoutMs: 30000,
    }));
    this._register(webview.onDidReceiveMessage((m) => void this.channel.handleMessage(m)));
    this._register(trackWebviewErrors(webview, 'viewer', services.output));
    this._register(panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) ViewerSession.lastActive = this;
      if (!e.webviewPanel.visible) this.webviewReady = false; // hidden webviews are destroyed; `ready` comes again
    }));
    this._register(panel.onDidDispose(() => this.dispose()));
    ViewerSession.sessions.add(this);
    ViewerSession.lastActive = this;
    void this.setHtml();
    const t0 = Date.now();
    this.startedAt = t0;
    void load((layers, pending, options, source) => {
      if (this.isDisposed) return; // closed while reading
      let c = this.content;
      if (c?.kind !== 'loaded') this.content = c = { kind: 'loaded', title, layers: [], pending, options, source };
      c.layers.push(...layers);
      this.served.push(...layers.map((l) => this.serve(l)));
      this.layerReadMs.push(...layers.map(() => Date.now() - t0));
      c.pending = pending;
      if (!pending.length) {
        c.readMs = Date.now() - t0;
        services.output.appendLine(`Slice viewer: read ${c.layers.map((l) => `${l.name} ${wireLayerDims(l).join('×')}${l.encoded ? ` (${formatBytes(wireLayerBytes(l))} as stored)` : ''}`).join(', ')} in ${c.readMs} ms`);
      }
      if (this.webviewReady) this.sendProgress();
    }).catch((err: unknown) => {
      if (this.isDisposed) return;
      const e = asMedSegError(err, files[0]);
      this.content = { kind: 'error', title, file: e.file ?? files[0] ?? '', message: e.message, code: e.code };
      services.output.appendLine(`Slice viewer: ${e.message}`);
      if (this.webviewReady) this.sendContent();
    });
  }

  /** Sets the webview's HTML once the file server's address is known (its origin goes into the CSP). */
  private async setHtml(): Promise<void> {
    this.filesBase = await this.fileServer?.start();
    if (this.isDisposed) return;
    this.panel.webview.html = webviewHtml(this.panel.webview, this.services.extensionUri, {
      panel: 'viewer', title: this.title, css: true, body: '<div id="root"></div>', connectSrc: this.filesBase,
    });
  }

  /** Puts a NIfTI layer sent as stored on the file server; returns its path there. */
  private serve(l: WireLayer): string | undefined {
    const e = l.encoded;
    if (!this.fileServer || !e?.bytes || e.companion) return undefined;
    return this.fileServer.add(e.bytes, isGzip(e.bytes));
  }

  /** A layer as it is posted: a served one as its URL instead of its bytes. */
  private wire(i: number): WireLayer {
    const c = this.content;
    if (c?.kind !== 'loaded') throw new Error('no content');
    const l = c.layers[i], key = this.served[i];
    if (!l.encoded || !key || !this.filesBase) return l;
    return { ...l, encoded: { ...l.encoded, bytes: undefined, url: this.filesBase + key } };
  }

  /** Sends the current display state request (tests): waits for the first paint first. */
  async renderState(set?: Omit<SetViewRequest, 'type'>, samples?: SamplePoint[], timeoutMs = 60000): Promise<RenderState> {
    await Promise.race([this.rendered, new Promise((_, rej) => setTimeout(() => rej(new Error('the viewer did not render in time')), timeoutMs))]);
    const state = await (set ? this.channel.request({ type: 'setView', ...set, samples: samples ?? set.samples })
      : this.channel.request({ type: 'getRenderState', samples }));
    const readMs = this.content?.kind === 'loaded' ? this.content.readMs : undefined;
    return readMs === undefined ? state : { ...state, timings: { ...state.timings, readMs } };
  }

  /** Renders the current view to a PNG and writes it to `file` (tests; the button uses the save dialog). */
  async exportTo(file: vscode.Uri): Promise<string> {
    await this.rendered;
    const r = await this.channel.request({ type: 'renderPng' });
    await vscode.workspace.fs.writeFile(file, r.png);
    return file.fsPath;
  }

  /** Sends everything known to a webview that just (re)started. */
  private sendContent(): void {
    const c = this.content;
    this.sentLayers = 0;
    if (!c) {
      this.channel.notify({ type: 'loading', title: this.title, files: [...this.files] });
      return;
    }
    switch (c.kind) {
      case 'loaded': {
        // The first layer alone, the rest as `layer` events: the webview decodes and paints the
        // first while the others are still on the channel.
        const rest = c.layers.slice(1).map((l) => ({ role: l.role, name: l.name }));
        this.channel.notify({
          type: 'load', title: c.title, layers: [this.wire(0)], pending: [...rest, ...c.pending], options: c.options, source: c.source,
          readMs: c.readMs, layerReadMs: this.layerReadMs.slice(0, 1), startedAt: this.startedAt, sentAt: Date.now(), savedState: this.store?.states.get(this.store.key),
        });
        this.sentLayers = 1;
        this.sendProgress();
        return;
      }
      case 'error':
        this.channel.notify({ type: 'loadError', title: c.title, file: c.file, message: c.message, code: c.code });
        return;
      default:
        assertNever(c, 'viewer content');
    }
  }

  /** Sends what arrived since the last message: the first `load`, then one `layer` per new layer. */
  private sendProgress(): void {
    const c = this.content;
    if (c?.kind !== 'loaded' || this.sentLayers === 0) { this.sendContent(); return; }
    for (; this.sentLayers < c.layers.length; this.sentLayers++) {
      this.channel.notify({ type: 'layer', layer: this.wire(this.sentLayers), sentAt: Date.now(), readMs: this.layerReadMs[this.sentLayers] });
    }
  }

  private onEvent(m: FromViewer): void {
    switch (m.type) {
      case 'ready':
        this.webviewReady = true;
        this.sendContent();
        return;
      case 'rendered':
        if (m.timings) this.services.output.appendLine(`Slice viewer timings (ms): ${JSON.stringify(m.timings)}`);
        this.renderedResolve();
        return;
      case 'log':
        this.services.output.appendLine(`Slice viewer (${m.level}): ${m.message}`);
        return;
      case 'saveState':
        this.store?.states.set(this.store.key, m.state);
        return;
      case 'savePng':
      case 'layerBytes':
        return; // requests, never events
      default:
        assertNever(m, 'viewer event');
    }
  }

  private async onRequest(m: FromViewer): Promise<SavePngResult | LayerBytesResult | undefined> {
    if (m.type === 'layerBytes') return this.layerBytes(m.url);
    if (m.type !== 'savePng') throw new Error(`unexpected request '${m.type}'`);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, m.suggestedName) : vscode.Uri.file(path.join(os.homedir(), m.suggestedName)),
      filters: { 'PNG image': ['png'] },
      title: 'Export view as PNG',
    });
    if (!target) return { saved: false };
    await vscode.workspace.fs.writeFile(target, m.png);
    return { saved: true, path: target.fsPath };
  }

  /** The stored bytes of the served layer at `url` (its fetch failed in the webview). */
  private layerBytes(url: string): LayerBytesResult {
    const i = this.served.findIndex((k) => k !== undefined && url.endsWith(`/${k}`));
    const layer = this.content?.kind === 'loaded' ? this.content.layers[i] : undefined;
    if (!layer?.encoded?.bytes) throw new Error('no layer of this viewer is served at that URL');
    this.services.output.appendLine(`Slice viewer: the webview could not fetch ${layer.encoded.file}; sending it on the message channel`);
    return { bytes: layer.encoded.bytes };
  }

  override dispose(): void {
    for (const k of this.served) if (k) this.fileServer?.remove(k);
    this.content = undefined; // drop the volumes
    ViewerSession.sessions.delete(this);
    if (ViewerSession.lastActive === this) ViewerSession.lastActive = undefined;
    super.dispose();
  }
}
