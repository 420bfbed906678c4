/**
 * One training run in its own worker process, seen from the host: starts the `train`
 * request, follows progress/metrics events, shows a status bar item, logs to an output
 * channel, and turns a worker that dies into a `failed` run with its stderr tail.
 */
import * as vscode from 'vscode';
import {
  FromWorker, ProgressEvent, TrainRequest, TrainResult, ValidationPreviewEvent,
} from '../../core/protocol/workerProtocol';
import { EpochRecord, RunStatus } from '../../core/run';
import { Disposable } from '../../core/util/Disposable';
import { WorkerClient, WorkerExit } from '../worker/WorkerClient';
import { markWasmThreadsFailed, wasmThreads, wasmThreadsEnv } from '../worker/wasmThreads';
import { markRunFailed } from './runFiles';

/** What a job's listeners hear. */
export type JobEvent =
  | { kind: 'progress'; progress: ProgressEvent }
  | { kind: 'metrics'; record: EpochRecord }
  | { kind: 'preview'; preview: ValidationPreviewEvent }
  | { kind: 'status'; status: RunStatus; error?: string };

/** How long a worker may take to start its backend before a threaded start counts as failed. */
const BACKEND_START_MS = 120_000;

export class TrainingJob extends Disposable {
  private worker: WorkerClient;
  private readonly statusItem: vscode.StatusBarItem;
  private readonly emitter = this._register(new vscode.EventEmitter<JobEvent>());
  /** Fires for progress, metrics, previews and status changes. */
  readonly onEvent = this.emitter.event;
  /** Run folder (known from the request, or from the worker's first event). */
  runDir: string | undefined;
  status: RunStatus = 'running';
  lastProgress: ProgressEvent | undefined;
  error: string | undefined;
  /** WASM threads the current worker was started with. */
  threads: number;
  /** Whether the current worker's backend started (its first runStatus arrived). */
  private backendStarted = false;
  /** Resolves when the run ends (completed, stopped or failed); never rejects. */
  readonly done: Promise<TrainResult | undefined>;

