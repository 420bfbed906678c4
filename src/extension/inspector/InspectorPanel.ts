/**
 * One Tensor Inspector webview panel per tensor source. The host keeps the full tensor
 * and answers the webview's requests for downsampled planes and table windows, so the
 * webview only ever holds what is on screen and large arrays never freeze it.
 */
import * as vscode from 'vscode';
import { MessageHandler } from '../../core/protocol/MessageHandler';
import {
  FromInspector, InspectorHostReplies, InspectorInit, InspectorViewState, InspectorWebviewReplies, PlaneReply, ToInspector, TensorSummary,
} from '../../core/protocol/inspectorProtocol';
import { computeStats } from '../../core/tensor/tensorStats';
import { numericData } from '../../core/tensor/numericData';
import { layoutOfNamed } from '../../core/tensor/detectLayout';
import { extractPlane, stepFor, viewShape, normalizeSpec, PlaneSpec, PlaneWindow } from '../../core/tensor/slicePlane';
import { planeToCsv } from '../../core/tensor/planeToCsv';
import { decodeBase64 } from '../../core/tensor/base64';
import { Disposable } from '../../core/util/Disposable';
import { MedSegError } from '../../core/util/MedSegError';
import { assertNever } from '../../core/util/assertNever';
import { NdArray } from '../../core/volume/NdArray';
import { webviewHtml, webviewRoots } from '../panels/webviewHtml';
import { trackWebviewErrors } from '../panels/webviewErrors';
import { LoadedTensor, TensorSource } from './TensorSource';

/** Largest plane exported to CSV (cells). */
const MAX_CSV_CELLS = 16 * 1024 * 1024;

/** A Tensor Inspector panel. */
export class InspectorPanel extends Disposable {
  private static readonly open = new Set<InspectorPanel>();
  private static lastActive: InspectorPanel | undefined;

  private readonly panel: vscode.WebviewPanel;
  private readonly channel: MessageHandler<ToInspector, FromInspector, InspectorWebviewReplies>;
  private current: { name: string; array: NdArray; summary: TensorSummary } | undefined;
  private version = 0;
  private readyResolve!: () => void;
  private ready = new Promise<void>((r) => { this.readyResolve = r; });

  /** The panel most recently focused or created (for tests and commands). */
  static get active(): InspectorPanel | undefined {
    return InspectorPanel.lastActive;
  }

  /** Opens a panel on `source`, loading `first` (default: variable `name`, else its first) before showing it. */
  static async create(extensionUri: vscode.Uri, source: TensorSource, first?: LoadedTensor, name = source.variables[0]!): Promise<InspectorPanel> {
    const p = new InspectorPanel(extensionUri, source, source.watchable ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active);
    try {
      await p.setTensor(name, first ?? await source.load(name));
    } catch (err) {
      p.dispose();
      throw err;
    }
    return p;
  }

  private constructor(extensionUri: vscode.Uri, private readonly source: TensorSource, column: vscode.ViewColumn) {
    super();
    // Debugger views open beside the code: the debugger reveals the stopped line in the
    // active group and would otherwise hide the panel at every stop.
    this.panel = vscode.window.createWebviewPanel('medseg.tensorInspector', `Tensor: ${source.title}`, { viewColumn: column, preserveFocus: true }, {
      enableScripts: true,
      // No retainContextWhenHidden: a hidden webview is destroyed and, when shown again,
      // says `ready`, gets the current tensor (watch reloads included) and restores its
      // view from getState.
      localResourceRoots: webviewRoots(extensionUri),
    });
    this.panel.webview.html = webviewHtml(this.panel.webview, extensionUri, { panel: 'inspector', title: `Tensor: ${source.title}`, css: true });
    this.channel = this._register(new MessageHandler<ToInspector, FromInspector, InspectorWebviewReplies>({
      post: (m) => void this.panel.webview.postMessage(m),
      onRequest: (m) => this.onRequest(m),
      timeoutMs: 30000,
    }));
    this._register(this.panel.webview.onDidReceiveMessage((m) => void this.channel.handleMessage(m)));
    this._register(trackWebviewErrors(this.panel.webview, 'inspector'));
    this._register(this.panel.onDidChangeViewState((e) => { if (e.webviewPanel.active) InspectorPanel.lastActive = this; }));
    this._register(this.panel.onDidDispose(() => this.dispose()));
    this._register(source);
    if (source.onDidChange) this._register(source.onDidChange(() => void this.reload()));
    InspectorPanel.open.add(this);
    InspectorPanel.lastActive = this;
  }

  /** Asks the webview what it shows (waits until it has rendered once). */
  async webviewState(): Promise<InspectorViewState> {
    this.revealIfHidden();
    await this.ready;
    return this.channel.request({ type: 'getState' });
  }

  /** Switches the webview's view and/or variable (tests, commands); returns its state once drawn. */
  async showView(view?: InspectorViewState['view'], variable?: string): Promise<InspectorViewState> {
    this.revealIfHidden();
    await this.ready;
    return this.channel.request({ type: 'setView', view, variable });
  }

