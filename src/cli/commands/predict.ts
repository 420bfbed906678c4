import { CliCommand } from './CliCommand';
import { MedSegError } from '../../core/util/MedSegError';
import { eachArg, parseBackend } from './argParsing';
import { BACKEND_PREFERENCE, type BackendName } from '../../core/protocol/workerProtocol';
import { runPredictJob } from '../../worker/jobs/predictJob';

const USAGE = `Usage: medseg predict --run <runDir> <inputs…> [--checkpoint best|latest] [--out DIR] [--tta] [--backend auto|${BACKEND_PREFERENCE.join('|')}] [--json]
Inputs: figshare .mat, .png/.jpg slices, NIfTI volumes (slice-wise), or BraTS case folders for multi-modality runs.
Writes <name>_pred.png|.nii.gz and <name>_pred.json (class probabilities) to <runDir>/predictions (or --out).`;

/** `medseg predict`: segments (and classifies) inputs with a trained run. */
export const predictCommand: CliCommand = {
  name: 'predict',
  summary: 'predict masks and classes with a trained run (--run <runDir> <inputs…>)',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      console.log(USAGE);
      return 0;
    }
    let runDir: string | undefined;
    let checkpoint: 'best' | 'latest' = 'best';
    let outDir: string | undefined;
    let tta: boolean | undefined;
    let backend: 'auto' | BackendName | undefined;
    let json = false;
    const inputs: string[] = [];
    eachArg(args, (a, value) => {
      if (a === '--run') runDir = value();
      else if (a === '--out') outDir = value();
      else if (a === '--tta') tta = true;
      else if (a === '--json') json = true;
      else if (a === '--checkpoint') {
        const c = value();
        if (c !== 'best' && c !== 'latest') throw new MedSegError('bad-args', `--checkpoint must be best or latest, got ${c}`);
        checkpoint = c;
      } else if (a === '--backend') backend = parseBackend(value());
      else if (a.startsWith('-')) throw new MedSegError('bad-args', `unknown option ${a}\n${USAGE}`);
      else inputs.push(a);
    });
    if (!runDir || inputs.length === 0) throw new MedSegError('bad-args', `--run and at least one input are required\n${USAGE}`);
    const r = await runPredictJob({ type: 'predict', runDir, inputs, checkpoint, outDir, tta, backend });
    if (json) console.log(JSON.stringify(r));
    else {
      for (const o of r.outputs) {
        console.log(`${o.input}: ${o.foreground} foreground px${o.className ? `, class ${o.className}` : ''} → ${o.mask}`);
      }
      console.log(`backend ${r.backend}`);
    }
    return 0;
  },
};
