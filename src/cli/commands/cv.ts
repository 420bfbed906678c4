import * as fs from 'fs';
import * as path from 'path';
import { CliCommand } from './CliCommand';
import { MedSegError } from '../../core/util/MedSegError';
import { runFolderName } from '../../core/run';
import { assignFolds, foldsOf } from '../../training/data/splitCases';
import { configFromRequest, runTrainJob } from '../../worker/jobs/trainJob';
import { selectCases } from '../../worker/jobs/loadTrainingData';
import { writeJsonAtomic } from '../../worker/io/atomicWrite';
import { requestStop } from '../../worker/jobs/jobControl';
import '../../worker/jobs/registerGradients';
import { makeEventPrinter } from './trainOutput';

const USAGE = `Usage: medseg cv <config.medseg.json> [--folds K] [--only 1,3] [--json]
K-fold cross-validation, grouped by patient/case. Author folds (figshare labels.csv
cv_fold_cvind5fold, a manifest's fold column) are used when every case has one; otherwise
cases are dealt into K seeded folds (default 5). Each fold is a run folder under
<run.outputDir>/<stamp>-<name>-cv/fold-N; cv-summary.json holds per-fold and mean ± std.`;

function meanStd(xs: number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean, std };
}

/** `medseg cv`: cross-validates a config and prints mean ± std of Dice and accuracy. */
export const cvCommand: CliCommand = {
  name: 'cv',
  summary: 'k-fold cross-validation of a config (author folds honoured); prints mean ± std',
  async run(args) {
    if (args.includes('--help') || args.includes('-h') || args.length === 0) {
      console.log(USAGE);
      return args.length === 0 ? 2 : 0;
    }
    let k = 5;
    let only: number[] | undefined;
    let configPath: string | undefined;
    const json = args.includes('--json');
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--json') continue;
      if (a === '--folds') k = Number(args[++i]);
      else if (a === '--only') only = (args[++i] ?? '').split(',').map(Number);
      else if (a.startsWith('-')) throw new MedSegError('bad-args', `unknown option ${a}\n${USAGE}`);
      else configPath = a;
    }
    if (!configPath) throw new MedSegError('bad-args', USAGE);
    if (!Number.isInteger(k) || k < 2) throw new MedSegError('bad-args', `--folds must be an integer ≥ 2`);
    const cfg = configFromRequest({ type: 'train', configPath });
    const cases = selectCases(cfg);
    const folds = assignFolds(cases, k, cfg.seed);
    const parent = path.join(cfg.run.outputDir, `${runFolderName(cfg.name, new Date())}-cv`);
    const print = makeEventPrinter(json);
    const results: { fold: number; runDir: string; status: string; dice: number; accuracy: number | null }[] = [];
    const onSigint = () => { requestStop(); };
    process.on('SIGINT', onSigint);
    try {
      for (const f of foldsOf(folds).filter((x) => !only || only.includes(x))) {
        if (!json) console.log(`\n== fold ${f} ==`);
        const foldCfg = { ...cfg, name: `${cfg.name}-fold${f}`, data: { ...cfg.data, validation: { ...cfg.data.validation, strategy: 'fold', fold: f } } };
        const r = await runTrainJob({ type: 'train', config: foldCfg as unknown as Record<string, unknown>, runDir: path.join(parent, `fold-${f}`) }, print);
        results.push({ fold: f, runDir: r.runDir, status: r.status, dice: r.bestValDice, accuracy: r.lastAccuracy });
        if (r.status !== 'completed') break;
      }
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    const dice = meanStd(results.map((r) => r.dice));
    const accs = results.map((r) => r.accuracy).filter((a): a is number => a !== null);
    const acc = accs.length ? meanStd(accs) : null;
    fs.mkdirSync(parent, { recursive: true });
    const summary = { config: path.resolve(configPath), folds: results, dice, accuracy: acc, authorFolds: cases.every((c) => c.fold !== undefined) };
    writeJsonAtomic(path.join(parent, 'cv-summary.json'), summary);
    if (json) console.log(JSON.stringify({ type: 'cvResult', result: summary }));
    else {
      console.log(`\ncross-validation (${results.length} folds${summary.authorFolds ? ', author folds' : ''}): ${parent}`);
      for (const r of results) console.log(`  fold ${r.fold}: best val Dice ${r.dice.toFixed(4)}, accuracy ${r.accuracy?.toFixed(4) ?? '-'} (${r.status})`);
      console.log(`val Dice ${dice.mean.toFixed(4)} ± ${dice.std.toFixed(4)}${acc ? `; accuracy ${acc.mean.toFixed(4)} ± ${acc.std.toFixed(4)}` : ''}`);
    }
    return results.every((r) => r.status === 'completed') ? 0 : 1;
  },
};
