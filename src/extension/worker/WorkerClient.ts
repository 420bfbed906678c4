/**
 * The host's handle on one worker child process: forks `dist/worker.js`, speaks the
 * typed worker protocol, keeps the last stderr lines, and turns an unexpected exit
 * (crash, out-of-memory, kill) into rejected requests and an `onExit` report, so the
 * host never hangs or crashes with it.
 */
import { ChildProcess, fork } from 'child_process';
import { MessageHandler } from '../../core/protocol/MessageHandler';
import { FromWorker, ToWorker, WorkerReplies } from '../../core/protocol/workerProtocol';
import { IDisposable } from '../../core/util/Disposable';
import { wasmThreadsEnv } from './wasmThreads';

/** How a worker ended. */
export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when we asked it to stop (dispose/shutdown). */
  expected: boolean;
  /** Plain explanation including the last stderr lines. */
  message: string;
}

export interface WorkerClientOptions {
  /** Path of dist/worker.js. */
  workerPath: string;
  /** Called for each event the worker sends. */
  onEvent?: (e: FromWorker) => void;
  /** Called once when the process ends. */
  onExit?: (e: WorkerExit) => void;
  /** Extra Node flags, e.g. `--max-old-space-size=8192`. */
  execArgv?: string[];
  /** Default request timeout in ms (0 = none). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

const STDERR_LINES = 40;

export class WorkerClient implements IDisposable {
  readonly process: ChildProcess;
  readonly channel: MessageHandler<ToWorker, FromWorker, WorkerReplies>;
  private readonly stderrTail: string[] = [];
  private stopping = false;
  /** Resolves when the process has exited. */
  readonly exited: Promise<WorkerExit>;

  constructor(opts: WorkerClientOptions) {
    this.process = fork(opts.workerPath, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: opts.execArgv ?? [],
      // Threaded WASM unless the user chose a thread count; opts.env (a retry with one thread) wins.
      env: { ...process.env, ...(process.env.MEDSEG_WASM_THREADS ? {} : wasmThreadsEnv()), ...opts.env },
    });
    this.channel = new MessageHandler<ToWorker, FromWorker, WorkerReplies>({
      post: (m) => {
        if (!this.process.connected) throw new Error('worker is not running');
        this.process.send(m);
      },
      onEvent: (e) => opts.onEvent?.(e),
      timeoutMs: opts.timeoutMs ?? 0,
    });
    this.process.on('message', (m) => { void this.channel.handleMessage(m); });
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.stderrTail.push(line);
      this.stderrTail.splice(0, Math.max(0, this.stderrTail.length - STDERR_LINES));
    };
    this.process.stderr?.on('data', collect);
    this.process.stdout?.on('data', (c: Buffer) => opts.onEvent?.({ type: 'log', level: 'info', text: c.toString('utf8').trimEnd() }));
    this.exited = new Promise((resolve) => {
      let done = false;
      const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
        if (done) return;
        done = true;
        const exit: WorkerExit = { code, signal, expected: this.stopping, message: this.describeExit(code, signal, spawnError) };
        this.channel.close(exit.message);
        opts.onExit?.(exit);
        resolve(exit);
      };
      this.process.on('exit', (code, signal) => finish(code, signal));
      this.process.on('error', (err) => finish(null, null, err));
    });
  }

  /** Process id of the worker. */
  get pid(): number | undefined {
    return this.process.pid;
  }

  /** The last lines the worker wrote to stderr. */
  get lastStderr(): string[] {
    return [...this.stderrTail];
  }

  /** Sends a request and waits for its reply. */
  request<M extends ToWorker>(msg: M, timeoutMs?: number) {
    return this.channel.request(msg, timeoutMs);
  }

  /** Asks the worker to exit, then kills it if it has not within `graceMs`. */
  async stop(graceMs = 5000): Promise<WorkerExit> {
    this.stopping = true;
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.channel.request({ type: 'shutdown' }, graceMs).catch(() => undefined);
      const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
      const exit = await this.exited;
      clearTimeout(timer);
      return exit;
    }
    return this.exited;
  }

  dispose(): void {
    this.stopping = true;
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGTERM');
  }

  private describeExit(code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): string {
    let what: string;
    if (spawnError) what = `worker could not start: ${spawnError.message}`;
    else if (this.stopping) what = 'worker stopped';
    else if (signal === 'SIGKILL') what = 'worker was killed (SIGKILL: out of memory, or killed by hand)';
    else if (signal) what = `worker was killed by ${signal}`;
    else if (code === 134 || this.stderrTail.some((l) => /heap out of memory|Allocation failed/i.test(l))) what = 'worker ran out of memory';
    else what = `worker exited with code ${code}`;
    const tail = this.stderrTail.slice(-8);
    return tail.length && !this.stopping ? `${what}. Last stderr lines:\n${tail.join('\n')}` : what;
  }
}
