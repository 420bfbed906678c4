/**
 * The Training Dashboard: live curves, validation overlays, confusion matrix and
 * per-case table of a run (or curves of several runs to compare). History comes from
 * the run folder's metrics.jsonl, live data from the window's job; a run trained by a
 * worker this window does not own (e.g. after a reload) is followed by watching its files
 * (a FileSystemWatcher; every read is asynchronous, nothing blocks the host).
 * Restored after reload by a WebviewPanelSerializer from the webview's own state.
 */
import * as vscode from 'vscode';
import * as fsp from 'fs/promises';
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
import { resolveTrainConfig } from '../../core/config/trainConfig';
import { loadMetrics, loadOverlayIndex, loadRunConfig, loadSummary } from './runFiles';

export const DASHBOARD_VIEW_TYPE = 'medseg.dashboard';

export class DashboardPanel extends Disposable {
  private static readonly open = new Map<string, DashboardPanel>();
  private readonly channel: MessageHandler<ToDashboard, FromDashboard, DashboardReplies>;
  private jobSub: vscode.Disposable | undefined;
  private tail: vscode.Disposable | undefined;
  private tailTimer: ReturnType<typeof setTimeout> | undefined;
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
    const runs = await Promise.all(this.runDirs.map(async (dir) => {
      const [history, summary] = await Promise.all([loadMetrics(dir), loadSummary(dir)]);
      return { runDir: dir, name: path.basename(dir), summary, history };
    }));
    this.sentEpochs = runs[0].history.length;
    const configs = await Promise.all(this.runDirs.map(loadRunConfig));
    const { segClasses, classes } = classNames(configs[0]);
    const live = this.attachJob();
    await this.channel.request({
      type: 'init', runs, configDiff: this.runDirs.length > 1 ? configDiff(configs) : [], segClasses, classes, live,
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
      case 'status':
        void loadSummary(runDir).then((s) => this.channel.notify({ type: 'status', status: e.status, error: e.error ?? s?.error, stderrTail: s?.stderrTail }));
        return;
    }
  }

  /**
   * Without a job in this window, follows the run folder: a watcher on its metrics and
   * summary files, each burst of changes read once, asynchronously, until the run ends.
   */
  private startTailing(): void {
    const runDir = this.runDirs[0];
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(runDir), '{metrics.jsonl,summary.json}'));
    const changed = (): void => {
      if (this.tailTimer) return;
      this.tailTimer = setTimeout(() => { this.tailTimer = undefined; void this.readTail(); }, 150);
    };
    watcher.onDidChange(changed);
    watcher.onDidCreate(changed);
    this.tail = watcher;
    changed(); // whatever was written between init and the watcher starting
  }

  private async readTail(): Promise<void> {
    const runDir = this.runDirs[0];
    const [history, s] = await Promise.all([loadMetrics(runDir), loadSummary(runDir)]);
    if (!this.tail) return;
    for (const record of history.slice(this.sentEpochs)) this.channel.notify({ type: 'metrics', runDir, record });
    this.sentEpochs = Math.max(this.sentEpochs, history.length);
    if (s && s.status !== 'running') {
      this.channel.notify({ type: 'status', status: s.status, error: s.error, stderrTail: s.stderrTail });
      this.stopTailing();
    }
  }

  private stopTailing(): void {
    if (this.tailTimer) clearTimeout(this.tailTimer);
    this.tailTimer = undefined;
    this.tail?.dispose();
    this.tail = undefined;
  }

  private async overlays(runDir: string, epoch: number): Promise<OverlaysReply> {
    const index = await loadOverlayIndex(runDir, epoch);
    const cases = await Promise.all((index?.cases ?? []).map(async (c) => {
      let png = new Uint8Array();
      try { png = new Uint8Array(await fsp.readFile(path.join(runDir, overlayDir(epoch), c.file))); } catch { /* missing file: empty */ }
      return { id: c.id, dice: c.dice, png };
    }));
    return { epoch, cases };
  }

  override dispose(): void {
    this.stopTailing();
    super.dispose();
  }
}

/**
 * Class and region names of a run from its config, with the defaults the trainer used
 * when the config left them out (older runs): the confusion matrix always names classes.
 */
function classNames(config: Record<string, unknown> | undefined): { segClasses: string[]; classes: string[] } {
  const raw = (config?.data ?? {}) as { segClasses?: string[]; classes?: string[] };
  try {
    const cfg = resolveTrainConfig(config ?? {});
    return { segClasses: cfg.data.segClasses, classes: cfg.data.classes };
  } catch {
    return { segClasses: raw.segClasses ?? ['tumour'], classes: raw.classes ?? [] };
  }
}
