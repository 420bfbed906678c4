/** Options shared by `medseg cv` and `medseg sweep`: executor and sbatch resources. */
import { EXECUTORS, ExecutorName, SlurmOptions } from '../../core/cluster';
import { MedSegError } from '../../core/util/MedSegError';

/** Usage lines of the shared options. */
export const GROUP_OPTIONS_USAGE = `Executor:
  --executor local|slurm   local (default): one task after another in this process;
                           slurm: one array job (a task per fold/point) + a dependent aggregate job
  --wait                   (slurm) block until the aggregate job ends; exit with its code
  --partition P --time T --cpus N --mem M --gres G (or --gpus N) --max-parallel K
  --sbatch "--account=lab" extra sbatch option (repeatable)
  --json                   one JSON object per event line (local) / the submission (slurm)`;

/** Parsed shared options. */
export interface GroupArgs {
  executor: ExecutorName;
  wait: boolean;
  json: boolean;
  slurm: SlurmOptions;
}

function posInt(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new MedSegError('bad-args', `${flag} must be a positive integer, got ${v}`);
  return n;
}

/**
 * Consumes a shared option (returns true) or leaves it to the command (false).
 * `value()` takes the option's value.
 */
export function takeGroupOption(a: string, value: () => string, out: GroupArgs): boolean {
  switch (a) {
    case '--executor': {
      const v = value();
      if (!(EXECUTORS as readonly string[]).includes(v)) throw new MedSegError('bad-args', `--executor must be ${EXECUTORS.join(' or ')}, got ${v}`);
      out.executor = v as ExecutorName;
      return true;
    }
    case '--wait': out.wait = true; return true;
    case '--json': out.json = true; return true;
    case '--partition': out.slurm.partition = value(); return true;
    case '--time': out.slurm.time = value(); return true;
    case '--cpus': out.slurm.cpus = posInt(a, value()); return true;
    case '--mem': out.slurm.mem = value(); return true;
    case '--gres': out.slurm.gres = value(); return true;
    case '--gpus': out.slurm.gres = `gpu:${posInt(a, value())}`; return true;
    case '--max-parallel': out.slurm.maxParallel = posInt(a, value()); return true;
    case '--sbatch': out.slurm.extra = [...(out.slurm.extra ?? []), value()]; return true;
    default: return false;
  }
}

export function defaultGroupArgs(): GroupArgs {
  return { executor: 'local', wait: false, json: false, slurm: {} };
}
