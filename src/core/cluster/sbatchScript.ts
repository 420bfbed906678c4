/**
 * The sbatch scripts of a group (kept in its `slurm/` folder). Options are `#SBATCH`
 * header lines, so `sbatch slurm/array.sbatch` resubmits the whole array by hand and
 * `sbatch --array=2 slurm/array.sbatch` one task; a task whose run folder holds a
 * checkpoint resumes from it instead of starting over.
 */
import { ClusterGroup, GROUP_FILES, SlurmOptions, arraySpec, taskConfigFile } from './ClusterGroup';

/** How a script starts `medseg` on the node. */
export interface Launcher {
  /** Node executable (or Electron run as node). */
  node: string;
  /** `dist/cli.js`. */
  cli: string;
}

/** Quotes a word for bash. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `#SBATCH` lines of the options (validated: no newlines smuggled into a header). */
export function sbatchOptionLines(o: SlurmOptions): string[] {
  const out: string[] = [];
  const add = (flag: string, v: string | number | undefined) => {
    if (v === undefined || v === '') return;
    const s = String(v);
    if (/[\n\r]/.test(s)) throw new Error(`sbatch ${flag}: value must be one line`);
    out.push(`#SBATCH ${flag}=${s}`);
  };
  add('--partition', o.partition);
  add('--time', o.time);
  add('--cpus-per-task', o.cpus);
  add('--mem', o.mem);
  add('--gres', o.gres);
  for (const e of o.extra ?? []) {
    const line = e.trim().replace(/^#SBATCH\s+/, '');
    if (!line) continue;
    if (!line.startsWith('-') || /[\n\r]/.test(line)) throw new Error(`extra sbatch line must be an option like --account=lab, got ${JSON.stringify(e)}`);
    out.push(`#SBATCH ${line}`);
  }
  return out;
}

function header(group: ClusterGroup, groupDir: string, launcher: Launcher): string[] {
  return [
    '#!/bin/bash',
    `# MedSeg Lab ${group.kind} "${group.name}": generated ${group.createdAt} from ${group.source}`,
    `GROUP=${shellQuote(groupDir)}`,
    `NODE=\${MEDSEG_NODE:-${shellQuote(launcher.node)}}`,
    `CLI=${shellQuote(launcher.cli)}`,
    // The extension host's Electron doubles as node only with this set.
    'export ELECTRON_RUN_AS_NODE=1',
  ];
}

/** The array job: task `$SLURM_ARRAY_TASK_ID` trains (or resumes) its run folder. */
export function arrayScript(group: ClusterGroup, groupDir: string, launcher: Launcher): string {
  const opts = group.slurm?.options ?? {};
  const names = group.tasks.map((t) => shellQuote(t.name)).join(' ');
  const configs = group.tasks.map((t) => shellQuote(taskConfigFile(t))).join(' ');
  const [shebang, comment, ...vars] = header(group, groupDir, launcher);
  return [
    shebang, comment,
    `#SBATCH --job-name=${shellQuote(`medseg-${group.kind}-${group.name}`.slice(0, 60))}`,
    `#SBATCH --array=${arraySpec(group.tasks.map((t) => t.index), opts.maxParallel)}`,
    `#SBATCH --chdir=${shellQuote(groupDir)}`,
    // Per task index and appended, so a resubmission continues the same file.
    `#SBATCH --output=${GROUP_FILES.slurm}/task-%a.out`,
    '#SBATCH --open-mode=append',
    ...sbatchOptionLines(opts),
    'set -uo pipefail',
    ...vars,
    `TASKS=(${names})`,
    `CONFIGS=(${configs})`,
    'i=${SLURM_ARRAY_TASK_ID:?run me with sbatch (or set SLURM_ARRAY_TASK_ID)}',
    'NAME=${TASKS[$i]}',
    'RUN="$GROUP/$NAME"',
    'echo "== $NAME: job ${SLURM_JOB_ID:-?} (array ${SLURM_ARRAY_JOB_ID:-?}_$i) on $(hostname) at $(date -u +%FT%TZ)"',
    '"$NODE" "$CLI" env || true',
    'if [ -f "$RUN/checkpoints/latest/manifest.json" ]; then',
    '  exec "$NODE" "$CLI" train --resume "$RUN"',
    'fi',
    'exec "$NODE" "$CLI" train "$GROUP/${CONFIGS[$i]}" --run-dir "$RUN"',
    '',
  ].join('\n');
}

/** The aggregate job (run after the array with afterany): writes the group summary. */
export function aggregateScript(group: ClusterGroup, groupDir: string, launcher: Launcher): string {
  const opts = group.slurm?.options ?? {};
  const [shebang, comment, ...vars] = header(group, groupDir, launcher);
  return [
    shebang, comment,
    `#SBATCH --job-name=${shellQuote(`medseg-${group.kind}-${group.name}-summary`.slice(0, 60))}`,
    `#SBATCH --chdir=${shellQuote(groupDir)}`,
    `#SBATCH --output=${GROUP_FILES.slurm}/aggregate.out`,
    '#SBATCH --open-mode=append',
    ...sbatchOptionLines({ partition: opts.partition, extra: opts.extra }),
    '#SBATCH --cpus-per-task=1',
    'set -uo pipefail',
    ...vars,
    'exec "$NODE" "$CLI" aggregate "$GROUP"',
    '',
  ].join('\n');
}
