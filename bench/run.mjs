#!/usr/bin/env node
// Runs benchmarks by name: `npm run bench -- viewer` (no name: all). Each entry is a
// bench/<file>.bench.ts bundled on its own (so one area's bench runs while another
// area's code is mid-edit) and run with node; it prints its own results.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { bundleEsmOnly } from '../test/runner/bundleEsmOnly.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** name → bench file. Add one line per benchmark. */
const BENCHES = {
  viewer: 'bench/viewer.bench.ts',
  io: 'bench/io.bench.ts',
  train: 'bench/train.bench.ts',
  quality: 'bench/quality.bench.ts',
  scale: 'bench/scale.bench.ts',
};

/**
 * Benchmarks that run inside the real VS Code (integration harness): name → test title
 * to grep. They need `npm run setup:vscode` and chromium; the production build (what
 * `npm run package` ships: minified host and webview bundles) runs first.
 */
const HARNESS = {
  'viewer-e2e': 'viewer end-to-end benchmark',
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const chosen = names.length ? names : Object.keys(BENCHES);
let failed = 0;
for (const name of chosen) {
  if (HARNESS[name]) {
    console.log(`# bench ${name} (real VS Code)`);
    // Timing in a browser without playwright's instrumentation (see test/runner/bareBrowser.mjs); MEDSEG_BARE_BROWSER=0 uses playwright, as the tests do.
    const env = { MEDSEG_BARE_BROWSER: '1', ...process.env, MEDSEG_BENCH: name };
    const build = spawnSync(process.execPath, [path.join(root, 'esbuild.config.mjs'), '--production'], { stdio: 'inherit', cwd: root, env });
    const r = build.status === 0
      ? spawnSync(process.execPath, [path.join(root, 'test/runner/runCodeServer.mjs'), '--grep', HARNESS[name]], { stdio: 'inherit', cwd: root, env })
      : build;
    if (r.status !== 0) failed++;
    continue;
  }
  const file = BENCHES[name];
  if (!file) { console.error(`unknown bench '${name}' (known: ${[...Object.keys(BENCHES), ...Object.keys(HARNESS)].join(', ')})`); process.exit(2); }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-bench-'));
  const out = path.join(outdir, `${name}.js`);
  await esbuild.build({
    entryPoints: [path.join(root, file)], bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    packages: 'external', outfile: out, logLevel: 'warning', external: ['vscode'], plugins: [bundleEsmOnly],
  });
  console.log(`# bench ${name}`);
  const r = spawnSync(process.execPath, [out, ...process.argv.slice(2).filter((a) => a.startsWith('--'))], {
    stdio: 'inherit', cwd: root, env: { ...process.env, NODE_PATH: path.join(root, 'node_modules'), MEDSEG_ROOT: root },
  });
  fs.rmSync(outdir, { recursive: true, force: true });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
