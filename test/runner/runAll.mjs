#!/usr/bin/env node
// `npm test`: type checks, lint, build, unit tests, integration tests in a real VS Code,
// then the production build packed as a .vsix (what `npm run package` ships) installed into that VS Code. Prints each stage's time and ends
// with the plain line "N passed, N failed" (checks count one each, suites per test).
// Exit 1 when anything failed. MEDSEG_SKIP_INTEGRATION=1 runs only the fast stages.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const node = process.execPath;
const bin = (pkg, rel) => path.join(ROOT, 'node_modules', pkg, rel);

/** Runs a command, echoing its output; resolves with its exit code and output. */
function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    // Debian's python3 (numpy, scipy, nibabel, torch from apt) must win over pyenv shims.
    const PATH = fs.existsSync('/usr/bin/python3') ? `/usr/bin:${process.env.PATH}` : process.env.PATH;
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, PATH, MEDSEG_ROOT: ROOT, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d) => { out += d; process.stdout.write(d); };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Counts from mocha's spec reporter ("N passing", "N failing") or our "N passed, N failed" line. */
function counts(out) {
  const plain = [...out.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
  if (plain) return { passed: +plain[1], failed: +plain[2] };
  const p = /(\d+) passing/.exec(out);
  const f = /(\d+) failing/.exec(out);
  return { passed: p ? +p[1] : 0, failed: f ? +f[1] : 0 };
}

const stages = [
  { name: 'typecheck', kind: 'check', cmd: [node, ['test/runner/typecheck.mjs']] },
  { name: 'lint', kind: 'check', cmd: [node, [bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', 'src', 'webview', 'test', 'bench']] },
  { name: 'build', kind: 'check', cmd: [node, ['esbuild.config.mjs']] },
  { name: 'unit', kind: 'suite', cmd: [node, [bin('mocha', 'bin/mocha.js'), '--config', 'test/.mocharc.json']] },
  { name: 'integration (real VS Code)', kind: 'suite', integration: true, cmd: [node, ['test/runner/runCodeServer.mjs']] },
  // What ships: `npm run package`'s production build (minified, linked source maps), installed and tested below.
  { name: 'production build', kind: 'check', integration: true, cmd: [node, ['esbuild.config.mjs', '--production']] },
  { name: 'package .vsix', kind: 'check', integration: true, cmd: [node, [bin('@vscode/vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '-o', 'dist-vsix/medseg-lab.vsix']] },
  { name: 'installed .vsix (real VS Code)', kind: 'suite', integration: true, cmd: [node, ['test/runner/runCodeServer.mjs', '--vsix', 'dist-vsix/medseg-lab.vsix']] },
];

const skipIntegration = process.env.MEDSEG_SKIP_INTEGRATION === '1';
// The real single-node Slurm of the cluster tests: started once here (as root), stopped at the end
// unless it was already running. Suites run as non-root start it themselves or fail saying why.
const slurmDir = process.env.SLURM_STATE_DIR ?? '/tmp/medseg-slurm';
process.env.SLURM_CONF ??= path.join(slurmDir, 'slurm.conf');
const slurmWasUp = spawnSync('sinfo', ['-h', '-o', '%t'], { stdio: 'ignore', timeout: 10000 }).status === 0;
if (!slurmWasUp && process.getuid?.() === 0) await run('bash', ['test/slurm/start.sh', slurmDir]);
let passed = 0;
let failed = 0;
const timings = [];
fs.mkdirSync(path.join(ROOT, 'dist-vsix'), { recursive: true });
// A stale package from an earlier run must never stand in for this one.
fs.rmSync(path.join(ROOT, 'dist-vsix', 'medseg-lab.vsix'), { force: true });
for (const s of stages) {
  if (s.integration && skipIntegration) { console.log(`\n=== ${s.name}: skipped (MEDSEG_SKIP_INTEGRATION=1)`); continue; }
  console.log(`\n=== ${s.name}`);
  const t0 = Date.now();
  const { code, out } = await run(...s.cmd);
  const secs = (Date.now() - t0) / 1000;
  let ok = code === 0;
  if (s.kind === 'suite') {
    const c = counts(out);
    passed += c.passed;
    failed += c.failed;
    // A crashed suite (no counts, non-zero exit) still counts as a failure.
    if (code !== 0 && c.failed === 0) failed += 1;
    ok = code === 0 && c.failed === 0;
    if (ok && c.passed === 0) { console.log(`${s.name}: ran no test`); failed += 1; ok = false; }
  } else if (ok) passed += 1; else failed += 1;
  timings.push(`${s.name.padEnd(32)} ${ok ? 'ok    ' : 'FAILED'} ${secs.toFixed(1).padStart(7)} s`);
  if (!ok && /build$/.test(s.name)) break; // nothing after it can run
}
if (!slurmWasUp && process.getuid?.() === 0) await run('bash', ['test/slurm/stop.sh', slurmDir]);
console.log('\n=== summary');
for (const t of timings) console.log(t);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
