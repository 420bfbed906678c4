import { CliCommand } from './CliCommand';
import type { BackendName } from '../../core/protocol/workerProtocol';
import { BACKEND_PREFERENCE } from '../../core/protocol/workerProtocol';
import { MedSegError } from '../../core/util/MedSegError';
import { requestStop } from '../../worker/jobs/jobControl';
import '../../worker/jobs/registerGradients';
import { runTrainJob } from '../../worker/jobs/trainJob';
import { makeEventPrinter } from './trainOutput';

const USAGE = `Usage: medseg train <config.medseg.json> [--resume <runDir>] [--backend auto|${BACKEND_PREFERENCE.join('|')}] [--epochs N] [--run-dir DIR] [--json]
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
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new MedSegError('bad-args', `${a} needs a value`);
      return v;
    };
    if (a === '--json') out.json = true;
    else if (a === '--resume') out.resume = value();
    else if (a === '--run-dir') out.runDir = value();
    else if (a === '--epochs') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new MedSegError('bad-args', `--epochs must be a positive integer, got ${args[i]}`);
      out.epochs = n;
    } else if (a === '--backend') {
      const b = value();
      if (b !== 'auto' && !(BACKEND_PREFERENCE as readonly string[]).includes(b)) throw new MedSegError('bad-args', `--backend must be auto or one of ${BACKEND_PREFERENCE.join(', ')}, got ${b}`);
      out.backend = b as 'auto' | BackendName;
    } else if (a.startsWith('-')) throw new MedSegError('bad-args', `unknown option ${a}\n${USAGE}`);
    else if (out.config) throw new MedSegError('bad-args', `only one config file, got ${out.config} and ${a}`);
    else out.config = a;
  }
  if (!out.config && !out.resume) throw new MedSegError('bad-args', `a config file or --resume <runDir> is required\n${USAGE}`);
  return out;
}

/** `medseg train`: trains a multitask U-Net from a `*.medseg.json` config. */
export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'train a multitask U-Net from a *.medseg.json config (or --resume a run)',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      console.log(USAGE);
      return 0;
    }
    const a = parseTrainArgs(args);
    const print = makeEventPrinter(a.json);
    const onSigint = () => {
      if (!requestStop()) process.exit(130);
      console.error('\nstopping after the current step (Ctrl-C again to abort)…');
      process.removeListener('SIGINT', onSigint);
    };
    process.on('SIGINT', onSigint);
    try {
      const r = await runTrainJob({ type: 'train', configPath: a.config, resume: a.resume, backend: a.backend, epochs: a.epochs, runDir: a.runDir }, print);
      if (a.json) console.log(JSON.stringify({ type: 'result', result: r }));
      else {
        console.log(`\nrun ${r.status}: ${r.runDir}`);
        console.log(`backend ${r.backend}; ${r.epochsCompleted} epoch(s) in ${r.seconds.toFixed(1)} s`);
        console.log(`validation Dice ${r.lastValDice?.toFixed(4) ?? '-'} (best ${r.bestValDice.toFixed(4)} at epoch ${r.bestEpoch}); accuracy ${r.lastAccuracy?.toFixed(4) ?? '-'}`);
        if (r.error) console.error(`error: ${r.error}`);
      }
      return r.status === 'failed' ? 1 : 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};
