import * as fs from 'fs';
import * as path from 'path';

/** The project root: $MEDSEG_ROOT, else the nearest folder above this bundle holding medseg-lab's package.json. */
export function projectRoot(): string {
  if (process.env.MEDSEG_ROOT) return process.env.MEDSEG_ROOT;
  for (let d = __dirname; ; d = path.dirname(d)) {
    const pj = path.join(d, 'package.json');
    if (fs.existsSync(pj) && JSON.parse(fs.readFileSync(pj, 'utf8')).name === 'medseg-lab') return d;
    if (path.dirname(d) === d) return process.cwd();
  }
}

/** A path under the shared real-data folder beside the checkout (`../shared/data`). */
export function sharedData(...parts: string[]): string {
  return path.join(process.env.MEDSEG_SHARED_DATA ?? path.resolve(projectRoot(), '../shared/data'), ...parts);
}

/** Whether python3 can import every module named (for tests comparing against numpy/nibabel/scipy/torch). */
export function pythonHas(...modules: string[]): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawnSync } = require('child_process') as typeof import('child_process');
  const r = spawnSync(python3(), ['-c', modules.map((m) => `import ${m}`).join(';')], { stdio: 'ignore' });
  return r.status === 0;
}

/** The python3 to compare against: Debian's (apt numpy/scipy/nibabel/torch) when present, else the PATH one. */
export function python3(): string {
  return process.env.MEDSEG_PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
}