  /** A hidden webview has no script running: show it (without focus) before asking it anything. */
  private revealIfHidden(): void {
    if (!this.panel.visible) {
      this.ready = new Promise((r) => { this.readyResolve = r; });
      this.panel.reveal(undefined, true);
    }
  }

  /** Turns "reload on every debugger stop" on or off (reloading at once when turned on). */
  setWatch(on: boolean): boolean {
    // The source fires onDidChange at once when the debuggee is stopped now.
    this.source.setWatch?.(on);
    const now = this.source.watching ?? false;
    this.channel.notify({ type: 'watchChanged', on: now });
    return now;
  }

  /** Reloads the tensor from its source (debugger watch), keeping the view. */
  async reload(): Promise<void> {
    if (!this.current) return;
    try {
      await this.setTensor(this.current.name, await this.source.load(this.current.name));
      this.channel.notify({ type: 'tensorChanged', summary: this.current.summary });
    } catch (err) {
      this.channel.notify({ type: 'status', severity: 'error', message: (err as Error).message });
    }
  }

  private async setTensor(name: string, t: LoadedTensor): Promise<void> {
    // BigInt data (int64 .npy) is converted once here, not on every plane request.
    const array: NdArray = { ...t.array, data: numericData(t.array.data) };
    const stats = computeStats(array);
    const summary: TensorSummary = {
      name, shape: [...array.shape], dtype: array.dtype, stats,
      layout: t.layout ?? layoutOfNamed(name, t.array.shape), source: t.source, note: t.note, version: ++this.version,
    };
    this.current = { name, array, summary };
  }

  private async onRequest(m: FromInspector): Promise<InspectorHostReplies[FromInspector['type']]> {
    switch (m.type) {
      case 'ready': {
        const cur = this.need();
        const init: InspectorInit = {
          title: this.source.title, variables: this.source.variables, current: cur.summary,
          watchAvailable: this.source.watchable, watching: this.source.watching ?? false,
        };
        // The reply is posted after this returns: resolve on the next turn so that a
        // getState sent on `ready` reaches the webview after its init.
        setTimeout(() => this.readyResolve(), 0);
        return init;
      }
      case 'selectVariable':
        await this.setTensor(m.name, await this.source.load(m.name));
        return this.need().summary;
      case 'getPlane':
        return this.plane(m.spec, m.window, m.maxSide);
      case 'exportCsv':
        return this.exportCsv(m.spec);
      case 'exportPng':
        return this.save(m.suggestedName, { 'PNG image': ['png'] }, decodeBase64(m.pngBase64));
      case 'setWatch':
        return this.setWatch(m.on);
      default:
        return assertNever(m, 'inspector message');
    }
  }

  private need(): NonNullable<InspectorPanel['current']> {
    if (!this.current) throw new MedSegError('no-tensor', 'no tensor loaded');
    return this.current;
  }

  private plane(spec: PlaneSpec, window: PlaneWindow | undefined, maxSide?: number): PlaneReply {
    const cur = this.need();
    const vs = viewShape(cur.array.shape);
    const s = normalizeSpec(cur.array.shape, spec);
    const win = { ...window };
    if (maxSide) {
      win.rowStep = stepFor(win.rows ?? vs[s.rowAxis]!, maxSide);
      win.colStep = stepFor(win.cols ?? vs[s.colAxis]!, maxSide);
    }
    const p = extractPlane(cur.array, s, win);
    return { ...p, version: cur.summary.version };
  }

  private async exportCsv(spec: PlaneSpec): Promise<string | null> {
    const cur = this.need();
    const s = normalizeSpec(cur.array.shape, spec);
    const vs = viewShape(cur.array.shape);
    if (vs[s.rowAxis]! * vs[s.colAxis]! > MAX_CSV_CELLS) throw new MedSegError('too-large', `the plane has more than ${MAX_CSV_CELLS} cells: too large for CSV`);
    const p = extractPlane(cur.array, s);
    const idx = s.indices.map((v, a) => (a === s.rowAxis || a === s.colAxis ? ':' : String(v))).join(',');
    const name = `${cur.name.replace(/[^\w.-]+/g, '_')}[${idx}].csv`.replace(/[[\]:,]/g, '_');
    return this.save(name, { CSV: ['csv'] }, new TextEncoder().encode(planeToCsv(p.values, p.rows, p.cols, cur.array.dtype)));
  }

  private async save(suggested: string, filters: Record<string, string[]>, bytes: Uint8Array): Promise<string | null> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, suggested) : undefined, filters });
    if (!uri) return null;
    await vscode.workspace.fs.writeFile(uri, bytes);
    return uri.fsPath;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    InspectorPanel.open.delete(this);
    if (InspectorPanel.lastActive === this) InspectorPanel.lastActive = [...InspectorPanel.open].pop();
    super.dispose();
    this.panel.dispose();
  }
}
