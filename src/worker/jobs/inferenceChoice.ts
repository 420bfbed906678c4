/**
 * `inference.json` of a run: test-time flips and largest-component postprocessing chosen on
 * the validation cases with the best segmentation checkpoint (inference.autoSelect), written
 * at the end of training and read by prediction.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { PostprocessingSection, TrainConfig } from '../../core/config/trainConfig';
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import { RUN_FILES } from '../../core/run';
import { chooseClsTta, chooseInference, type InferenceChoice } from '../../training/inference/chooseInference';
import type { Trainer } from '../../training/loop/Trainer';
import { writeJsonAtomic } from '../io/atomicWrite';
import { readCheckpoint } from '../io/checkpointFiles';

/** Loads the best segmentation weights into the trainer's model, scores the options and records the choice. */
export async function selectInference(runDir: string, trainer: Trainer, val: Iterable<Sample2D>): Promise<InferenceChoice> {
  const ck = readCheckpoint(runDir, 'best');
  const own = new Set(trainer.model.weightNames());
  trainer.model.setWeights(ck.weights.filter((w) => own.has(w.name)));
  const choice: InferenceChoice = await chooseInference(trainer.model, val, trainer.spec);
  if (trainer.cfg.data.classes.length > 1) {
    const clsCk = fs.existsSync(path.join(runDir, RUN_FILES.checkpoints, 'best-cls')) ? readCheckpoint(runDir, 'best-cls') : ck;
    trainer.model.setWeights(clsCk.weights.filter((w) => own.has(w.name)));
    Object.assign(choice, await chooseClsTta(trainer.model, val));
  }
  writeJsonAtomic(path.join(runDir, RUN_FILES.inference), { ...choice, checkpoint: 'best', epoch: ck.manifest.epoch, metric: 'mean per-case Dice at the input size' });
  return choice;
}

/** The recorded choice, if the run has one. */
export function readInferenceChoice(runDir: string): InferenceChoice | null {
  const file = path.join(runDir, RUN_FILES.inference);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as InferenceChoice) : null;
}

/** Flips and postprocessing for prediction: an explicit request wins, then the run's choice, then the config. */
export function inferenceSettings(runDir: string, cfg: TrainConfig, requestTta?: boolean): { tta: boolean; clsTta: boolean; postprocessing: PostprocessingSection } {
  const choice = readInferenceChoice(runDir);
  const tta = requestTta ?? choice?.tta ?? cfg.inference.tta;
  return {
    tta,
    clsTta: requestTta ?? choice?.clsTta ?? tta,
    postprocessing: choice ? { ...cfg.inference.postprocessing, largestComponent: choice.largestComponent, nonEmpty: choice.nonEmpty ?? false } : cfg.inference.postprocessing,
  };
}
