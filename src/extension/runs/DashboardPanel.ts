/**
 * The Training Dashboard: live curves, validation overlays, confusion matrix and
 * per-case table of a run (or curves of several runs to compare). History comes from
 * the run folder's metrics.jsonl, live data from the window's job; a run trained by a
 * worker this window does not own (e.g. after a reload) is followed by tailing its files.
 * Restored after reload by a WebviewPanelSerializer from the webview's own state.
 */
import * as vscode from 'vscode';
import * as fs from 'fs';
import * as path from 'path';
import { MessageHandler } from '../../core/protocol/MessageHandler';
import {
  DashboardPersistedState, DashboardReplies, DashboardState, FromDashboard, OverlaysReply, ToDashboard,
} from '../../core/protocol/dashboardProtocol';
import { overlayDir } from '../../core/run';
import { decodeBase64 } from '../../core/tensor/base64';
import { Disposable } from '../../core/util/Disposable';
import { webviewHtml, webviewRoots } from '../panels/webviewHtml';
import { trackWebviewErrors } from '../panels/webviewErrors';
import { configDiff } from './configDiff';
import { JobManager } from './JobManager';
import { JobEvent } from './TrainingJob';
import { readMetrics, readOverlayIndex, readRunConfig, readSummary } from './runFiles';

export const DASHBOARD_VIEW_TYPE = 'medseg.dashboard';

export class DashboardPanel extends Disposable {
  private static readonly open = new Map<string, DashboardPanel>();
  private readonly channel: MessageHandler<ToDashboard, FromDashboard, DashboardReplies>;
  private jobSub: vscode.Disposable | undefined;
  private tailTimer: ReturnType<typeof setInterval> | undefined;
  private sentEpochs = 0;

  /** Opens (or reveals) the dashboard of `runDirs` (several = compare mode). */
  static show(extensionUri: vscode.Uri, jobs: JobManager, runDirs: string[]): DashboardPanel {
    const key = runDirs.map((d) => path.resolve(d)).join('|');
    const existing = DashboardPanel.open.get(key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const title = runDirs.length > 1 ? `Compare ${runDirs.length} runs` : `Training: ${path.basename(runDirs[0])}`;
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, title, vscode.ViewColumn.Active, {
      enableScripts: true, localResourceRoots: webviewRoots(extensionUri),
    });
    return new DashboardPanel(panel, extensionUri, jobs, runDirs);
  }

  /** Dashboards currently open (tests, runs tree). */
  static find(runDir: string): DashboardPanel | undefined {
    return DashboardPanel.open.get(path.resolve(runDir));
  }

