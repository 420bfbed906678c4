/**
 * The real single-node Slurm of the tests (test/slurm/start.sh, a copy of the reference
 * recipe): started once per test run by test/runner/runAll.mjs, or by the first suite
 * that needs it (then stopped by that suite). Clients find it through SLURM_CONF.
 */
import { spawn, spawnSync } from 'child_process';
import * as path from 'path';
import { projectRoot } from './paths';

/** State folder of the test cluster. */
export function slurmStateDir(): string {
  return process.env.SLURM_STATE_DIR ?? '/tmp/medseg-slurm';
}

function clusterUp(): boolean {
  const r = spawnSync('sinfo', ['-h', '-o', '%t'], { encoding: 'utf8', timeout: 10000 });
  return r.status === 0 && /^(idle|mix|alloc)/m.test(r.stdout ?? '');
}

/** Makes sure the cluster runs; returns a function that stops it if this call started it. */
export function ensureSlurm(): () => void {
  process.env.SLURM_CONF ??= path.join(slurmStateDir(), 'slurm.conf');
  if (clusterUp()) return () => undefined;
  const r = spawnSync('bash', [path.join(projectRoot(), 'test/slurm/start.sh'), slurmStateDir()], { stdio: 'inherit', timeout: 300000 });
  if (r.status !== 0) throw new Error(`test/slurm/start.sh failed (exit ${r.status}); the Slurm tests need root to start the test cluster`);
  return () => { spawnSync('bash', [path.join(projectRoot(), 'test/slurm/stop.sh'), slurmStateDir()], { stdio: 'inherit', timeout: 60000 }); };
}

/** Output and exit code of one `medseg` CLI run (dist/cli.js), killed by pid after `timeoutMs`. */
export function medsegCli(args: string[], timeoutMs = 300000, cwd = projectRoot()): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(projectRoot(), 'dist/cli.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => { if (child.pid) process.kill(child.pid, 'SIGKILL'); }, timeoutMs);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code: code ?? 1, out }); });
  });
}
