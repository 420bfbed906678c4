/**
 * `npm run bench -- quality [--recipe=figshare-multitask | --config=FILE] [--budget=30] [--data=DIR] [--threads=1]`
 *
 * `--budget=0` keeps the config's own length (epochs × steps, or its budget): a fixed step count
 * compares variants fairly when other work on the machine changes the CPU cost of a step.
 *
 * Trains a recipe for a CPU-time budget (`medseg train --recipe … --budget-minutes …`, WASM
 * with MEDSEG_WASM_THREADS threads), predicts the validation cases (figshare: author fold 1)
 * with `medseg predict` (the run's chosen flips and postprocessing, mapped back to the original
 * grid), and scores them at full resolution: Dice per case then the mean (the PyTorch
 * baseline's convention) and classification accuracy. Reports the training CPU time (process
 * CPU of training + validation, all threads) and writes bench/results/quality-<date>.json.
 * Needs `npm run build` first (it runs dist/cli.js, as a user would).
 *
 * One WASM thread by default: the budget counts every thread's CPU, and on this 2-core machine
 * a second thread barely shortens a 96²/base-8 step, so it halves the steps a CPU budget buys
 * (measured: 1.5 CPU-min gave 160 steps with one thread, 80 with two).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveTrainConfig } from '../src/core/config/trainConfig';
import type { DatasetManifest } from '../src/core/dataset/DatasetManifest';
import type { PredictEvaluation } from '../src/core/protocol/workerProtocol';
import { RUN_FILES, type RunSummary } from '../src/core/run';
import { selectCases, splitCases } from '../src/worker/jobs/loadTrainingData';

const args = process.argv.slice(2);
const opt = (n: string, d: string) => args.find((a) => a.startsWith(`--${n}=`))?.slice(n.length + 3) ?? d;
const root = process.env.MEDSEG_ROOT ?? process.cwd();
const cli = path.join(root, 'dist', 'cli.js');

/**
 * Runs the CLI; resolves once it exits, or once `done()` holds for 20 s while it still runs
 * (a WASM-threaded CLI that lingers after its work, see the first-hour issue: then it is stopped by its pid).
 */
function run(argv: string[], env: NodeJS.ProcessEnv, done: () => boolean = () => false): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [cli, ...argv], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env });
    let doneSince = 0;
    const timer = setInterval(() => {
      if (!done()) return;
      doneSince ||= Date.now();
      if (Date.now() - doneSince > 20_000) p.kill('SIGTERM');
    }, 2000);
    p.on('close', (code, signal) => {
      clearInterval(timer);
      if (code === 0 || (signal && done())) resolve();
      else reject(new Error(`medseg ${argv[0]} exited ${code ?? signal}`));
    });
  });
}

async function main(): Promise<void> {
  const config = opt('config', '');
  const recipe = config ? path.basename(config).replace(/\.medseg\.json$|\.json$/, '') : opt('recipe', 'figshare-multitask');
  const budget = Number(opt('budget', '30'));
  const data = opt('data', '');
  const threads = opt('threads', '1');
  if (!fs.existsSync(cli)) throw new Error(`${cli} missing: run npm run build first`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-quality-'));
  const runDir = path.join(tmp, 'run');
  const env = { ...process.env, MEDSEG_WASM_THREADS: threads };
  const t0 = Date.now();
  const what = config ? [path.resolve(config)] : ['--recipe', recipe, ...(data ? ['--data', data] : [])];
  const finished = () => {
    try {
      return (JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as RunSummary).status !== 'running';
    } catch {
      return false;
    }
  };
  await run(['train', ...what, ...(budget > 0 ? ['--budget-minutes', String(budget)] : []), '--run-dir', runDir], env, finished);
  const wall = (Date.now() - t0) / 1000;
  const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as RunSummary;
  const cfg = resolveTrainConfig(JSON.parse(fs.readFileSync(path.join(runDir, 'config.json'), 'utf8')), runDir);
  // The run's own dataset manifest and split: the validation cases are exactly those it validated on.
  const { root: dsRoot, ...manifest } = JSON.parse(fs.readFileSync(path.join(runDir, RUN_FILES.dataset), 'utf8')) as DatasetManifest & { root: string };
  const { val } = splitCases(cfg, selectCases(cfg, { root: dsRoot, manifest }));
  // A figshare case is its .mat file; a multi-modality case (BraTS) is its folder.
  const inputs = val.map((c) => {
    const first = path.join(dsRoot, c.source.modalities.image ?? Object.values(c.source.modalities)[0]);
    return cfg.data.modalities.length > 1 ? path.dirname(first) : first;
  });
  const outDir = path.join(tmp, 'pred');
  const p0 = Date.now();
  const evalFile = path.join(outDir, 'evaluation.json');
  await run(['predict', '--run', runDir, '--out', outDir, ...inputs], env, () => fs.existsSync(evalFile));
  const predictSeconds = (Date.now() - p0) / 1000;
  // Scored by predict at the original grid: Dice per case, then the mean (the baseline's convention).
  const ev = JSON.parse(fs.readFileSync(evalFile, 'utf8')) as PredictEvaluation;
  const cases = ev.cases.map((c) => ({ id: c.id, dice: c.meanDice, correct: c.correct }));
  const meanDice = ev.overallDice ?? NaN;
  const accuracy = ev.accuracy;
  const inference = fs.existsSync(path.join(runDir, 'inference.json')) ? JSON.parse(fs.readFileSync(path.join(runDir, 'inference.json'), 'utf8')) as unknown : null;
  const result = {
    bench: 'quality', date: new Date().toISOString(), recipe, budgetMinutes: budget, threads: Number(threads),
    cpuMinutes: (summary.cpuSeconds ?? NaN) / 60, wallMinutes: wall / 60, predictSeconds, epochs: summary.epochsCompleted,
    valCases: cases.length, diceFullGrid: meanDice, accuracy, bestValDiceAtInputSize: summary.bestValDice, inference, cases,
  };
  const dir = path.join(root, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `quality-${recipe}-${result.date.slice(0, 19).replace(/[:T]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`| recipe | CPU-min | epochs | Dice (full grid) | accuracy | val cases |\n|---|---|---|---|---|---|`);
  console.log(`| ${recipe} | ${result.cpuMinutes.toFixed(1)} | ${result.epochs} | ${meanDice.toFixed(3)} | ${accuracy?.toFixed(3) ?? '-'} | ${cases.length} |`);
  console.log(`written ${file}; run folder ${runDir}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
