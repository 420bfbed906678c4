/**
 * The two executors of a group: `local` trains the tasks one after another in this
 * process; `slurm` writes the sbatch scripts into the group folder and submits one array
 * job (one task per fold/point) plus a dependent aggregate job. Both run the same
 * `medseg train` on the same task configs; the group folder is the contract.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  ClusterGroup, GROUP_FILES, GroupSummary, Launcher, SlurmSubmission, aggregateScript, arraySpec, arrayScript, taskConfigFile,
} from '../../core/cluster';
import type { FromWorker } from '../../core/protocol/workerProtocol';
import { RUN_FILES } from '../../core/run';
import { writeFileAtomic } from '../../worker/io/atomicWrite';
import { runTrainJob } from '../../worker/jobs/trainJob';
import { collectOutcomes, writeGroup, writeGroupSummary } from './groupFolder';
import { sbatch, scontrolJobs } from './slurmClient';

/** How scripts start this CLI on a node: this node binary and this cli.js. */
export function thisLauncher(): Launcher {
  return { node: process.execPath, cli: path.resolve(process.argv[1] ?? 'dist/cli.js') };
}

/** Trains (or resumes) every task in turn, then writes the summary. Stops early when a task is stopped (Ctrl-C). */
export async function runLocal(dir: string, group: ClusterGroup, notify: (e: FromWorker) => void, onTask?: (name: string) => void): Promise<GroupSummary> {
  for (const t of group.tasks) {
    onTask?.(t.name);
    const runDir = path.join(dir, t.name);
    const resume = fs.existsSync(path.join(runDir, RUN_FILES.checkpoints, 'latest', RUN_FILES.manifest));
    const r = await runTrainJob(resume ? { type: 'train', resume: runDir } : { type: 'train', configPath: path.join(dir, taskConfigFile(t)), runDir }, notify);
    if (r.status === 'stopped') break;
  }
  return writeGroupSummary(dir, group, collectOutcomes(dir, group));
}

/**
 * Writes the scripts (first submission only) and submits the array for `indices` (all
 * tasks by default) plus an aggregate job that runs after it whatever happened
 * (`afterany`; `--kill-on-invalid-dep` so a broken dependency cancels it instead of
 * leaving it pending forever). Records the submission in group.json.
 */
export async function submitSlurm(dir: string, group: ClusterGroup, indices?: number[], launcher = thisLauncher()): Promise<SlurmSubmission> {
  const arrayFile = path.join(dir, GROUP_FILES.arrayScript);
  const aggFile = path.join(dir, GROUP_FILES.aggregateScript);
  if (!fs.existsSync(arrayFile)) {
    writeFileAtomic(arrayFile, arrayScript(group, dir, launcher));
    writeFileAtomic(aggFile, aggregateScript(group, dir, launcher));
    fs.chmodSync(arrayFile, 0o755);
    fs.chmodSync(aggFile, 0o755);
  }
  const tasks = indices ?? group.tasks.map((t) => t.index);
  // Command-line options override the script's #SBATCH lines: only the array range changes.
  const arrayJobId = await sbatch([`--array=${arraySpec(tasks, group.slurm?.options.maxParallel)}`, arrayFile]);
  const aggregateJobId = await sbatch([`--dependency=afterany:${arrayJobId}`, '--kill-on-invalid-dep=yes', aggFile]);
  const sub: SlurmSubmission = { arrayJobId, aggregateJobId, tasks, time: new Date().toISOString() };
  group.slurm = { options: group.slurm?.options ?? {}, submissions: [...(group.slurm?.submissions ?? []), sub] };
  writeGroup(dir, group);
  return sub;
}

/** The aggregate: reads every task's run folder and Slurm's final word, writes the summary. */
export async function aggregate(dir: string, group: ClusterGroup): Promise<GroupSummary> {
  const ids = (group.slurm?.submissions ?? []).map((s) => s.arrayJobId);
  const jobs = group.executor === 'slurm' ? await scontrolJobs(ids) : [];
  return writeGroupSummary(dir, group, collectOutcomes(dir, group, jobs));
}
