// Builds only the given unit-test files (or folders) and runs them with mocha, so one
// area's tests run even while another area's code is mid-edit.
//   node test/runner/unit.mjs test/unit/io            # a folder
//   node test/runner/unit.mjs test/unit/io/nifti.test.ts --grep scl
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { bundleEsmOnly } from './bundleEsmOnly.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const argv = process.argv.slice(2);
const split = argv.findIndex((a) => a.startsWith('--'));
const targets = split === -1 ? argv : argv.slice(0, split);
const mochaArgs = split === -1 ? [] : argv.slice(split);

function collect(p) {
  const abs = path.resolve(root, p);
  if (fs.statSync(abs).isDirectory()) return fs.readdirSync(abs).flatMap((f) => collect(path.join(abs, f)));
  return abs.endsWith('.test.ts') ? [abs] : [];
}
const files = (targets.length ? targets : ['test/unit']).flatMap(collect);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-unit-'));
await esbuild.build({
  entryPoints: files, bundle: true, platform: 'node', target: 'node20', format: 'cjs',
  packages: 'external', sourcemap: 'inline', outdir, outbase: path.join(root, 'test'), logLevel: 'warning',
  external: ['vscode'], plugins: [bundleEsmOnly],
});
const built = files.map((f) => path.join(outdir, path.relative(path.join(root, 'test'), f)).replace(/\.ts$/, '.js'));
const mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
// NODE_PATH lets the bundles in the temp dir resolve this project's node_modules.
// Debian's python3 (numpy, scipy, nibabel, torch from apt) must win over pyenv shims.
const PATH = fs.existsSync('/usr/bin/python3') ? `/usr/bin:${process.env.PATH}` : process.env.PATH;
const r = spawnSync(process.execPath, [mocha, '--timeout', '120000', ...mochaArgs, ...built], {
  stdio: 'inherit', cwd: root, env: { ...process.env, PATH, NODE_PATH: path.join(root, 'node_modules'), MEDSEG_ROOT: root },
});
fs.rmSync(outdir, { recursive: true, force: true });
process.exit(r.status ?? 1);
