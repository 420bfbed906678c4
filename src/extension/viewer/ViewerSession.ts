import * as vscode from 'vscode';
import * as os from 'os';
import * as path from 'path';
import { MessageHandler } from '../../core/protocol/MessageHandler';
import type {
  FromViewer, RenderState, SavePngResult, SetViewRequest, SamplePoint, ToViewer, ToViewerReplies, ViewerLayer,
  ViewerOpenOptions, ViewerSource,
} from '../../core/protocol/viewerProtocol';
import { assertNever } from '../../core/util/assertNever';
import { Disposable } from '../../core/util/Disposable';
import { asMedSegError } from '../../core/util/MedSegError';
import type { ExtensionServices } from '../services';
import { viewerHtml, viewerRoots } from './viewerHtml';

/** What a session shows: the loaded layers, or why loading failed. */
export type ViewerContent =
  | { kind: 'loaded'; title: string; layers: ViewerLayer[]; options: ViewerOpenOptions; source?: ViewerSource; readMs?: number }
  | { kind: 'error'; title: string; file: string; message: string; code?: string };

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
  private renderedResolve!: () => void;
  /** Resolves after the webview painted the content (or the error) for the first time. */
  readonly rendered = new Promise<void>((r) => { this.renderedResolve = r; });

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: ExtensionServices,
    private readonly title: string,
    private readonly files: readonly string[],
    load: () => Promise<ViewerContent>,
  ) {
    super();
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: viewerRoots(services.extensionUri) };
    this.channel = this._register(new MessageHandler<ToViewer, FromViewer, ToViewerReplies>({
      post: (m) => { void webview.postMessage(m); },
      onEvent: (m) => this.onEvent(m),
      onRequest: (m) => this.onRequest(m),
      timeoutMs: 30000,
    }));
    this._register(webview.onDidReceiveMessage((m) => void this.channel.handleMessage(m)));
    this._register(panel.onDidChangeViewState((e) => { if (e.webviewPanel.active) ViewerSession.lastActive = this; }));
    this._register(panel.onDidDispose(() => this.dispose()));
    ViewerSession.sessions.add(this);
    ViewerSession.lastActive = this;
    webview.html = viewerHtml(webview, services.extensionUri, title);
    const t0 = Date.now();
    void load().then((c) => c, (err): ViewerContent => {
      const e = asMedSegError(err, files[0]);
      return { kind: 'error', title, file: e.file ?? files[0] ?? '', message: e.message, code: e.code };
    }).then((c) => {
      this.content = c.kind === 'loaded' ? { ...c, readMs: Date.now() - t0 } : c;
      services.output.appendLine(c.kind === 'loaded'
        ? `Slice viewer: read ${c.layers.map((l) => `${l.name} ${l.volume.dims.join('×')}`).join(', ')} in ${Date.now() - t0} ms`
        : `Slice viewer: ${c.message}`);
      this.sendContent();
    });
  }

  /** Sends the current display state request (tests): waits for the first paint first. */
  async renderState(set?: Omit<SetViewRequest, 'type'>, samples?: SamplePoint[], timeoutMs = 60000): Promise<RenderState> {
    await Promise.race([this.rendered, new Promise((_, rej) => setTimeout(() => rej(new Error('the viewer did not render in time')), timeoutMs))]);
    if (set) return this.channel.request({ type: 'setView', ...set, samples: samples ?? set.samples });
    return this.channel.request({ type: 'getRenderState', samples });
  }

  /** Renders the current view to a PNG and writes it to `file` (tests; the button uses the save dialog). */
  async exportTo(file: vscode.Uri): Promise<string> {
    await this.rendered;
    const r = await this.channel.request({ type: 'renderPng' });
    await vscode.workspace.fs.writeFile(file, r.png);
    return file.fsPath;
  }

  private sendContent(): void {
    const c = this.content;
    if (!c) {
      this.channel.notify({ type: 'loading', title: this.title, files: [...this.files] });
      return;
    }
    switch (c.kind) {
      case 'loaded':
        this.channel.notify({ type: 'load', title: c.title, layers: c.layers, options: c.options, source: c.source, readMs: c.readMs, sentAt: Date.now() });
        return;
      case 'error':
        this.channel.notify({ type: 'loadError', title: c.title, file: c.file, message: c.message, code: c.code });
        return;
      default:
        assertNever(c, 'viewer content');
    }
  }

  private onEvent(m: FromViewer): void {
    switch (m.type) {
      case 'ready':
        this.sendContent();
        return;
      case 'rendered':
        if (m.firstRenderMs !== undefined) this.services.output.appendLine(`Slice viewer: first render ${m.firstRenderMs.toFixed(0)} ms after load`);
        this.renderedResolve();
        return;
      case 'log':
        this.services.output.appendLine(`Slice viewer (${m.level}): ${m.message}`);
        return;
      case 'savePng':
        return; // a request, never an event
      default:
        assertNever(m, 'viewer event');
    }
  }

  private async onRequest(m: FromViewer): Promise<SavePngResult | undefined> {
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

  override dispose(): void {
    ViewerSession.sessions.delete(this);
    if (ViewerSession.lastActive === this) ViewerSession.lastActive = undefined;
    super.dispose();
  }
}
