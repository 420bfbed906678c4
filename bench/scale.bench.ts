/**
 * `npm run bench -- scale [--only=figshare,brats,figshare-x10] [--replicas=10]`
 *
 * Start-up cost and memory of training as a dataset grows, with a cold and a warm
 * preprocessed cache (src/worker/io/PreprocessedCache). Each row is the real CLI
 * (`dist/cli.js train --json`, built first) in its own process on a fast recipe (1 epoch of
 * 5 steps, stopped when validation begins): the dataset doctor's time (until the first
 * `loading` event), the cache build (until the first step), the time to the first step,
 * steps per second after it, and the process's peak RSS. "Prepared data" is what the cache
 * holds on disk: what a loader keeping every prepared sample in memory would hold.
 * Datasets: the shared figshare .mat cases, the shared BraTS 2018 cases (at 128²), and the
 * figshare cases replicated ×N (hard links, each a distinct case) in a temp folder.
 * Writes bench/results/scale-<date>.json and prints a markdown table.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const args = process.argv.slice(2);
const opt = (n: string, d: string) => args.find((a) => a.startsWith(`--${n}=`))?.slice(n.length + 3) ?? d;
const root = process.env.MEDSEG_ROOT ?? process.cwd();
const shared = process.env.MEDSEG_SHARED_DATA ?? path.resolve(root, '../shared/data');

interface Dataset { name: string; recipe: string; root: string; cases: number; data: Record<string, unknown> }
interface Row {
  dataset: string; cases: number; cache: 'cold' | 'warm'; doctorS: number; buildS: number; firstStepS: number;
  stepsPerS: number | null; peakRssMb: number; preparedMb: number; error?: string;
}

/** Peak RSS of the child, written when it exits or is told to stop (SIGTERM at validation). */
const PRELOAD = `const fs = require('fs');
const report = () => fs.writeSync(2, 'MAXRSS ' + process.resourceUsage().maxRSS + '\\n');
process.on('exit', report);
process.on('SIGTERM', () => process.exit(0));
`;

function duKb(dir: string): number {
  let kb = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else kb += fs.statSync(p).size / 1024;
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return kb;
}

/** The figshare .mat cases ×`n` as hard links (copies across devices) under `dir`, each a distinct file name. */
function replicate(dir: string, n: number): number {
  const src = path.join(shared, 'figshare-brain-tumor', 'mat');
  const files = fs.readdirSync(src).filter((f) => f.endsWith('.mat'));
  fs.mkdirSync(dir, { recursive: true });
  for (let k = 0; k < n; k++) {
    for (const f of files) {
      const to = path.join(dir, `${k * 10000 + Number(f.replace(/\.mat$/, ''))}.mat`);
      try { fs.linkSync(path.join(src, f), to); } catch { fs.copyFileSync(path.join(src, f), to); }
    }
  }
  return files.length * n;
}

/** Runs one training start in a child CLI process and times its events. */
function runOnce(ds: Dataset, tmp: string, cacheDir: string, label: 'cold' | 'warm', preload: string): Promise<Row> {
  const recipe = JSON.parse(fs.readFileSync(path.join(root, 'media/recipes', `${ds.recipe}.medseg.json`), 'utf8')) as Record<string, Record<string, unknown>>;
  const cfg = {
    ...recipe, name: `scale-${ds.name}`,
    data: { ...recipe.data, root: ds.root, cacheDir, ...ds.data },
    training: { ...recipe.training, epochs: 1, iterationsPerEpoch: 5, budgetMinutes: 0, overlayCases: 0 },
    schedule: { ...recipe.schedule, warmupSteps: 0 },
    inference: { ...recipe.inference, autoSelect: false },
    run: { ...recipe.run, outputDir: path.join(tmp, 'runs') },
  };
  const file = path.join(tmp, `${ds.name}.medseg.json`);
  fs.writeFileSync(file, JSON.stringify(cfg));
  return new Promise((resolve) => {
    const t0 = Date.now();
    const p = spawn(process.execPath, ['--require', preload, path.join(root, 'dist/cli.js'), 'train', file, '--json', '--run-dir', path.join(tmp, 'runs', `${ds.name}-${label}`)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    let loading: number | undefined, first: number | undefined, firstIt = 0, last: number | undefined, lastIt = 0;
    p.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        let e: { type?: string; phase?: string; iteration?: number };
        try { e = JSON.parse(line) as typeof e; } catch { continue; }
        if (e.type !== 'progress') continue;
        const t = (Date.now() - t0) / 1000;
        if (e.phase === 'loading') loading ??= t;
        if (e.phase === 'train') {
          if (first === undefined) { first = t; firstIt = e.iteration ?? 1; }
          last = t;
          lastIt = e.iteration ?? 1;
        }
        if (e.phase === 'validate') p.kill('SIGTERM');
      }
    });
    p.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    const timer = setTimeout(() => p.kill('SIGKILL'), 20 * 60_000);
    p.on('close', (code) => {
      clearTimeout(timer);
      const rss = Number(/MAXRSS (\d+)/.exec(err)?.[1] ?? 0) / 1024;
      const row: Row = {
        dataset: ds.name, cases: ds.cases, cache: label, doctorS: loading ?? NaN, buildS: (first ?? NaN) - (loading ?? NaN), firstStepS: first ?? NaN,
        stepsPerS: last !== undefined && first !== undefined && last > first ? (lastIt - firstIt) / (last - first) : null,
        peakRssMb: rss, preparedMb: duKb(path.join(cacheDir, 'preprocessed')) / 1024,
      };
      if (first === undefined) row.error = `exit ${code}: ${err.replace(/MAXRSS \d+\n/, '').slice(-400)}`;
      resolve(row);
    });
  });
}

