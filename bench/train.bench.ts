/**
 * `npm run bench -- train [--full] [--quick] [--profile] [--sizes=64x8,128x16] [--steps=N]`
 *
 * Training-step and inference speed of MedSeg's multitask U-Net in tfjs (one process per
 * backend variant) against the same net in PyTorch (bench/reference/train_torch.py), measured
 * in the same run so the ratios survive a noisy shared machine. Writes
 * bench/results/train-<date>.json and prints a markdown table.
 *
 * Variants: wasm-medseg (MedSeg's kernels), wasm-medseg-mt (the same, multithreaded via
 * MEDSEG_WASM_THREADS; --no-threads skips it), wasm-stock+shim (the "before": stock kernels plus
 * the Conv2DBackpropFilter shim; 64² only unless --full), cpu-medseg (pure JS with
 * MedSeg's filter-gradient kernel; 64² only), cpu-stock (64², --full only: ~1 min per step).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTfjs, RunResult, Variant } from './reference/tfjsTrainRun';

const args = process.argv.slice(2);
const flag = (n: string) => args.includes(`--${n}`);
const opt = (n: string, d: string) => args.find((a) => a.startsWith(`--${n}=`))?.slice(n.length + 3) ?? d;
const root = process.env.MEDSEG_ROOT ?? process.cwd();

interface Net { size: number; base: number }
interface Row { net: Net; impl: string; result?: RunResult | TorchResult; error?: string }
interface TorchResult { impl: string; torch: string; threads: number; params: number; median_step_ms: number; infer_b1_ms: number; infer_ms_per_img_b8: number; peak_rss_mb: number; step_ms: number[] }

/** Runs a command, returns the JSON after its `RESULT ` line (stderr passes through). */
function runChild(cmd: string, argv: string[], timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let out = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    p.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (line) resolve(JSON.parse(line.slice(7)));
      else reject(new Error(`${path.basename(cmd)} exited ${code}: ${out.slice(-400)}`));
    });
  });
}

/** A python that can import torch (Debian's python3-torch lives in /usr/bin/python3). */
function torchPython(): string | undefined {
  return ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
}

async function child(): Promise<void> {
  const r = await runTfjs({
    variant: opt('variant', 'wasm-medseg') as Variant, size: +opt('size', '64'), base: +opt('base', '8'), batch: +opt('batch', '8'),
    steps: +opt('steps', '4'), warmup: +opt('warmup', '1'), infer: +opt('infer', '5'), profile: flag('profile'),
  });
  console.log('RESULT ' + JSON.stringify(r));
  process.exit(0); // WASM worker threads (if any) would keep the process alive.
}

function variantsFor(net: Net): { variant: Variant; steps: number; warmup: number }[] {
  const small = net.size <= 64;
  const steps = +opt('steps', flag('quick') ? '2' : small ? '5' : '3');
  const v: { variant: Variant; steps: number; warmup: number }[] = [{ variant: 'wasm-medseg', steps, warmup: 1 }];
  if (!flag('no-threads')) v.push({ variant: 'wasm-medseg-mt', steps, warmup: 1 });
  // The stock WASM path takes ~14 s per 128² step and the cpu backend ~1 min per 64² step.
  if (small || flag('full')) v.push({ variant: 'wasm-stock+shim', steps: small ? 2 : 1, warmup: small ? 1 : 0 });
  if (small && !flag('quick')) v.push({ variant: 'cpu-medseg', steps: 1, warmup: 0 });
  if (small && flag('full')) v.push({ variant: 'cpu-stock', steps: 1, warmup: 0 });
  return v;
}

