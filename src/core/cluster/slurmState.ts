/**
 * Parsing what Slurm 22.05 prints, and turning it into one state per group task.
 * Sources (no `sacct` without slurmdbd):
 * - `squeue -h -r -t all -o '%i|%A|%F|%K|%T|%r|%N'` (SQUEUE_FORMAT): one line per task,
 *   pending ones included, finished ones for MinJobAge; no exit code.
 * - `scontrol show job -o <arrayId>`: one `key=value` line per task with `ExitCode=code:signal`.
 * Pending tasks have no own job id yet (`%A` is the array id) and a cancelled pending
 * task leaves no trace at all: such a task is `MISSING`.
 */
import { ClusterGroup, latestSubmission } from './ClusterGroup';

/** The squeue output format this parser reads. */
export const SQUEUE_FORMAT = '%i|%A|%F|%K|%T|%r|%N';

/** Job states a task can be in (Slurm's names, plus MISSING when Slurm knows nothing). */
export type SlurmJobState = 'PENDING' | 'RUNNING' | 'COMPLETING' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'TIMEOUT'
  | 'OUT_OF_MEMORY' | 'NODE_FAIL' | 'PREEMPTED' | 'SUSPENDED' | 'BOOT_FAIL' | 'DEADLINE' | 'MISSING';

/** States after which a task will not change by itself. */
export function isTerminal(s: SlurmJobState): boolean {
  return !['PENDING', 'RUNNING', 'COMPLETING', 'SUSPENDED'].includes(s);
}

/** One job or array task as Slurm reports it. */
export interface SlurmJob {
  /** The task's own job id (the array id while still pending). */
  jobId: string;
  /** Array job id (equal to jobId for a plain job). */
  arrayJobId: string;
  /** Array task id; null for a plain job. */
  taskId: number | null;
  state: SlurmJobState;
  /** Why pending / why it ended (`Resources`, `Dependency`, `NonZeroExitCode`, `None`). */
  reason: string;
  /** Node list ('' while pending). */
  node: string;
  /** Exit code and signal, when known (scontrol only). */
  exitCode?: number;
  signal?: number;
}

function parseState(s: string): SlurmJobState {
  // scontrol may print `CANCELLED` plus ` by 0` in Reason; squeue prints plain names.
  const name = s.trim().toUpperCase().split(/\s+/)[0];
  return (name || 'MISSING') as SlurmJobState;
}

/** Parses squeue lines printed with SQUEUE_FORMAT (header-less). */
export function parseSqueue(text: string): SlurmJob[] {
  const out: SlurmJob[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split('|');
    if (f.length < 7) continue;
    const [, own, arr, task, state, reason, node] = f;
    const taskId = /^\d+$/.test(task) ? Number(task) : null;
    out.push({ jobId: own, arrayJobId: arr && arr !== '0' && arr !== 'N/A' ? arr : own, taskId, state: parseState(state), reason: reason === '(null)' ? '' : reason, node: node === '(null)' ? '' : node });
  }
  return out;
}

/** Splits one `scontrol show job -o` line into its fields. */
export function parseScontrolLine(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  // Values may contain spaces only in a few fields (Command, WorkDir…); keys are CamelCase words before '='.
  const re = /(?:^|\s)([A-Za-z][A-Za-z0-9_:/]*)=(.*?)(?=\s[A-Za-z][A-Za-z0-9_:/]*=|$)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out[m[1]] = m[2];
  return out;
}

/** Parses `scontrol show job -o` output (one job or task per line). */
export function parseScontrol(text: string): SlurmJob[] {
  const out: SlurmJob[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('JobId=')) continue;
    const f = parseScontrolLine(line.trim());
    const [code, sig] = (f.ExitCode ?? '').split(':').map(Number);
    const task = f.ArrayTaskId;
    out.push({
      jobId: f.JobId, arrayJobId: f.ArrayJobId ?? f.JobId, taskId: task !== undefined && /^\d+$/.test(task) ? Number(task) : null,
      state: parseState(f.JobState ?? ''), reason: f.Reason === '(null)' ? '' : (f.Reason ?? ''), node: f.NodeList === '(null)' ? '' : (f.NodeList ?? ''),
      exitCode: Number.isFinite(code) ? code : undefined, signal: Number.isFinite(sig) ? sig : undefined,
    });
  }
  return out;
}

/** What the monitor shows for one task. */
export interface TaskSlurmState {
  state: SlurmJobState;
  jobId?: string;
  arrayJobId?: string;
  node: string;
  reason: string;
  exitCode?: number;
  signal?: number;
}

/**
 * The Slurm state of each task of a group, from any mix of squeue and scontrol records
 * (scontrol wins: it has exit codes). Tasks never submitted are absent from the map.
 */
export function groupTaskStates(group: ClusterGroup, jobs: readonly SlurmJob[]): Map<number, TaskSlurmState> {
  const out = new Map<number, TaskSlurmState>();
  for (const t of group.tasks) {
    const sub = latestSubmission(group, t.index);
    if (!sub) continue;
    const mine = jobs.filter((j) => j.arrayJobId === sub.arrayJobId && j.taskId === t.index);
    const best = mine.find((j) => j.exitCode !== undefined) ?? mine[0];
    if (!best) {
      out.set(t.index, { state: 'MISSING', arrayJobId: sub.arrayJobId, node: '', reason: 'not known to Slurm (cancelled while pending, or purged)' });
      continue;
    }
    // squeue's per-task view is fresher for live states; scontrol adds the exit code.
    const live = mine.find((j) => j.exitCode === undefined) ?? best;
    out.set(t.index, {
      state: live.state, jobId: live.jobId, arrayJobId: sub.arrayJobId, node: live.node || best.node, reason: live.reason || best.reason,
      exitCode: best.exitCode, signal: best.signal,
    });
  }
  return out;
}

/** A one-line label: `RUNNING on vm`, `FAILED exit 1`, `PENDING (Resources)`. */
export function describeTaskState(s: TaskSlurmState): string {
  switch (s.state) {
    case 'RUNNING': return s.node ? `RUNNING on ${s.node}` : 'RUNNING';
    case 'PENDING': return s.reason && s.reason !== 'None' ? `PENDING (${s.reason})` : 'PENDING';
    case 'FAILED': return `FAILED exit ${s.exitCode ?? '?'}${s.signal ? ` signal ${s.signal}` : ''}`;
    case 'MISSING': return 'MISSING';
    default: return s.reason && s.reason !== 'None' && s.state !== 'COMPLETED' ? `${s.state} (${s.reason})` : s.state;
  }
}
