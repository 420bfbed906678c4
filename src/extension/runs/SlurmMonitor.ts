/**
 * Slurm states of the group tasks shown in the Runs view. Polls `squeue` sparingly (one
 * call per interval for all groups, only while some watched task is not finished) and
 * asks `scontrol` once per finished array job for exit codes. Everything is async
 * child processes; without Slurm on this machine it stays quiet and reports nothing.
 */
import * as vscode from 'vscode';
import { execFile } from 'child_process';
import {
  ClusterGroup, groupTaskStates, isTerminal, parseScontrol, parseSqueue, SlurmJob, SQUEUE_FORMAT, TaskSlurmState,
} from '../../core/cluster';
import { Disposable } from '../../core/util/Disposable';

/** stdout, undefined on a transient failure, null when the command does not exist here. */
function run(cmd: string, args: string[]): Promise<string | undefined | null> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 20000, maxBuffer: 16 << 20 }, (err, stdout) => {
      resolve(!err ? stdout : (err as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined);
    });
  });
}

export class SlurmMonitor extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when any task's state changed. */
  readonly onDidChange = this.changed.event;
  private groups: ClusterGroup[] = [];
  private live: SlurmJob[] = [];
  private readonly final = new Map<string, SlurmJob[]>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private polling = false;
  private lastText = '';
  private available = true;

  /** Sets the Slurm groups on screen; starts polling when one may still change. */
  watch(groups: readonly ClusterGroup[]): void {
    this.groups = groups.filter((g) => g.executor === 'slurm' && (g.slurm?.submissions.length ?? 0) > 0);
    if (this.needsPolling() && !this.timer && !this.polling) this.schedule(0);
  }

  /** Polls now (after a submit, cancel or resubmit). */
  poke(): void {
    this.available = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.polling) this.schedule(300);
  }

  /** Task states of a group (empty when Slurm said nothing yet). */
  states(group: ClusterGroup): Map<number, TaskSlurmState> {
    const finals = (group.slurm?.submissions ?? []).flatMap((s) => this.final.get(s.arrayJobId) ?? []);
    return this.live.length || finals.length ? groupTaskStates(group, [...this.live, ...finals]) : new Map();
  }

  private needsPolling(): boolean {
    if (!this.available) return false;
    return this.groups.some((g) => {
      const st = this.states(g);
      return g.tasks.some((t) => { const s = st.get(t.index); return !s || !isTerminal(s.state); })
        || (g.slurm?.submissions ?? []).some((s) => !this.final.has(s.arrayJobId));
    });
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => { this.timer = undefined; void this.poll(); }, ms);
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      const text = await run('squeue', ['-h', '-r', '-t', 'all', '-o', SQUEUE_FORMAT]);
      if (text === null) { this.available = false; return; }
      if (text === undefined) return; // a slow or restarting controller: try again next time
      this.live = parseSqueue(text);
      let changed = text !== this.lastText;
      this.lastText = text;
      // Exit codes are only in scontrol: ask once per array whose tasks have all ended.
      for (const g of this.groups) {
        for (const sub of g.slurm?.submissions ?? []) {
          if (this.final.has(sub.arrayJobId)) continue;
          const mine = this.live.filter((j) => j.arrayJobId === sub.arrayJobId);
          if (mine.some((j) => !isTerminal(j.state))) continue;
          const out = await run('scontrol', ['show', 'job', '-o', sub.arrayJobId]);
          this.final.set(sub.arrayJobId, out ? parseScontrol(out) : []);
          changed = true;
        }
      }
      // While a task runs its epochs advance in its run folder: refresh with every poll even
      // when the file watcher is slow or absent (network file systems on clusters).
      const running = this.groups.some((g) => [...this.states(g).values()].some((t) => t.state === 'RUNNING'));
      if (changed || running) this.changed.fire();
    } finally {
      this.polling = false;
      const seconds = vscode.workspace.getConfiguration('medseg').get<number>('slurm.pollSeconds', 5);
      if (!this.isDisposed && this.needsPolling()) this.schedule(Math.max(1, seconds) * 1000);
    }
  }

  override dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    super.dispose();
  }
}