  /** Registers the serializer that restores dashboards after a window reload. */
  static registerSerializer(extensionUri: vscode.Uri, jobs: JobManager): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const runDirs = (state as DashboardPersistedState | undefined)?.runDirs ?? [];
        if (!runDirs.length) { panel.dispose(); return; }
        panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(extensionUri) };
        new DashboardPanel(panel, extensionUri, jobs, runDirs);
      },
    });
  }

  private constructor(private readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly jobs: JobManager, readonly runDirs: string[]) {
    super();
    const key = runDirs.map((d) => path.resolve(d)).join('|');
    DashboardPanel.open.set(key, this);
    this.channel = this._register(new MessageHandler<ToDashboard, FromDashboard, DashboardReplies>({
      post: (m) => { void this.panel.webview.postMessage(m); },
      onEvent: (m) => this.onWebviewEvent(m),
      onRequest: (m) => (m.type === 'getOverlays' ? this.overlays(m.runDir, m.epoch) : undefined),
      timeoutMs: 30000,
    }));
    this._register(panel.webview.onDidReceiveMessage((m) => { void this.channel.handleMessage(m); }));
    this._register(trackWebviewErrors(panel.webview, 'dashboard'));
    this._register(panel.onDidDispose(() => {
      DashboardPanel.open.delete(key);
      this.dispose();
    }));
    // A job for this run may start later (resume): follow it then.
    this._register(jobs.onDidStart(() => this.attachJob()));
    panel.webview.html = webviewHtml(panel.webview, extensionUri, { panel: 'dashboard', title: 'MedSeg Training Dashboard', css: true, body: '<div id="root"></div>' });
  }

  /** What the webview displays. */
  state(): Promise<DashboardState> {
    return this.channel.request({ type: 'getDashboardState' });
  }

  private onWebviewEvent(m: FromDashboard): void {
    switch (m.type) {
      case 'ready':
        void this.init();
        return;
      case 'openCase':
        void vscode.commands.executeCommand('medseg.openRunCase', m.runDir, m.caseId);
        return;
      case 'getOverlays':
        return;
    }
  }

  private async init(): Promise<void> {
    const runs = this.runDirs.map((dir) => {
      const history = readMetrics(dir);
      return { runDir: dir, name: path.basename(dir), summary: readSummary(dir), history };
    });
    this.sentEpochs = runs[0].history.length;
    const configs = this.runDirs.map(readRunConfig);
    const data = (configs[0]?.data ?? {}) as { segClasses?: string[]; classes?: string[] };
    const live = this.attachJob();
    await this.channel.request({
      type: 'init', runs, configDiff: this.runDirs.length > 1 ? configDiff(configs) : [],
      segClasses: data.segClasses ?? ['tumour'], classes: data.classes ?? [], live,
    });
    if (!live && runs[0].summary?.status === 'running') this.startTailing();
  }

  /** Follows the window's job for the first run, if any; returns whether there is one. */
  private attachJob(): boolean {
    const job = this.jobs.find(this.runDirs[0]);
    if (!job) return false;
    this.stopTailing();
    this.jobSub?.dispose();
    this.jobSub = this._register(job.onEvent((e) => this.forward(e)));
    return true;
  }

  private forward(e: JobEvent): void {
    const runDir = this.runDirs[0];
    switch (e.kind) {
      case 'progress': {
        const { epoch, epochs, iteration, iterations, phase, loss, etaSeconds } = e.progress;
        this.channel.notify({ type: 'progress', epoch, epochs, iteration, iterations, phase, loss, etaSeconds });
        return;
      }
      case 'metrics':
        this.sentEpochs = Math.max(this.sentEpochs, e.record.epoch);
        this.channel.notify({ type: 'metrics', runDir, record: e.record });
        return;
      case 'preview': {
        const p = e.preview;
        // Base64 only on the IPC wire; the webview gets typed arrays.
        this.channel.notify({ type: 'preview', epoch: p.epoch, caseId: p.caseId, width: p.width, height: p.height, image: decodeBase64(p.image), gt: decodeBase64(p.gt), pred: decodeBase64(p.pred), dice: p.dice });
        return;
      }
      case 'status': {
        const s = readSummary(runDir);
        this.channel.notify({ type: 'status', status: e.status, error: e.error ?? s?.error, stderrTail: s?.stderrTail });
        return;
      }
    }
  }

  /** Without a job in this window, polls the run folder for new epochs until the run ends. */
  private startTailing(): void {
    const runDir = this.runDirs[0];
    this.tailTimer = setInterval(() => {
      const history = readMetrics(runDir);
      for (const record of history.slice(this.sentEpochs)) this.channel.notify({ type: 'metrics', runDir, record });
      this.sentEpochs = history.length;
      const s = readSummary(runDir);
      if (s && s.status !== 'running') {
        this.channel.notify({ type: 'status', status: s.status, error: s.error, stderrTail: s.stderrTail });
        this.stopTailing();
      }
    }, 1000);
  }

  private stopTailing(): void {
    if (this.tailTimer) clearInterval(this.tailTimer);
    this.tailTimer = undefined;
  }

  private overlays(runDir: string, epoch: number): OverlaysReply {
    const index = readOverlayIndex(runDir, epoch);
    const cases = (index?.cases ?? []).map((c) => {
      let png = new Uint8Array();
      try { png = new Uint8Array(fs.readFileSync(path.join(runDir, overlayDir(epoch), c.file))); } catch { /* missing file: empty */ }
      return { id: c.id, dice: c.dice, png };
    });
    return { epoch, cases };
  }

  override dispose(): void {
    this.stopTailing();
    super.dispose();
  }
}
