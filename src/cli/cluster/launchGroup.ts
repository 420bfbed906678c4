/** Runs a freshly created group with the chosen executor and reports like a CLI should. */
import * as fs from 'fs';
import * as path from 'path';
import { ClusterGroup, formatGroupSummary, GroupSummary, summaryFileOf } from '../../core/cluster';
import { requestStop } from '../../worker/jobs/jobControl';
import { readJson } from '../../worker/io/atomicWrite';
import type { GroupArgs } from '../commands/groupArgs';
import { makeEventPrinter } from '../commands/trainOutput';
import { runLocal, submitSlurm } from './executors';
import { scontrolJobs, waitForJob } from './slurmClient';

function report(s: GroupSummary, json: boolean): void {
  console.log(json ? JSON.stringify({ type: 'groupSummary', summary: s }) : `\n${formatGroupSummary(s)}`);
}

/** Local: trains every task here. Slurm: submits, and with --wait blocks until the aggregate ends. Resolves to the exit code. */
export async function launchGroup(dir: string, group: ClusterGroup, a: GroupArgs): Promise<number> {
  if (a.executor === 'local') {
    const print = makeEventPrinter(a.json);
    const onSignal = () => { requestStop(); };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const s = await runLocal(dir, group, print, (name) => { if (!a.json) console.log(`\n== ${name} ==`); });
      report(s, a.json);
      if (!a.json) console.log(`\n${group.kind} folder: ${dir}`);
      return s.missing.length ? 1 : 0;
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  }
  const sub = await submitSlurm(dir, group);
  if (a.json) console.log(JSON.stringify({ type: 'submitted', dir, ...sub }));
  else {
    console.log(`submitted ${group.kind} "${group.name}": array job ${sub.arrayJobId} (${group.tasks.length} tasks), aggregate job ${sub.aggregateJobId}`);
    console.log(`folder: ${dir}\nwatch:  medseg status ${dir}\ncancel: medseg cancel ${dir}`);
  }
  if (!a.wait) return 0;
  await waitForJob(sub.aggregateJobId);
  const agg = (await scontrolJobs([sub.aggregateJobId])).find((j) => j.jobId === sub.aggregateJobId);
  const file = path.join(dir, summaryFileOf(group.kind));
  if (fs.existsSync(file)) report(readJson<GroupSummary>(file), a.json);
  if (!agg) return 1;
  if (agg.state !== 'COMPLETED' && agg.state !== 'FAILED') console.error(`aggregate job ${agg.jobId} ended ${agg.state}`);
  return agg.exitCode ?? 1;
}
