import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../helpers/paths';

let cached: string | null | undefined;

/**
 * A python interpreter that imports all of `modules`: $MEDSEG_PYTHON, `python3` on PATH,
 * then /usr/bin/python3 (the Debian one carrying nibabel/h5py when PATH's python3 is a
 * bare pyenv shim). Null when none has them; callers skip with a printed reason.
 */
export function findPython(...modules: string[]): string | null {
  if (cached !== undefined) return cached;
  const candidates = [process.env.MEDSEG_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  cached = null;
  for (const py of candidates) {
    if (py.startsWith('/') && !fs.existsSync(py)) continue;
    const r = spawnSync(py, ['-c', modules.map((m) => `import ${m}`).join(';')], { stdio: 'ignore' });
    if (r.status === 0) { cached = py; break; }
  }
  return cached;
}

/** Runs `test/scripts/<script>` with `args` and parses its JSON stdout. */
export function runPythonJson<T>(python: string, script: string, args: string[], timeoutMs = 120_000): T {
  const r = spawnSync(python, [path.join(projectRoot(), 'test/scripts', script), ...args], { encoding: 'utf8', maxBuffer: 256 << 20, timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
