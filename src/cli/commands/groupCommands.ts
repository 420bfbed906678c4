/**
 * Commands on an existing cross-validation or sweep folder: `aggregate` (what the Slurm
 * aggregate job runs), `status`, `cancel` and `resubmit`.
 */
import * as path from 'path';
import { CliCommand } from './CliCommand';
import { describeTaskState, formatGroupSummary, groupTaskStates, latestSubmission } from '../../core/cluster';
import { MedSegError } from '../../core/util/MedSegError';
import { collectOutcomes, findTask, readGroup } from '../cluster/groupFolder';
import { aggregate, submitSlurm } from '../cluster/executors';
import { scancel, squeueAll } from '../cluster/slurmClient';
import { eachArg } from './argParsing';

function parse(args: string[], usage: string, opts: string[] = []): { dir: string; task?: string; json: boolean } {
  let dir: string | undefined;
  let task: string | undefined;
  let json = false;
  eachArg(args, (a, value) => {
    if (a === '--json') json = true;
    else if (a === '--task' && opts.includes('--task')) task = value();
    else if (a === '--help' || a === '-h') throw new MedSegError('bad-args', usage);
    else if (a.startsWith('-')) throw new MedSegError('bad-args', `unknown option ${a}\n${usage}`);
    else dir = a;
  });
  if (!dir) throw new MedSegError('bad-args', usage);
  return { dir: path.resolve(dir), task, json };
}

/** `medseg aggregate <dir>`: writes the summary from the tasks' run folders (and Slurm's final states). */
export const aggregateCommand: CliCommand = {
  name: 'aggregate',
  summary: 'write the summary of a cv/sweep folder (what the Slurm aggregate job runs)',
  async run(args) {
    const a = parse(args, 'Usage: medseg aggregate <cv-or-sweep-folder> [--json]');
    const s = await aggregate(a.dir, readGroup(a.dir));
    console.log(a.json ? JSON.stringify(s) : formatGroupSummary(s));
    return s.missing.length ? 1 : 0;
  },
};

/** `medseg status <dir>`: each task's Slurm state, epoch and best Dice. */
export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'Slurm state, epoch and Dice of each task of a cv/sweep folder',
  async run(args) {
    const a = parse(args, 'Usage: medseg status <cv-or-sweep-folder> [--json]');
    const group = readGroup(a.dir);
    const jobs = group.executor === 'slurm' ? await squeueAll() : [];
    const states = groupTaskStates(group, jobs);
    const rows = collectOutcomes(a.dir, group).map((o) => ({
      name: o.name, slurm: states.get(o.index) ?? null, run: o.summary?.status ?? null,
      epoch: o.summary?.epochsCompleted ?? 0, epochs: o.summary?.epochsTotal ?? 0, bestValDice: o.summary?.bestValDice ?? null,
    }));
    if (a.json) console.log(JSON.stringify({ dir: a.dir, kind: group.kind, tasks: rows }));
    else for (const r of rows) console.log(`${r.name.padEnd(10)} ${(r.slurm ? describeTaskState(r.slurm) : '-').padEnd(24)} run ${r.run ?? '-'}  epoch ${r.epoch}/${r.epochs}  Dice ${r.bestValDice?.toFixed(4) ?? '-'}`);
    return 0;
  },
};

/** `medseg cancel <dir> [--task fold-2]`: scancel the group's array jobs or one task. The aggregate still reports. */
export const cancelCommand: CliCommand = {
  name: 'cancel',
  summary: 'cancel the Slurm tasks of a cv/sweep folder (or one --task)',
  async run(args) {
    const a = parse(args, 'Usage: medseg cancel <cv-or-sweep-folder> [--task NAME|INDEX]', ['--task']);
    const group = readGroup(a.dir);
    if (group.executor !== 'slurm') throw new MedSegError('bad-args', 'not a Slurm group (stop a local one with Ctrl-C)', a.dir);
    const ids = a.task
      ? (() => { const t = findTask(group, a.dir, a.task!); const s = latestSubmission(group, t.index); return s ? [`${s.arrayJobId}_${t.index}`] : []; })()
      : [...new Set((group.slurm?.submissions ?? []).map((s) => s.arrayJobId))];
    await scancel(ids);
    console.log(a.json ? JSON.stringify({ cancelled: ids }) : `cancelled ${ids.join(' ') || 'nothing'}`);
    return 0;
  },
};

/** `medseg resubmit <dir> --task fold-2`: submits the task again; it resumes from its last checkpoint. */
export const resubmitCommand: CliCommand = {
  name: 'resubmit',
  summary: 'resubmit a failed/cancelled Slurm task of a cv/sweep folder (resumes from its checkpoint)',
  async run(args) {
    const a = parse(args, 'Usage: medseg resubmit <cv-or-sweep-folder> --task NAME|INDEX', ['--task']);
    if (!a.task) throw new MedSegError('bad-args', '--task NAME|INDEX is required');
    const group = readGroup(a.dir);
    if (group.executor !== 'slurm') throw new MedSegError('bad-args', 'not a Slurm group', a.dir);
    const t = findTask(group, a.dir, a.task);
    const sub = await submitSlurm(a.dir, group, [t.index]);
    console.log(a.json ? JSON.stringify({ type: 'submitted', dir: a.dir, ...sub }) : `resubmitted ${t.name}: array job ${sub.arrayJobId}, aggregate job ${sub.aggregateJobId}`);
    return 0;
  },
};
