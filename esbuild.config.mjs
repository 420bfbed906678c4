// One esbuild build per runtime. Type checking is separate (`npm run typecheck`).
// Entry points are discovered by convention so adding a panel, a unit test or an
// integration test never needs an edit here:
//   webview/<panel>/main.ts            -> dist/webview/<panel>.js (+ .css if imported)
//   test/unit/**/*.test.ts             -> dist/test/unit/**/*.test.js
//   test/integration/**/*.ts           -> dist/test/integration/**/*.js
//   bench/*.bench.ts                   -> dist/bench/*.bench.js
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { bundleEsmOnly } from './test/runner/bundleEsmOnly.mjs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const root = path.dirname(new URL(import.meta.url).pathname);

/** Recursively lists files under `dir` matching `re` (relative to the project root). */
function find(dir, re) {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  const out = [];
  for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...find(rel, re));
    else if (re.test(e.name)) out.push(rel);
  }
  return out;
}

// The optional native tfjs backends and the Dawn WebGPU addon are loaded at run time
// when present; they must never be bundled.
const optionalNative = ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'webgpu'];

const common = {
  bundle: true,
  sourcemap: production ? 'linked' : 'inline',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

// 'module' first: tfjs packages mark only their ESM entry as side-effectful (kernel registration).
const nodeCommon = { ...common, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], external: ['vscode', ...optionalNative] };

/** Copies runtime assets (tfjs WASM binaries, element CSS) next to the bundles. */
function copyAssets() {
  const wasmDir = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  const outDir = path.join(root, 'dist/wasm');
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of fs.readdirSync(wasmDir)) if (f.endsWith('.wasm')) fs.copyFileSync(path.join(wasmDir, f), path.join(outDir, f));
  // The threaded build's Emscripten factory: its pthread workers load it by path (src/worker/kernels/enableWasmThreads.ts).
  const factory = 'tfjs-backend-wasm-threaded-simd.js';
  fs.copyFileSync(path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/wasm-out', factory), path.join(outDir, factory));
}

/**
 * The host bundle loads h5wasm (≈ 6 MB with its WebAssembly; only .mat files need it) from
 * dist/h5wasm.js on first use instead of carrying it: `import('h5wasm')` becomes a lazy
 * require of that file (live exports: h5wasm sets `FS` once its module is ready).
 */
const lazyH5wasm = {
  name: 'lazy-h5wasm',
  setup(b) { b.onResolve({ filter: /^h5wasm$/ }, () => ({ path: './h5wasm.js', external: true })); },
};

const configs = [
  { ...nodeCommon, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', plugins: [lazyH5wasm], supported: { 'dynamic-import': false } },
  { ...nodeCommon, entryPoints: { h5wasm: 'node_modules/h5wasm/dist/esm/hdf5_hl.js' }, outdir: 'dist' },
  { ...nodeCommon, entryPoints: { worker: 'src/worker/worker.ts' }, outdir: 'dist' },
  { ...nodeCommon, entryPoints: { cli: 'src/cli/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  {
    ...common, platform: 'browser', target: 'es2022', format: 'iife',
    entryPoints: Object.fromEntries(find('webview', /^main\.ts$/).map((f) => [path.basename(path.dirname(f)), f])),
    outdir: 'dist/webview', loader: { '.ttf': 'file', '.woff2': 'file' },
  },
  {
    ...nodeCommon, sourcemap: 'inline', minify: false,
    entryPoints: [...find('test/unit', /\.test\.ts$/), ...find('test/integration', /\.ts$/)],
    outbase: 'test', outdir: 'dist/test',
    // Tests run against node_modules directly (mocha, playwright); only our code (and ESM-only packages) is bundled.
    packages: 'external', plugins: [bundleEsmOnly],
  },
  {
    ...nodeCommon, sourcemap: false, minify: false,
    entryPoints: find('bench', /\.bench\.ts$/), outdir: 'dist/bench', packages: 'external', plugins: [bundleEsmOnly],
  },
].filter((c) => (Array.isArray(c.entryPoints) ? c.entryPoints.length : Object.keys(c.entryPoints).length) > 0);

copyAssets();
if (watch) {
  const ctxs = await Promise.all(configs.map((c) => esbuild.context(c)));
  await Promise.all(ctxs.map((c) => c.watch()));
  console.log(`[esbuild] watching ${configs.length} builds`);
} else {
  const t0 = Date.now();
  await Promise.all(configs.map((c) => esbuild.build(c)));
  fs.chmodSync(path.join(root, 'dist/cli.js'), 0o755);
  console.log(`[esbuild] ${configs.length} builds in ${Date.now() - t0} ms${production ? ' (production)' : ''}`);
}
