/**
 * Creates and reads group folders (layout in core/cluster/ClusterGroup.ts): the derived
 * task configs, `group.json`, and the outcome of every task for the summary.
 */
import * as fs from 'fs';
import * as path from 'path';
import { resolveTrainConfig, TrainConfig } from '../../core/config/trainConfig';
import {
  ClusterGroup, ExecutorName, GROUP_FILES, GroupKind, GroupSummary, GroupTask, SlurmJob, SlurmOptions, TaskOutcome,
  groupTaskStates, isTerminal, summarizeGroup, summaryFileOf, taskConfigFile, taskOutputFile,
} from '../../core/cluster';
import { RUN_FILES, RunSummary, runFolderName } from '../../core/run';
import { asMedSegError, MedSegError } from '../../core/util/MedSegError';
import { readJson, writeJsonAtomic } from '../../worker/io/atomicWrite';
import { markRunFailed, readMetricsFile } from '../../worker/io/RunWriter';

/** A task to create: its config object (unresolved, relative paths against the source's folder). */
export interface TaskDraft extends Omit<GroupTask, 'index'> { config: Record<string, unknown> }

/** Reads a config file as a raw object (errors name the file). */
export function readRawConfig(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw asMedSegError(err, file, 'bad-config');
  }
}

/**
 * Creates `<outputDir>/<stamp>-<name>-<kind>/` with every task's resolved config and
 * group.json. Every config is resolved first, so a bad value fails before anything runs.
 */
export function createGroup(kind: GroupKind, source: string, base: TrainConfig, drafts: TaskDraft[], executor: ExecutorName, slurm?: SlurmOptions): { dir: string; group: ClusterGroup } {
  const baseDir = path.dirname(path.resolve(source));
  const resolved = drafts.map((d) => {
    try {
      return resolveTrainConfig(d.config, baseDir);
    } catch (err) {
      throw asMedSegError(err, `${source} (${d.name})`, 'bad-config');
    }
  });
  const now = new Date();
  const dir = path.join(base.run.outputDir, `${runFolderName(base.name, now)}-${kind}`);
  const tasks: GroupTask[] = drafts.map((d, index) => ({ index, name: d.name, fold: d.fold, params: d.params }));
  const group: ClusterGroup = {
    format: 'medseg-group-1', kind, name: base.name, executor, source: path.resolve(source), createdAt: now.toISOString(), tasks,
    ...(executor === 'slurm' ? { slurm: { options: slurm ?? {}, submissions: [] } } : {}),
  };
  fs.mkdirSync(path.join(dir, GROUP_FILES.configs), { recursive: true });
  fs.mkdirSync(path.join(dir, GROUP_FILES.slurm), { recursive: true });
  tasks.forEach((t, i) => writeJsonAtomic(path.join(dir, taskConfigFile(t)), resolved[i]));
  writeGroup(dir, group);
  return { dir, group };
}

export function writeGroup(dir: string, group: ClusterGroup): void {
  writeJsonAtomic(path.join(dir, GROUP_FILES.group), group);
}

/** Reads group.json of a group folder (a MedSegError names the folder when it is not one). */
export function readGroup(dir: string): ClusterGroup {
  const file = path.join(dir, GROUP_FILES.group);
  if (!fs.existsSync(file)) throw new MedSegError('not-a-group', `not a cross-validation or sweep folder (no ${GROUP_FILES.group})`, dir);
  return readJson<ClusterGroup>(file);
}

/** Finds a task by name (`fold-2`) or index (`1`). */
export function findTask(group: ClusterGroup, dir: string, which: string): GroupTask {
  const t = group.tasks.find((x) => x.name === which) ?? (/^\d+$/.test(which) ? group.tasks.find((x) => x.index === Number(which)) : undefined);
  if (!t) throw new MedSegError('bad-args', `no task ${which}; tasks: ${group.tasks.map((x) => x.name).join(', ')}`, dir);
  return t;
}

function lastLines(file: string, n: number): string[] {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').map((l) => l.replace(/\r/g, '').trimEnd()).filter((l) => l.length > 0).slice(-n);
  } catch {
    return [];
  }
}

/**
 * What each task left on disk, plus its Slurm state from `jobs`. A task whose run still
 * says `running` although Slurm has ended it (killed, timed out, out of memory) is marked
 * failed with Slurm's reason and the tail of its output.
 */
export function collectOutcomes(dir: string, group: ClusterGroup, jobs: readonly SlurmJob[] = []): TaskOutcome[] {
  const states = groupTaskStates(group, jobs);
  return group.tasks.map((t) => {
    const runDir = path.join(dir, t.name);
    const slurm = states.get(t.index);
    let summary = fs.existsSync(path.join(runDir, RUN_FILES.summary)) ? readJson<RunSummary>(path.join(runDir, RUN_FILES.summary)) : undefined;
    const tail = lastLines(path.join(dir, taskOutputFile(t)), 20);
    if (summary?.status === 'running' && slurm && isTerminal(slurm.state)) {
      const why = `Slurm ended the task: ${slurm.state}${slurm.reason && slurm.reason !== 'None' ? ` (${slurm.reason})` : ''}${slurm.exitCode !== undefined ? `, exit code ${slurm.exitCode}:${slurm.signal ?? 0}` : ''}`;
      if (markRunFailed(runDir, why, tail)) summary = readJson<RunSummary>(path.join(runDir, RUN_FILES.summary));
    }
    const best = summary && summary.bestEpoch > 0 ? readMetricsFile(path.join(runDir, RUN_FILES.metrics)).find((r) => r.epoch === summary!.bestEpoch) : undefined;
    return { index: t.index, name: t.name, runDir, fold: t.fold, params: t.params, summary, best, slurm, outputTail: tail };
  });
}

/** Writes the group's summary file; returns it. */
export function writeGroupSummary(dir: string, group: ClusterGroup, outcomes: TaskOutcome[]): GroupSummary {
  const s = summarizeGroup(group, outcomes, new Date());
  writeJsonAtomic(path.join(dir, summaryFileOf(group.kind)), s);
  return s;
}
