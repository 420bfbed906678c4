/**
 * Every training job of this window, one worker process each (several may run at
 * once). Shows a cancellable progress notification per job and tells listeners (runs
 * tree, dashboards) when anything changes.
 */
import * as vscode from 'vscode';
import * as path from 'path';
import { TrainRequest, TrainResult } from '../../core/protocol/workerProtocol';
import { Disposable } from '../../core/util/Disposable';
import { TrainingJob } from './TrainingJob';

export class JobManager extends Disposable {
  private readonly jobs = new Set<TrainingJob>();
  private readonly changed = this._register(new vscode.EventEmitter<TrainingJob>());
  /** Fires when a job starts, reports progress or metrics, or ends. */
  readonly onDidChange = this.changed.event;
  private readonly started = this._register(new vscode.EventEmitter<TrainingJob>());
  /** Fires once per new job. */
  readonly onDidStart = this.started.event;

  constructor(private readonly workerPath: string, private readonly output: vscode.OutputChannel) {
    super();
  }

  /** Starts a job in a new worker process; resolves once it is running. */
  start(request: TrainRequest, opts: { notify?: boolean } = {}): TrainingJob {
    const job = new TrainingJob(this.workerPath, request, this.output);
    this.jobs.add(job);
    job.onEvent(() => this.changed.fire(job));
    void job.done.then((result) => {
      if (result?.status === 'completed' && opts.notify !== false) announceCompleted(result);
      this.changed.fire(job);
      this.jobs.delete(job);
      // Keep the ended job's events alive for a moment so listeners see the final status.
      setTimeout(() => job.dispose(), 1000);
    });
    this.started.fire(job);
    this.changed.fire(job);
    if (opts.notify !== false) this.showProgress(job);
    return job;
  }

  /** The running job writing `runDir`, if any. */
  find(runDir: string): TrainingJob | undefined {
    const want = path.resolve(runDir);
    return [...this.jobs].find((j) => j.runDir && path.resolve(j.runDir) === want);
  }

  /** Running jobs. */
  get running(): TrainingJob[] {
    return [...this.jobs];
  }

  private showProgress(job: TrainingJob): void {
    void vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification, title: 'MedSeg training', cancellable: true,
    }, async (progress, token) => {
      token.onCancellationRequested(() => { void job.stop(); });
      let lastPct = 0;
      const sub = job.onEvent((e) => {
        if (e.kind !== 'progress') return;
        const p = e.progress;
        const pct = (((p.epoch - 1) + p.iteration / Math.max(1, p.iterations)) / p.epochs) * 100;
        progress.report({ message: `epoch ${p.epoch}/${p.epochs} (${p.phase}), loss ${p.loss.toFixed(4)}`, increment: Math.max(0, pct - lastPct) });
        lastPct = Math.max(lastPct, pct);
      });
      try { await job.done; } finally { sub.dispose(); }
    });
  }

  override dispose(): void {
    for (const j of this.jobs) j.dispose();
    super.dispose();
  }
}

/** Finished work says so: a notification with the run's result and its dashboard one click away. */
function announceCompleted(r: TrainResult): void {
  const acc = r.lastAccuracy === null ? '' : `, accuracy ${r.lastAccuracy.toFixed(2)}`;
  const msg = `MedSeg: run ${path.basename(r.runDir)} completed: ${r.epochsCompleted} epochs, best validation Dice ${r.bestValDice.toFixed(3)} (epoch ${r.bestEpoch})${acc}.`;
  void vscode.window.showInformationMessage(msg, 'Open Dashboard').then((pick) => {
    if (pick) void vscode.commands.executeCommand('medseg.openDashboard', r.runDir);
  });
}
