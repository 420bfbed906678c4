import * as fs from 'fs';
import * as path from 'path';
import type { TrainResult } from '../../core/protocol/workerProtocol';
import { CliCommand } from './CliCommand';
import { requestStop } from '../../worker/jobs/jobControl';
import '../../worker/jobs/registerGradients';
import { runTrainJob } from '../../worker/jobs/trainJob';
import { makeEventPrinter } from './trainOutput';
import { loadRecipe } from './recipes';
import { parseTrainArgs, TRAIN_USAGE } from './trainArgs';

/** A config file with `training.budgetMinutes` replaced (relative paths still against its folder). */
function withBudget(file: string, minutes: number): { config: Record<string, unknown>; baseDir: string } {
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  config.training = { ...config.training, budgetMinutes: minutes };
  return { config, baseDir: path.dirname(path.resolve(file)) };
}

/** What the CPU time and the budget did to the run (whether it repeats for its seed). */
function budgetLine(r: Pick<TrainResult, 'cpuSeconds' | 'budgetMinutes' | 'scheduleFollowsBudget'>): string {
  const cpu = `${(r.cpuSeconds / 60).toFixed(1)} CPU-min`;
  if (!(r.budgetMinutes > 0)) return `${cpu}; no CPU budget: the learning rate counted steps (the run repeats for its seed)`;
  return r.scheduleFollowsBudget
    ? `${cpu} of a ${r.budgetMinutes} CPU-min budget; the planned steps did not fit, so the learning rate followed the budget (CPU time set it: the run does not repeat step for step)`
    : `${cpu} of a ${r.budgetMinutes} CPU-min budget; the steps fit, so the learning rate counted steps (the run repeats for its seed)`;
}

/** `medseg train`: trains a multitask U-Net from a `*.medseg.json` config. */
export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'train a multitask U-Net from a *.medseg.json config (or --resume a run)',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      console.log(TRAIN_USAGE);
      return 0;
    }
    const a = parseTrainArgs(args);
    const print = makeEventPrinter(a.json);
    const onSigint = () => {
      if (!requestStop()) process.exit(130);
      console.error('\nstopping after the current step (Ctrl-C again to abort)…');
      process.removeListener('SIGINT', onSigint);
    };
    // Slurm's scancel / time limit sends SIGTERM (then SIGKILL after KillWait): stop with a checkpoint.
    const onSigterm = () => {
      if (!requestStop()) process.exit(143);
      console.error('\nSIGTERM: stopping after the current step with a checkpoint…');
    };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
    try {
      const given = a.recipe ? loadRecipe(a.recipe, { dataRoot: a.data, budgetMinutes: a.budgetMinutes })
        : a.config && a.budgetMinutes !== undefined ? withBudget(a.config, a.budgetMinutes) : undefined;
      const r = await runTrainJob({
        type: 'train', configPath: given ? undefined : a.config, config: given?.config, baseDir: given?.baseDir,
        resume: a.resume, backend: a.backend, epochs: a.epochs, runDir: a.runDir,
      }, print);
      if (a.json) console.log(JSON.stringify({ type: 'result', result: r }));
      else {
        console.log(`\nrun ${r.status}: ${r.runDir}`);
        console.log(`backend ${r.backend}; ${r.epochsCompleted} epoch(s) in ${r.seconds.toFixed(1)} s`);
        console.log(`validation Dice ${r.lastValDice?.toFixed(4) ?? '-'} (best ${r.bestValDice.toFixed(4)} at epoch ${r.bestEpoch}); accuracy ${r.lastAccuracy?.toFixed(4) ?? '-'}`);
        console.log(budgetLine(r));
        if (r.error) console.error(`error: ${r.error}`);
      }
      return r.status === 'failed' ? 1 : 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGTERM', onSigterm);
    }
  },
};
