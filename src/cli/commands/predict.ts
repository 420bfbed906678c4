import { CliCommand } from './CliCommand';
import { MedSegError } from '../../core/util/MedSegError';
import { eachArg, parseBackend } from './argParsing';
import { BACKEND_PREFERENCE, type BackendName } from '../../core/protocol/workerProtocol';
import { runPredictJob } from '../../worker/jobs/predictJob';

const USAGE = `Usage: medseg predict --run <runDir | cross-validation folder> <inputs…> [--checkpoint best|latest] [--out DIR] [--tta] [--backend auto|${BACKEND_PREFERENCE.join('|')}] [--json]
Inputs: files (figshare .mat, .png/.jpg slices, NIfTI volumes slice-wise) or any folder the dataset doctor
recognises (figshare .mat, images/+masks/, BraTS case folders or one case folder, dataset.json).
Writes <id>_pred.png|.nii.gz (the dataset's own labels) and <id>_pred.json (label, classIndex, className,
probabilities) to <runDir>/predictions (or --out); where inputs have masks or labels, evaluation.json and
evaluation.csv (per-case Dice and HD95, accuracy, confusion matrix) beside them. A cross-validation folder
predicts with the mean of its completed folds (each with its own best checkpoints, flips and postprocessing).`;

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
      for (const w of r.warnings ?? []) console.error(`warning: ${w}`);
      for (const o of r.outputs) {
        const cls = o.className ? `, class ${o.className} (label ${o.label}, index ${o.classIndex})` : '';
        const dice = o.evaluation?.meanDice != null ? `, Dice ${o.evaluation.meanDice.toFixed(4)}` : '';
        console.log(`${o.id}: ${o.foreground} foreground px${cls}${dice} → ${o.mask}`);
      }
      const ev = r.evaluation;
      if (ev) {
        const regions = Object.entries(ev.meanDice).map(([k, d]) => `${k} ${d.toFixed(4)}`).join(', ');
        console.log(`evaluation of ${ev.cases.length} case(s): Dice ${regions || '-'}${ev.accuracy !== null ? `; accuracy ${ev.accuracy.toFixed(4)}` : ''} → ${ev.json}, ${ev.csv}`);
      }
      console.log(`backend ${r.backend}`);
    }
    return 0;
  },
};
