/**
 * `npm run bench -- quality [--recipe=figshare-multitask | --config=FILE] [--budget=30] [--data=DIR] [--threads=2]`
 *
 * Trains a recipe for a CPU-time budget (`medseg train --recipe … --budget-minutes …`, WASM
 * with MEDSEG_WASM_THREADS threads), predicts the validation cases (figshare: author fold 1)
 * with `medseg predict` (the run's chosen flips and postprocessing, mapped back to the original
 * grid), and scores them at full resolution: Dice per case then the mean (the PyTorch
 * baseline's convention) and classification accuracy. Reports the training CPU time (process
 * CPU of training + validation, all threads) and writes bench/results/quality-<date>.json.
 * Needs `npm run build` first (it runs dist/cli.js, as a user would).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveTrainConfig } from '../src/core/config/trainConfig';
import { readPng } from '../src/core/io/readImage2d';
import { diceFromCounts, overlapCounts } from '../src/core/metrics/dice';
import type { RunSummary } from '../src/core/run';
import { readCaseSlices } from '../src/worker/io/readCases';
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
  const threads = opt('threads', '2');
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
  await run(['train', ...what, '--budget-minutes', String(budget), '--run-dir', runDir], env, finished);
  const wall = (Date.now() - t0) / 1000;
  const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as RunSummary;
  const cfg = resolveTrainConfig(JSON.parse(fs.readFileSync(path.join(runDir, 'config.json'), 'utf8')), runDir);
  const { val } = splitCases(cfg, selectCases(cfg));
  const inputs = val.map((c) => c.files.image ?? Object.values(c.files)[0]);
  const outDir = path.join(tmp, 'pred');
  const p0 = Date.now();
  await run(['predict', '--run', runDir, '--out', outDir, ...inputs], env, () => inputs.every((f) => fs.existsSync(path.join(outDir, `${path.basename(f).replace(/\.(nii\.gz|nii|mat|png|jpe?g)$/i, '')}_pred.json`))));
  const predictSeconds = (Date.now() - p0) / 1000;
  const cases: { id: string; dice: number; label: number | undefined; predicted: number | undefined }[] = [];
  for (const [i, c] of val.entries()) {
    const [gt] = await readCaseSlices(c, cfg.data);
    const stem = path.basename(inputs[i]).replace(/\.(nii\.gz|nii|mat|png|jpe?g)$/i, '');
    const pred = readPng(`${stem}_pred.png`, new Uint8Array(fs.readFileSync(path.join(outDir, `${stem}_pred.png`))));
    const j = JSON.parse(fs.readFileSync(path.join(outDir, `${stem}_pred.json`), 'utf8')) as { label?: number; classIndex?: number };
    const d = diceFromCounts(overlapCounts(pred.data, gt.mask ?? new Uint8Array(gt.width * gt.height)));
    cases.push({ id: c.id, dice: d, label: c.label, predicted: j.classIndex ?? j.label });
  }
  const meanDice = cases.reduce((a, c) => a + c.dice, 0) / cases.length;
  const labelled = cases.filter((c) => c.label !== undefined);
  const accuracy = labelled.length ? labelled.filter((c) => c.predicted === c.label).length / labelled.length : null;
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