const f1 = (x: number | null) => (x === null || !Number.isFinite(x) ? '-' : x.toFixed(1));

function table(rows: Row[]): string {
  const lines = [
    '| dataset | cases | cache | doctor + start-up s | cache build s | first step s | steps/s | peak RSS MB | prepared data MB |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(`| ${r.dataset} | ${r.cases} | ${r.cache} | ${f1(r.doctorS)} | ${f1(r.buildS)} | ${f1(r.firstStepS)} | ${r.stepsPerS === null ? '-' : r.stepsPerS.toFixed(2)} | ${r.peakRssMb.toFixed(0)} | ${r.preparedMb.toFixed(0)} |`);
  }
  for (const name of [...new Set(rows.map((r) => r.dataset))]) {
    const cold = rows.find((r) => r.dataset === name && r.cache === 'cold');
    const warm = rows.find((r) => r.dataset === name && r.cache === 'warm');
    if (cold && warm) lines.push(`\n${name}: warm start ${(cold.firstStepS / warm.firstStepS).toFixed(1)}× faster to the first step`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [path.join(root, 'esbuild.config.mjs')], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) throw new Error('build failed');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-scale-'));
  const preload = path.join(tmp, 'maxrss.js');
  fs.writeFileSync(preload, PRELOAD);
  const n = Number(opt('replicas', '10'));
  const figCases = fs.readdirSync(path.join(shared, 'figshare-brain-tumor', 'mat')).filter((f) => f.endsWith('.mat')).length;
  const all: Dataset[] = [
    { name: 'figshare', recipe: 'figshare-multitask-fast', root: path.join(shared, 'figshare-brain-tumor'), cases: figCases, data: { kind: 'figshare' } },
    { name: 'brats', recipe: 'brats-regions-fast', root: path.join(shared, 'brats18'), cases: 7, data: { inputSize: 128 } },
    { name: `figshare-x${n}`, recipe: 'figshare-multitask-fast', root: path.join(tmp, 'figshare-x'), cases: figCases * n, data: { kind: 'figshare', validation: { strategy: 'fraction', fraction: 0.05 } } },
  ];
  const only = opt('only', '').split(',').filter(Boolean);
  const rows: Row[] = [];
  try {
    for (const ds of all.filter((d) => only.length === 0 || only.includes(d.name))) {
      if (ds.name.startsWith('figshare-x')) ds.cases = replicate(ds.root, n);
      const cacheDir = path.join(tmp, `cache-${ds.name}`);
      for (const label of ['cold', 'warm'] as const) {
        const r = await runOnce(ds, tmp, cacheDir, label, preload);
        console.log(`${ds.name} ${label}: ${JSON.stringify(r)}`);
        rows.push(r);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const md = table(rows);
  console.log(`\n${md}`);
  const dir = path.join(root, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `scale-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), host: { cpus: os.cpus().length, load: os.loadavg() }, node: process.version, rows, table: md }, null, 1));
  console.log(`\nwrote ${path.relative(root, file)}`);
  if (rows.some((r) => r.error)) process.exitCode = 1;
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
