/**
 * The resources line of "Run Cross-Validation…" / "Run Sweep…" (`--time 1:00:00 --cpus 2
 * --gpus 1 --sbatch --account=lab`): checked here, passed to `medseg cv|sweep` as is.
 */

/** Options the line may hold (the CLI's sbatch resource options). */
export const RESOURCE_FLAGS: readonly string[] = ['--time', '--cpus', '--mem', '--gres', '--gpus', '--max-parallel', '--sbatch'];

/** Splits the line into CLI arguments (`--flag=value` or `--flag value`), or returns the problem. */
export function parseResources(text: string): string[] | string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const eq = words[i].indexOf('=');
    const flag = eq > 0 ? words[i].slice(0, eq) : words[i];
    if (!RESOURCE_FLAGS.includes(flag)) return `unknown option ${words[i]} (use ${RESOURCE_FLAGS.join(', ')})`;
    const value = eq > 0 ? words[i].slice(eq + 1) : words[++i];
    if (value === undefined || value === '') return `${flag} needs a value`;
    out.push(flag, value);
  }
  return out;
}
