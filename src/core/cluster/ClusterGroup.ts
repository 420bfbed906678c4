/**
 * A group run: a cross-validation or a sweep, i.e. several ordinary run folders trained
 * from derived configs, plus the files that tie them together. The group folder is the
 * contract between the submitter (CLI, VS Code), the tasks (wherever they run) and the
 * monitors: everything needed to watch, aggregate, cancel or resubmit is on disk.
 *
 * ```
 * runs/<yyyymmdd-HHMMSS>-<name>-cv/            (or -sweep)
 *   group.json            ClusterGroup: kind, executor, tasks, Slurm submissions
 *   configs/<task>.medseg.json   the resolved config each task trains
 *   <task>/               an ordinary run folder per task (fold-1, point-0, …)
 *   slurm/array.sbatch    the array job script (resubmittable by hand)
 *   slurm/aggregate.sbatch   the dependent job that writes the summary
 *   slurm/task-<i>.out    each task's stdout+stderr (Environment report, epochs)
 *   cv-summary.json | sweep-summary.json   GroupSummary, written when the tasks end
 * ```
 */

/** Where tasks run. */
export type ExecutorName = 'local' | 'slurm';
export const EXECUTORS: readonly ExecutorName[] = ['local', 'slurm'];

/** What the group is. */
export type GroupKind = 'cv' | 'sweep';

/** sbatch options of a submission (all optional; unset means the cluster's default). */
export interface SlurmOptions {
  partition?: string;
  /** Time limit, sbatch syntax (`30`, `1:00:00`, `1-00:00:00`). */
  time?: string;
  /** CPUs per task. */
  cpus?: number;
  /** Memory per node, sbatch syntax (`4G`). */
  mem?: string;
  /** Generic resources, e.g. `gpu:1`. */
  gres?: string;
  /** At most this many array tasks at once (`--array=0-N%k`). */
  maxParallel?: number;
  /** Extra `#SBATCH` lines, verbatim options (`--account=lab`, `--qos=short`). */
  extra?: string[];
}

/** One task of a group: a fold or a sweep point. */
export interface GroupTask {
  /** Array index (0-based, also the Slurm array task id). */
  index: number;
  /** Folder name inside the group (`fold-2`, `point-0`). */
  name: string;
  /** Validation fold of a CV task. */
  fold?: number;
  /** Config overrides of a sweep point (dotted keys). */
  params?: Record<string, unknown>;
}

/** One sbatch call of the array (the first, or a resubmission of some tasks). */
export interface SlurmSubmission {
  arrayJobId: string;
  aggregateJobId: string;
  /** Task indices this submission runs. */
  tasks: number[];
  time: string;
}

/** `group.json`. */
export interface ClusterGroup {
  format: 'medseg-group-1';
  kind: GroupKind;
  /** Config name. */
  name: string;
  executor: ExecutorName;
  /** The config file the group was made from (absolute). */
  source: string;
  createdAt: string;
  tasks: GroupTask[];
  /** Slurm options and submissions (executor slurm only). */
  slurm?: { options: SlurmOptions; submissions: SlurmSubmission[] };
}

/** File names inside a group folder. */
export const GROUP_FILES = {
  group: 'group.json',
  configs: 'configs',
  slurm: 'slurm',
  arrayScript: 'slurm/array.sbatch',
  aggregateScript: 'slurm/aggregate.sbatch',
} as const;

/** File name of the summary of a group kind. */
export function summaryFileOf(kind: GroupKind): string {
  return kind === 'cv' ? 'cv-summary.json' : 'sweep-summary.json';
}

/** Relative path of a task's config. */
export function taskConfigFile(task: GroupTask): string {
  return `${GROUP_FILES.configs}/${task.name}.medseg.json`;
}

/** Relative path of a task's Slurm output file. */
export function taskOutputFile(task: GroupTask): string {
  return `${GROUP_FILES.slurm}/task-${task.index}.out`;
}

/** The latest submission that ran task `index`, if any. */
export function latestSubmission(group: ClusterGroup, index: number): SlurmSubmission | undefined {
  const subs = group.slurm?.submissions ?? [];
  for (let i = subs.length - 1; i >= 0; i--) if (subs[i].tasks.includes(index)) return subs[i];
  return undefined;
}

/** Compact Slurm array spec of task indices: `0-2`, `1,3`, with `%k` throttle. */
export function arraySpec(indices: readonly number[], maxParallel?: number): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(',') + (maxParallel && maxParallel > 0 ? `%${maxParallel}` : '');
}
