/**
 * The summary of a group (`cv-summary.json` / `sweep-summary.json`): every metric of
 * each task's best epoch, mean ± std over the completed tasks, the tasks that did not
 * complete and why, the fold ensemble (best checkpoints) and, for a sweep, the ranking.
 */
import type { EpochRecord, RunSummary } from '../run';
import { ClusterGroup, GroupKind } from './ClusterGroup';
import { TaskSlurmState, describeTaskState } from './slurmState';

/** Flat metrics of one epoch record (`valDice`, `accuracy`, `tumour.dice`, `valLoss.total`, …); null where undefined. */
export function flatMetrics(r: EpochRecord): Record<string, number | null> {
  const out: Record<string, number | null> = { valDice: r.valDice, valDiceEma: r.valDiceEma, accuracy: r.accuracy, aucMacro: r.aucMacro };
  for (const s of r.seg) {
    out[`${s.name}.dice`] = s.dice;
    out[`${s.name}.iou`] = s.iou;
    out[`${s.name}.hd95`] = s.hd95;
  }
  for (const [k, v] of Object.entries(r.valLoss)) out[`valLoss.${k}`] = v;
  return out;
}

/** Mean and sample standard deviation (0 for one value) over n values. */
export interface MeanStd { mean: number; std: number; n: number }

export function meanStd(xs: readonly number[]): MeanStd {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const std = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}

/** What the aggregator knows about one task. */
export interface TaskOutcome {
  index: number;
  name: string;
  runDir: string;
  fold?: number;
  params?: Record<string, unknown>;
  /** The run's summary.json, when the task got that far. */
  summary?: RunSummary;
  /** The best epoch's record (metrics.jsonl line of summary.bestEpoch). */
  best?: EpochRecord;
  slurm?: TaskSlurmState;
  /** Last lines of the task's output file (failed tasks only). */
  outputTail?: string[];
}

/** One task in the summary. */
export interface TaskResult {
  index: number;
  name: string;
  runDir: string;
  fold?: number;
  params?: Record<string, unknown>;
  /** completed, or why not: failed / stopped / cancelled / running / missing. */
  status: 'completed' | 'failed' | 'stopped' | 'cancelled' | 'running' | 'missing';
  bestEpoch: number;
  epochsCompleted: number;
  metrics: Record<string, number | null>;
  slurm?: { state: string; jobId?: string; node: string; reason: string; exitCode?: number; signal?: number; label: string };
  error?: string;
  outputTail?: string[];
}

/** The written summary. */
export interface GroupSummary {
  format: 'medseg-group-summary-1';
  kind: GroupKind;
  name: string;
  executor: string;
  writtenAt: string;
  tasks: TaskResult[];
  /** Names of completed tasks, and of the others. */
  completed: string[];
  missing: string[];
  /** Mean ± std of every metric over completed tasks. */
  metrics: Record<string, MeanStd>;
  /** Best checkpoints of the completed tasks, ready for a fold ensemble (`medseg predict --run` each, then average). */
  ensemble: { runDirs: string[]; checkpoints: string[] };
  /** Sweep: task names by `rankBy` descending (completed only). */
  ranking?: { rankBy: string; order: string[] };
}