async function parent(): Promise<void> {
  const nets: Net[] = opt('sizes', '64x8,128x16').split(',').map((s) => { const [size, base] = s.split('x').map(Number); return { size, base }; });
  const py = torchPython();
  const rows: Row[] = [];
  for (const net of nets) {
    // PyTorch twice: all CPUs (its default, the reference) and 1 thread (the fair
    // match for single-threaded WASM, and robust when other jobs oversubscribe the CPUs).
    for (const threads of [os.cpus().length, 1]) {
      const torchRow: Row = { net, impl: threads === 1 ? 'pytorch 1t' : 'pytorch' };
      const torchArgs = ['bench/reference/train_torch.py', `--size=${net.size}`, `--base=${net.base}`, `--steps=${net.size <= 64 ? 8 : 5}`, '--warmup=2', `--threads=${threads}`];
      if (!py) torchRow.error = 'no python3 with torch';
      else await runChild(py, torchArgs, 300_000).then((r) => { torchRow.result = r as TorchResult; }, (e: Error) => { torchRow.error = e.message; });
      rows.push(torchRow);
      console.error(`[train bench] ${net.size}²/${net.base} ${torchRow.impl}: ${torchRow.result?.median_step_ms ?? torchRow.error} ms/step`);
      if (threads === 1) break;
    }
    for (const v of variantsFor(net)) {
      const row: Row = { net, impl: `tfjs ${v.variant}` };
      const argv = [process.argv[1], '--child', `--variant=${v.variant}`, `--size=${net.size}`, `--base=${net.base}`,
        `--steps=${v.steps}`, `--warmup=${v.warmup}`, `--infer=${v.variant.startsWith('cpu') ? 1 : 5}`, ...(flag('profile') && !v.variant.startsWith('cpu') ? ['--profile'] : [])];
      await runChild(process.execPath, argv, 600_000).then((r) => { row.result = r as RunResult; }, (e: Error) => { row.error = e.message; });
      rows.push(row);
      console.error(`[train bench] ${net.size}²/${net.base} ${v.variant}: ${row.result?.median_step_ms ?? row.error} ms/step`);
    }
  }
  report(rows);
}

function report(rows: Row[]): void {
  const lines = ['| net | impl | threads | params | step ms (median) | × PyTorch | × PyTorch 1t | infer ms b1 | × PyTorch | × PyTorch 1t | infer ms/img b8 | peak RSS MB |', '|---|---|---|---|---|---|---|---|---|---|---|---|'];
  const problems: string[] = [];
  for (const r of rows) {
    const torch = rows.find((t) => t.impl === 'pytorch' && t.net === r.net)?.result;
    const torch1 = rows.find((t) => t.impl === 'pytorch 1t' && t.net === r.net)?.result;
    const net = `${r.net.size}², base ${r.net.base}`;
    if (!r.result) { lines.push(`| ${net} | ${r.impl} | | | failed: ${r.error?.split('\n')[0]} | | | | | | | |`); continue; }
    const x = r.result;
    const ratio = (a: number, b?: number) => (b ? `${(a / b).toFixed(2)}×` : '');
    if (torch && x.params !== torch.params) problems.push(`${net} ${r.impl}: ${x.params} params vs PyTorch ${torch.params}`);
    lines.push(`| ${net} | ${r.impl} | ${x.threads} | ${x.params} | ${x.median_step_ms} | ${ratio(x.median_step_ms, torch?.median_step_ms)} | ${ratio(x.median_step_ms, torch1?.median_step_ms)} | ${x.infer_b1_ms} | ${ratio(x.infer_b1_ms, torch?.infer_b1_ms)} | ${ratio(x.infer_b1_ms, torch1?.infer_b1_ms)} | ${x.infer_ms_per_img_b8} | ${x.peak_rss_mb} |`);
  }
  for (const r of rows) {
    const p = (r.result as RunResult | undefined)?.profile;
    if (!p) continue;
    lines.push('', `Profile, ${r.net.size}² base ${r.net.base} ${r.impl} (one step, wall ${p.wall_ms} ms):`, '', '| kernel | ms | calls |', '|---|---|---|');
    for (const k of p.kernels.slice(0, 12)) lines.push(`| ${k.name} | ${k.ms} | ${k.calls} |`);
  }
  const md = lines.join('\n');
  console.log(md);
  const date = new Date().toISOString().replace(/[:]/g, '-').slice(0, 19);
  const dir = path.join(root, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `train-${date}.json`);
  fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), host: { cpus: os.cpus().length, model: os.cpus()[0]?.model, load: os.loadavg() }, node: process.version, rows, table: md }, null, 1));
  console.log(`\nwrote ${path.relative(root, file)}`);
  if (problems.length) {
    console.error(`parameter counts differ:\n${problems.join('\n')}`);
    process.exitCode = 1;
  }
}

(flag('child') ? child() : parent()).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
