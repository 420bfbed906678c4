/**
 * The Slurm client commands (`sbatch`, `squeue`, `scontrol`, `scancel`), run as child
 * processes with the output parsed by core/cluster. They read `SLURM_CONF` like any
 * Slurm client; a missing command fails with a message saying so.
 */
import { execFile } from 'child_process';
import { MedSegError } from '../../core/util/MedSegError';
import { parseScontrol, parseSqueue, SlurmJob, SQUEUE_FORMAT } from '../../core/cluster';

/** Runs a Slurm command; resolves with stdout, rejects with a MedSegError carrying stderr. */
export function slurm(cmd: string, args: string[], timeoutMs = 30000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (!err) { resolve(stdout); return; }
      const e = err as NodeJS.ErrnoException;
      const msg = e.code === 'ENOENT' ? `${cmd} not found: is this a Slurm login node (or the Slurm client installed and on PATH)?` : `${cmd} ${args.join(' ')}: ${(stderr || e.message).trim()}`;
      reject(new MedSegError('slurm', msg));
    });
  });
}

/** Submits a script; resolves with the job id (`sbatch --parsable`). */
export async function sbatch(args: string[]): Promise<string> {
  const out = (await slurm('sbatch', ['--parsable', ...args])).trim();
  const id = out.split(';')[0];
  if (!/^\d+$/.test(id)) throw new MedSegError('slurm', `sbatch printed no job id: ${out}`);
  return id;
}

/** Every job the controller still knows (finished ones for MinJobAge), one record per array task. */
export async function squeueAll(): Promise<SlurmJob[]> {
  return parseSqueue(await slurm('squeue', ['-h', '-r', '-t', 'all', '-o', SQUEUE_FORMAT]));
}

/** `scontrol show job -o` of the given ids (unknown ids are skipped). */
export async function scontrolJobs(ids: readonly string[]): Promise<SlurmJob[]> {
  const out: SlurmJob[] = [];
  for (const id of new Set(ids)) {
    try { out.push(...parseScontrol(await slurm('scontrol', ['show', 'job', '-o', id]))); } catch { /* purged or invalid id */ }
  }
  return out;
}

/** Cancels jobs or array tasks (`123`, `123_4`). */
export async function scancel(ids: readonly string[]): Promise<void> {
  if (ids.length) await slurm('scancel', [...ids]);
}

/** Resolves when `jobId` has left the queue (polls squeue; `sbatch --wait` polls far slower). */
export async function waitForJob(jobId: string, pollMs = 500): Promise<void> {
  for (;;) {
    const jobs = parseSqueue(await slurm('squeue', ['-h', '-r', '-t', 'all', '-j', jobId, '-o', SQUEUE_FORMAT]).catch(() => ''));
    const j = jobs.find((x) => x.jobId === jobId);
    if (!j || !['PENDING', 'RUNNING', 'COMPLETING', 'SUSPENDED', 'CONFIGURING'].includes(j.state)) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