function statusOf(o: TaskOutcome): TaskResult['status'] {
  const st = o.slurm?.state;
  if (o.summary?.status === 'completed') return 'completed';
  if (st === 'CANCELLED' || (o.summary?.status === 'stopped' && st !== 'FAILED')) return st === 'CANCELLED' ? 'cancelled' : 'stopped';
  if (o.summary?.status === 'failed' || (st && ['FAILED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'BOOT_FAIL', 'DEADLINE', 'PREEMPTED', 'COMPLETED'].includes(st))) return 'failed';
  if (!o.summary) return st === 'MISSING' || !st || st === 'PENDING' ? 'missing' : st === 'RUNNING' ? 'running' : 'failed';
  return 'running';
}

/** Builds the summary from the tasks' outcomes. `rankBy` (sweep) defaults to valDice. */
export function summarizeGroup(group: ClusterGroup, outcomes: readonly TaskOutcome[], now: Date, rankBy = 'valDice'): GroupSummary {
  const tasks: TaskResult[] = outcomes.map((o) => {
    const status = statusOf(o);
    const r: TaskResult = {
      index: o.index, name: o.name, runDir: o.runDir, fold: o.fold, params: o.params, status,
      bestEpoch: o.summary?.bestEpoch ?? 0, epochsCompleted: o.summary?.epochsCompleted ?? 0,
      metrics: o.best ? flatMetrics(o.best) : {},
    };
    if (o.slurm) r.slurm = { ...o.slurm, label: describeTaskState(o.slurm) };
    if (o.summary?.error) r.error = o.summary.error;
    if (status !== 'completed' && o.outputTail?.length) r.outputTail = o.outputTail;
    return r;
  });
  const done = tasks.filter((t) => t.status === 'completed');
  const keys = [...new Set(done.flatMap((t) => Object.keys(t.metrics)))];
  const metrics: Record<string, MeanStd> = {};
  for (const k of keys) {
    const xs = done.map((t) => t.metrics[k]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    if (xs.length) metrics[k] = meanStd(xs);
  }
  const summary: GroupSummary = {
    format: 'medseg-group-summary-1', kind: group.kind, name: group.name, executor: group.executor, writtenAt: now.toISOString(), tasks,
    completed: done.map((t) => t.name), missing: tasks.filter((t) => t.status !== 'completed').map((t) => t.name), metrics,
    ensemble: { runDirs: done.map((t) => t.runDir), checkpoints: done.map((t) => `${t.runDir}/checkpoints/best`) },
  };
  if (group.kind === 'sweep') {
    const score = (t: TaskResult) => t.metrics[rankBy] ?? -Infinity;
    summary.ranking = { rankBy, order: [...done].sort((a, b) => score(b) - score(a) || a.index - b.index).map((t) => t.name) };
  }
  return summary;
}

const f4 = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(4));

/** Plain-text report of a summary (the aggregate job's output, `medseg cv` at the end). */
export function formatGroupSummary(s: GroupSummary): string {
  const lines: string[] = [];
  const head = ['valDice', 'accuracy', 'aucMacro'];
  const label = (t: TaskResult) => (t.params ? Object.entries(t.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ') : t.name);
  lines.push(`${s.kind === 'cv' ? 'cross-validation' : 'sweep'} "${s.name}" (${s.executor}): ${s.completed.length}/${s.tasks.length} completed`);
  const ordered = s.ranking ? [...s.ranking.order.map((n) => s.tasks.find((t) => t.name === n)!), ...s.tasks.filter((t) => t.status !== 'completed')] : s.tasks;
  ordered.forEach((t, i) => {
    const rank = s.ranking && t.status === 'completed' ? `#${i + 1} ` : '';
    const m = head.map((k) => `${k} ${f4(t.metrics[k])}`).join('  ');
    lines.push(`  ${rank}${t.name.padEnd(8)} ${t.status.padEnd(9)} ${t.status === 'completed' ? `best epoch ${t.bestEpoch}  ${m}` : ''}${s.kind === 'sweep' ? `  ${label(t)}` : ''}`.trimEnd());
    if (t.status !== 'completed') {
      if (t.slurm) lines.push(`      slurm: ${t.slurm.label}${t.slurm.reason && t.slurm.reason !== 'None' ? ` (${t.slurm.reason})` : ''}`);
      if (t.error) lines.push(`      error: ${t.error}`);
      for (const l of t.outputTail ?? []) lines.push(`      | ${l}`);
    }
  });
  for (const [k, v] of Object.entries(s.metrics)) lines.push(`  ${k.padEnd(16)} ${f4(v.mean)} ± ${f4(v.std)} (n=${v.n})`);
  if (s.missing.length) lines.push(`not completed: ${s.missing.join(', ')}`);
  return lines.join('\n');
}
