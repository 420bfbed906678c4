/**
 * The models a prediction averages: one run folder's, or every completed fold of a
 * cross-validation group folder (`medseg predict --run <group>`), as nnU-Net's
 * `predict_from_raw_data` ensembles the folds of a `fold all` / 5-fold training. Each member
 * brings its own best checkpoints and the flips and postprocessing chosen on its own
 * validation fold; the slice predictor averages their probabilities.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GROUP_FILES, type ClusterGroup } from '../../core/cluster/ClusterGroup';
import type { PostprocessingSection, TrainConfig } from '../../core/config/trainConfig';
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import { RUN_FILES } from '../../core/run';
import { MedSegError } from '../../core/util/MedSegError';
import { predictImage, type ImagePrediction } from '../../training/inference/predictImage';
import { buildModel } from '../../training/model/buildModel';
import type { MultitaskUNet } from '../../training/model/MultitaskUNet';
import { readCheckpoint } from '../io/checkpointFiles';
import { readRunConfig } from './readRunConfig';
import { inferenceSettings } from './inferenceChoice';

/** The network on one prepared (network-sized) slice. */
export type SlicePredictor = (sample: Sample2D) => Promise<ImagePrediction>;

/** Loads the run's model with the chosen checkpoint (select the backend first). */
export function loadRunModel(runDir: string, which: 'best' | 'latest' | 'best-cls'): { cfg: TrainConfig; model: MultitaskUNet; epoch: number } {
  const cfg = readRunConfig(runDir);
  const ck = readCheckpoint(runDir, which);
  const model = buildModel(cfg.model, cfg.seed);
  const own = new Set(model.getWeights().map((w) => w.name));
  model.setWeights(ck.weights.filter((w) => own.has(w.name)));
  return { cfg, model, epoch: ck.manifest.epoch };
}

/** One run's models and inference settings. */
export interface PredictionMember {
  runDir: string;
  cfg: TrainConfig;
  model: MultitaskUNet;
  /** The classification's own model (best by accuracy), when the run kept one. */
  clsModel: MultitaskUNet | null;
  tta: boolean;
  clsTta: boolean;
  postprocessing: PostprocessingSection;
}

/** The run folders behind `runDir`: itself, or the completed folds of a cross-validation group. */
export function memberRunDirs(runDir: string): string[] {
  const groupFile = path.join(runDir, GROUP_FILES.group);
  if (!fs.existsSync(groupFile)) return [runDir];
  const group = JSON.parse(fs.readFileSync(groupFile, 'utf8')) as ClusterGroup;
  if (group.kind !== 'cv') throw new MedSegError('not-a-run', 'a sweep folder has no single model: predict with one of its points\' run folders', runDir);
  const done = group.tasks.map((t) => path.join(runDir, t.name)).filter((d) => fs.existsSync(path.join(d, RUN_FILES.checkpoints, 'best')));
  if (!done.length) throw new MedSegError('no-checkpoint', 'no fold of this cross-validation has a best checkpoint yet', runDir);
  return done;
}

/** Loads a member: its best (or requested) checkpoint, its classification checkpoint and its chosen inference settings. */
export function loadMember(runDir: string, checkpoint: 'best' | 'latest', requestTta?: boolean): PredictionMember {
  const { cfg, model } = loadRunModel(runDir, checkpoint);
  const { tta, clsTta, postprocessing } = inferenceSettings(runDir, cfg, requestTta);
  // `best` is chosen by Dice; classes come from the checkpoint chosen by accuracy when the run kept one.
  const clsModel = checkpoint === 'best' && fs.existsSync(path.join(runDir, RUN_FILES.checkpoints, 'best-cls')) ? loadRunModel(runDir, 'best-cls').model : null;
  return { runDir, cfg, model, clsModel, tta, clsTta, postprocessing };
}

/** A member as a SlicePredictor: segmentation from its model, classes from its classification model. */
function memberPredictor(m: PredictionMember): SlicePredictor {
  const run = (net: MultitaskUNet, sample: Sample2D, flips: boolean) => predictImage(net, sample.image, sample.width, sample.height, { overlap: m.cfg.inference.overlap, tta: flips });
  return async (sample) => {
    const p = await run(m.model, sample, m.tta);
    if (m.clsModel || m.clsTta !== m.tta) p.clsProbs = (await run(m.clsModel ?? m.model, sample, m.clsTta)).clsProbs;
    return p;
  };
}

/** The members' mean probabilities (segmentation and classes). */
export function ensemblePredictor(members: readonly PredictionMember[]): SlicePredictor {
  const preds = members.map(memberPredictor);
  if (preds.length === 1) return preds[0];
  return async (sample) => {
    const outs: ImagePrediction[] = [];
    for (const p of preds) outs.push(await p(sample));
    const mean = (pick: (o: ImagePrediction) => Float32Array) => {
      const acc = new Float32Array(pick(outs[0]).length);
      for (const o of outs) pick(o).forEach((v, i) => { acc[i] += v / outs.length; });
      return acc;
    };
    return { probs: mean((o) => o.probs), clsProbs: mean((o) => o.clsProbs) };
  };
}

/** Postprocessing of an ensemble: each chosen option is kept when most members chose it on their folds. */
export function ensemblePostprocessing(members: readonly PredictionMember[]): PostprocessingSection {
  const most = (on: (p: PostprocessingSection) => boolean) => members.filter((m) => on(m.postprocessing)).length * 2 > members.length;
  return { ...members[0].postprocessing, largestComponent: most((p) => p.largestComponent), nonEmpty: most((p) => p.nonEmpty) };
}

export function disposeMembers(members: readonly PredictionMember[]): void {
  for (const m of members) {
    m.model.dispose();
    m.clsModel?.dispose();
  }
}
