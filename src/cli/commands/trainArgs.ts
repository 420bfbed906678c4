/** Argument parsing of `medseg train` (kept apart from the command so it loads without tfjs). */
import type { BackendName } from '../../core/protocol/workerProtocol';
import { BACKEND_PREFERENCE } from '../../core/protocol/workerProtocol';
import { MedSegError } from '../../core/util/MedSegError';
import { eachArg, parseBackend } from './argParsing';

/** Usage text of `medseg train`. */
export const TRAIN_USAGE = `Usage: medseg train <config.medseg.json> [--resume <runDir>] [--backend auto|${BACKEND_PREFERENCE.join('|')}] [--epochs N] [--budget-minutes M] [--run-dir DIR] [--json]
       medseg train --recipe NAME [--data <dataset folder>] [--budget-minutes M] [...]
       medseg train --resume <runDir> [--epochs N]
Recipes are the proven configs in media/recipes (figshare-multitask, figshare-multitask-fast, brats-regions,
brats-regions-fast); --data replaces the recipe's dataset folder and runs go to ./runs.
--budget-minutes replaces training.budgetMinutes (0: no CPU budget).
Trains in this process and writes a run folder (runs/<yyyymmdd-HHMMSS>-<name>/). Ctrl-C stops after the current step
and writes a resumable checkpoint.`;

/** Parsed `train` options. */
export interface TrainArgs {
  config?: string;
  resume?: string;
  backend?: 'auto' | BackendName;
  epochs?: number;
  runDir?: string;
  /** A shipped recipe by name (instead of a config file). */
  recipe?: string;
  /** Dataset folder replacing the recipe's data root. */
  data?: string;
  /** CPU-time budget replacing training.budgetMinutes (0: none). */
  budgetMinutes?: number;
  json: boolean;
}

/** Parses `train` arguments; throws MedSegError naming the bad option. */
export function parseTrainArgs(args: string[]): TrainArgs {
  const out: TrainArgs = { json: false };
  eachArg(args, (a, value) => {
    if (a === '--json') out.json = true;
    else if (a === '--resume') out.resume = value();
    else if (a === '--run-dir') out.runDir = value();
    else if (a === '--recipe') out.recipe = value();
    else if (a === '--data') out.data = value();
    else if (a === '--budget-minutes') {
      const v = value();
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new MedSegError('bad-args', `--budget-minutes must be a number ≥ 0 (0: no budget), got ${v}`);
      out.budgetMinutes = n;
    }
    else if (a === '--epochs') {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new MedSegError('bad-args', `--epochs must be a positive integer, got ${v}`);
      out.epochs = n;
    } else if (a === '--backend') out.backend = parseBackend(value());
    else if (a.startsWith('-')) throw new MedSegError('bad-args', `unknown option ${a}\n${TRAIN_USAGE}`);
    else if (out.config) throw new MedSegError('bad-args', `only one config file, got ${out.config} and ${a}`);
    else out.config = a;
  });
  if (out.recipe && out.config) throw new MedSegError('bad-args', `give a config file or --recipe, not both (${out.config}, ${out.recipe})`);
  if (out.data && !out.recipe) throw new MedSegError('bad-args', '--data goes with --recipe (a config file names its own data root)');
  if (!out.config && !out.resume && !out.recipe) throw new MedSegError('bad-args', `a config file, --recipe NAME or --resume <runDir> is required\n${TRAIN_USAGE}`);
  return out;
}
