/** Argument parsing of `medseg train` (kept apart from the command so it loads without tfjs). */
import type { BackendName } from '../../core/protocol/workerProtocol';
import { BACKEND_PREFERENCE } from '../../core/protocol/workerProtocol';
import { MedSegError } from '../../core/util/MedSegError';
import { eachArg, parseBackend } from './argParsing';

/** Usage text of `medseg train`. */
export const TRAIN_USAGE = `Usage: medseg train <config.medseg.json> [--resume <runDir>] [--backend auto|${BACKEND_PREFERENCE.join('|')}] [--epochs N] [--run-dir DIR] [--json]
       medseg train --resume <runDir> [--epochs N]
Trains in this process and writes a run folder (runs/<yyyymmdd-HHMMSS>-<name>/). Ctrl-C stops after the current step
and writes a resumable checkpoint.`;

/** Parsed `train` options. */
export interface TrainArgs {
  config?: string;
  resume?: string;
  backend?: 'auto' | BackendName;
  epochs?: number;
  runDir?: string;
  json: boolean;
}

/** Parses `train` arguments; throws MedSegError naming the bad option. */
export function parseTrainArgs(args: string[]): TrainArgs {
  const out: TrainArgs = { json: false };
  eachArg(args, (a, value) => {
    if (a === '--json') out.json = true;
    else if (a === '--resume') out.resume = value();
    else if (a === '--run-dir') out.runDir = value();
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
  if (!out.config && !out.resume) throw new MedSegError('bad-args', `a config file or --resume <runDir> is required\n${TRAIN_USAGE}`);
  return out;
}