  constructor(private readonly workerPath: string, private readonly request: TrainRequest, private readonly output: vscode.OutputChannel) {
    super();
    this.runDir = request.resume ?? request.runDir;
    this.statusItem = this._register(vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50));
    this.statusItem.text = '$(loading~spin) MedSeg: starting worker';
    this.statusItem.command = 'medseg.openDashboard';
    this.statusItem.show();
    this.threads = wasmThreads();
    this.worker = this.startWorker(this.threads);
    this.done = this.run().then(
      (result) => {
        this.runDir = result.runDir;
        this.setStatus(result.status, result.error);
        this.output.appendLine(`[job] ${result.status}: ${result.epochsCompleted} epoch(s), best val Dice ${result.bestValDice.toFixed(4)} on ${result.backend}`);
        void this.worker.stop();
        return result;
      },
      (err: Error) => {
        this.setStatus('failed', err.message);
        return undefined;
      },
    );
  }

  private startWorker(threads: number): WorkerClient {
    this.backendStarted = false;
    const worker = new WorkerClient({
      workerPath: this.workerPath,
      env: wasmThreadsEnv(threads),
      onEvent: (e) => this.onWorkerEvent(e),
      onExit: (e) => { if (worker === this.worker) this.onWorkerExit(e); },
    });
    const what = this.request.resume ? `resuming ${this.request.resume}` : `training ${this.request.configPath ?? '(inline config)'}`;
    this.output.appendLine(`[job] worker pid ${worker.pid} (WASM ${threads} thread(s)): ${what}`);
    return worker;
  }

  /**
   * Runs the request; when a worker with threads fails before its backend started (a threaded
   * WASM start cannot fall back in the same process), runs it once more in a one-thread worker.
   */
  private async run(): Promise<TrainResult> {
    try {
      const result = await this.attempt();
      if (result.status !== 'failed' || this.backendStarted || this.threads < 2) return result;
      return this.retrySingleThreaded(result.error ?? 'failed');
    } catch (err) {
      if (this.backendStarted || this.threads < 2 || this.isDisposed) throw err;
      return this.retrySingleThreaded((err as Error).message);
    }
  }

  /** One worker's run of the request, failing when its backend does not start in time. */
  private attempt(): Promise<TrainResult> {
    const worker = this.worker;
    const timer = setTimeout(() => {
      if (this.backendStarted || worker !== this.worker) return;
      this.output.appendLine(`[job] the worker's backend did not start within ${BACKEND_START_MS / 1000} s`);
      worker.dispose();
    }, BACKEND_START_MS);
    return worker.request(this.request).finally(() => clearTimeout(timer));
  }

  private async retrySingleThreaded(reason: string): Promise<TrainResult> {
    markWasmThreadsFailed(reason);
    this.output.appendLine(`[job] starting with ${this.threads} WASM threads failed (${reason.split('\n')[0]}); retrying with 1 thread`);
    const old = this.worker;
    this.threads = 1;
    this.worker = this.startWorker(1);
    old.dispose();
    return this.attempt();
  }

  /** Worker process id. */
  get pid(): number | undefined {
    return this.worker.pid;
  }

  /** Asks the worker to stop after the current step (it writes a final checkpoint). */
  async stop(): Promise<void> {
    this.output.appendLine(`[job] stop requested for ${this.runDir ?? 'run'}`);
    await this.worker.request({ type: 'stop' }, 30000).catch(() => undefined);
    await this.done;
    await this.worker.stop();
  }

  private onWorkerEvent(e: FromWorker): void {
    switch (e.type) {
      case 'log':
        this.output.appendLine(`[worker ${this.worker.pid}] ${e.text}`);
        return;
      case 'progress': {
        this.runDir ??= e.runDir;
        this.lastProgress = e;
        const eta = e.etaSeconds === null ? '' : `, ETA ${formatSeconds(e.etaSeconds)}`;
        this.statusItem.text = `$(pulse) MedSeg: epoch ${e.epoch}/${e.epochs} ${e.phase}${eta}`;
        this.statusItem.tooltip = `${e.runDir}\nstep ${e.iteration}/${e.iterations}, loss ${e.loss.toFixed(4)}`;
        this.emitter.fire({ kind: 'progress', progress: e });
        return;
      }
      case 'metrics':
        this.runDir ??= e.runDir;
        this.output.appendLine(`[job] epoch ${e.record.epoch}: loss ${e.record.train.total?.toFixed(4)}, val Dice ${e.record.valDice.toFixed(4)}${e.record.accuracy === null ? '' : `, acc ${e.record.accuracy.toFixed(3)}`}`);
        this.emitter.fire({ kind: 'metrics', record: e.record });
        return;
      case 'validationPreview':
        this.emitter.fire({ kind: 'preview', preview: e });
        return;
      case 'runStatus':
        this.backendStarted = true;
        this.runDir ??= e.runDir;
        if (e.summary.status !== this.status) this.setStatus(e.summary.status, e.summary.error);
        return;
    }
  }

  private onWorkerExit(e: WorkerExit): void {
    if (e.expected || this.status !== 'running') return;
    // A threaded worker that died before its backend started is retried with one thread (see run()).
    if (!this.backendStarted && this.threads >= 2) return;
    // The worker died mid-run (crash, out of memory, killed): the run stays resumable from its last checkpoint.
    if (this.runDir) void markRunFailed(this.runDir, e.message, this.worker.lastStderr);
    this.output.appendLine(`[job] ${e.message}`);
    this.setStatus('failed', e.message);
    void vscode.window.showErrorMessage(`MedSeg training failed: ${e.message.split('\n')[0]}`, 'Resume', 'Show Log').then((pick) => {
      if (pick === 'Resume' && this.runDir) void vscode.commands.executeCommand('medseg.resumeRun', this.runDir);
      if (pick === 'Show Log') this.output.show();
    });
  }

  private setStatus(status: RunStatus, error?: string): void {
    this.status = status;
    this.error = error;
    this.statusItem.text = status === 'running' ? this.statusItem.text : `MedSeg: run ${status}`;
    if (status !== 'running') this.statusItem.hide();
    this.emitter.fire({ kind: 'status', status, error });
  }

  override dispose(): void {
    this.worker.dispose();
    super.dispose();
  }
}

function formatSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
