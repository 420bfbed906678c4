/**
 * The `predict` job: loads a run's config, checkpoint and training manifest, and predicts
 * every case of every input the dataset doctor recognises (see predictionInputs). Each
 * case is read as axial slices (a 2-D image is one), preprocessed as in training, predicted,
 * mapped back onto the source grid, post-processed, and written in the dataset's own label
 * convention (BraTS 2018 ET = 4, 2023 = 3) as PNG (2-D) or NIfTI (3-D, the source affine),
 * with `<id>_pred.json` beside it (`label` the dataset's class label, `classIndex` the
 * 0-based training index, `className`). Cases with a mask or a label are scored, and the
 * scores written as `evaluation.json` and `evaluation.csv` next to the predictions.
 */
import * as zlib from 'zlib';
import * as path from 'path';
import type { PostprocessingSection, TrainConfig } from '../../core/config/trainConfig';
import type { DatasetCase, DatasetManifest } from '../../core/dataset/DatasetManifest';
import { rawClassLabel, toRawMask } from '../../core/dataset/manifestConventions';
import { writeNifti } from '../../core/io/writeNifti';
import { writePng } from '../../core/io/writePng';
import { insertAxialSlice } from '../../core/preprocessing/extractAxialSlice';
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import type { CaseEvaluation, PredictOutput, PredictRequest, PredictResult } from '../../core/protocol/workerProtocol';
import { RUN_FILES } from '../../core/run';
import type { Volume } from '../../core/volume/Volume';
import { probsToLabelMap, type TargetSpec } from '../../training/data/batchToTensors';
import { casePreparation, prepareSample, unprepareProbs } from '../../training/data/prepareSample';
import { scoreRegions } from '../../training/inference/evaluatePrediction';
import { nonEmptyLabelMap, postprocessMask } from '../../training/inference/postprocessMask';
import { targetSpec } from '../../training/loop/Trainer';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomicWrite';
import { readDatasetCase, type CaseData } from '../io/readDatasetCase';
import { cacheRootFor } from '../io/PreprocessedCache';
import { resolvePredictionInput, type PredictionInput } from '../io/predictionInputs';
import { trainingManifest } from '../io/trainingManifest';
import { writeEvaluation } from './writeEvaluation';
import { disposeMembers, ensemblePostprocessing, ensemblePredictor, loadMember, memberRunDirs, type SlicePredictor } from './predictionMembers';
import { readRunConfig } from './readRunConfig';
import { selectBackend } from './selectBackend';

/** An input as slices plus the grid they came from (the Tensor Inspector's view of an input). */
export interface LoadedInput {
  slices: Sample2D[];
  /** Source volume for 3-D inputs. */
  volume?: Volume;
}

/** Reads an input file (or the first case of a folder) as raw slices, before any preprocessing. */
export async function loadInput(file: string, cfg: TrainConfig, runDir?: string): Promise<LoadedInput> {
  const inp = await resolvePredictionInput(file, trainingManifest(runDir, cfg));
  const data = await readDatasetCase(inp.root, inp.manifest, inp.cases[0], cfg.data.modalities);
  return data.volumetric ? { slices: data.slices, volume: data.grid } : { slices: data.slices };
}

/** A case's predicted label map (training indices, whole grid) and class probabilities. */
export interface CasePrediction {
  labels: Uint8Array;
  clsProbs: Float32Array;
}

/**
 * Predicts every slice of a case and assembles the post-processed label map (training
 * indices) on the source grid: prepare → network → head outputs to labels → back onto
 * the slice's grid → into the volume → post-processing.
 */
export async function predictCase(predict: SlicePredictor, cfg: TrainConfig, spec: TargetSpec, data: CaseData, postprocessing = cfg.inference.postprocessing): Promise<CasePrediction> {
  const [W, H] = data.grid.dims;
  const dims = [W, H, data.slices.length];
  const labels = new Uint8Array(W * H * data.slices.length);
  const cls = new Float32Array(cfg.model.clsClasses);
  const mean = new Float32Array(cfg.model.clsClasses);
  let weight = 0;
  const kase = casePreparation(data.slices, cfg.data);
  for (let k = 0; k < data.slices.length; k++) {
    const { sample, info } = prepareSample(data.slices[k], cfg.data, kase);
    const p = await predict(sample);
    // Probabilities are resampled onto the source grid (bilinear), then thresholded: smoother borders than resampling labels.
    const probs = unprepareProbs(p.probs, cfg.model.segClasses, info, cfg.data.inputSize);
    let map = probsToLabelMap(probs, W * H, spec);
    // Never-empty is a per-image choice: a volume's empty slices are expected.
    if (postprocessing.nonEmpty && !data.volumetric) map = nonEmptyLabelMap(map, probs, [W, H], spec);
    insertAxialSlice(labels, dims, k, map);
    // Volumes: class probabilities averaged over slices, weighted by predicted foreground.
    const fg = data.volumetric ? map.reduce((n, v) => n + (v > 0 ? 1 : 0), 0) : 1;
    for (let c = 0; c < cls.length; c++) { cls[c] += fg * p.clsProbs[c]; mean[c] += p.clsProbs[c] / data.slices.length; }
    weight += fg;
  }
  const clsProbs = weight > 0 ? cls.map((v) => v / weight) : mean;
  return { labels: postprocessMask(labels, data.volumetric ? dims : [W, H], postprocessing), clsProbs };
}

/** Whether two mask conventions name the same training indices (so one can write the other's predictions). */
function sameTargets(a: Record<string, number>, b: Record<string, number>): boolean {
  const set = (m: Record<string, number>) => [...new Set(Object.values(m))].sort().join(',');
  return set(a) === set(b);
}

/** The true class of a case as a training index, in the training manifest's terms. */
function trueClass(c: DatasetCase, data: CaseData, training: DatasetManifest, cfg: TrainConfig): number | undefined {
  if (c.label !== undefined) return training.labelMap[String(c.label)];
  if (data.label !== undefined) return data.label;
  // A presence classifier (no tumour / tumour) on a dataset without case labels: the mask says.
  if (cfg.data.classes.length === 2 && Object.keys(training.labelMap).length === 0 && data.truth) return data.truth.some((v) => v > 0) ? 1 : 0;
  return undefined;
}

/** Writes the mask in the dataset's convention; returns the file. */
function writeMask(outDir: string, id: string, data: CaseData, raw: Uint8Array): string {
  const g = data.grid;
  if (data.volumetric) {
    const file = path.join(outDir, `${id}_pred.nii.gz`);
    const dims = [g.dims[0], g.dims[1], g.dims[2] ?? 1];
    const nii = writeNifti({ data: raw, dims, spacing: g.spacing.slice(0, 3), affine: g.affine, sourceDtype: 'uint8', scaling: { slope: 1, inter: 0, applied: false } }, { gzip: false, datatype: 'uint8', description: 'medseg prediction' });
    // Node's native zlib: several times faster than the portable deflate on a whole volume.
    writeFileAtomic(file, zlib.gzipSync(nii, { level: 6 }));
    return file;
  }
  const file = path.join(outDir, `${id}_pred.png`);
  writeFileAtomic(file, writePng(raw, g.dims[0], g.dims[1]));
  return file;
}

/** How runCase predicts: the members' averaged networks, flips (for the record), postprocessing (the runs' chosen ones unless the request says). */
interface PredictOptions {
  predict: SlicePredictor;
  tta: boolean;
  evaluate: boolean;
  checkpoint: string;
  postprocessing: PostprocessingSection;
  /** The run folders whose models are averaged (one, or the folds of a cross-validation). */
  members: string[];
}

/** Predicts, writes and (where it has ground truth) scores one case. */
async function runCase(cfg: TrainConfig, training: DatasetManifest, inp: PredictionInput, c: DatasetCase, outDir: string, opts: PredictOptions): Promise<PredictOutput> {
  const spec = targetSpec(cfg);
  const data = await readDatasetCase(inp.root, inp.manifest, c, cfg.data.modalities);
  const pred = await predictCase(opts.predict, cfg, spec, data, opts.postprocessing);
  const conventions = inp.recognised && sameTargets(inp.manifest.maskLabels, training.maskLabels) ? inp.manifest.maskLabels : training.maskLabels;
  const mask = writeMask(outDir, c.id, data, toRawMask(pred.labels, conventions));
  const hasCls = cfg.data.classes.length > 1;
  const classIndex = hasCls ? pred.clsProbs.indexOf(Math.max(...pred.clsProbs)) : undefined;
  const label = classIndex === undefined ? undefined : rawClassLabel(training, classIndex) ?? classIndex;
  const className = classIndex === undefined ? undefined : cfg.data.classes[classIndex];
  const input = inp.recognised ? path.join(inp.root, c.id) : inp.input;
  const out: PredictOutput = {
    input, id: c.id, mask, probabilities: path.join(outDir, `${c.id}_pred.json`), foreground: pred.labels.reduce((n, v) => n + (v > 0 ? 1 : 0), 0),
    classProbabilities: hasCls ? Array.from(pred.clsProbs) : null,
  };
  if (classIndex !== undefined) Object.assign(out, { label, classIndex, className });
  const truthClass = hasCls ? trueClass(c, data, training, cfg) : undefined;
  if (opts.evaluate && (data.truth || truthClass !== undefined)) {
    const g = data.grid;
    const dims = data.volumetric ? [g.dims[0], g.dims[1], g.dims[2] ?? 1] : [g.dims[0], g.dims[1]];
    const ev: CaseEvaluation = {
      id: c.id, prediction: mask, image: data.files[0], truth: data.maskFile,
      regions: data.truth ? scoreRegions(pred.labels, data.truth, cfg.data.segClasses, spec, dims, g.spacing.slice(0, dims.length)) : [], meanDice: null,
    };
    if (ev.regions.length) ev.meanDice = ev.regions.reduce((s, r) => s + r.dice, 0) / ev.regions.length;
    if (truthClass !== undefined && classIndex !== undefined) Object.assign(ev, { trueClass: truthClass, predClass: classIndex, correct: truthClass === classIndex });
    out.evaluation = ev;
  }
  writeJsonAtomic(out.probabilities, {
    input, id: c.id, mask, checkpoint: opts.checkpoint, tta: opts.tta, classes: cfg.data.classes,
    ...(opts.members.length > 1 ? { ensemble: opts.members } : {}),
    probabilities: out.classProbabilities, label: out.label, classIndex: out.classIndex, className: out.className,
    labelConvention: 'label is the dataset\'s own class label (figshare 1..3); classIndex the 0-based training index',
    foreground: out.foreground, evaluation: out.evaluation,
  });
  return out;
}

/**
 * Predicts every input with a trained run, or with the average of a cross-validation's
 * folds when `runDir` is a CV group folder.
 */
export async function runPredictJob(req: PredictRequest): Promise<PredictResult> {
  const runDir = path.resolve(req.runDir);
  const dirs = memberRunDirs(runDir);
  const choice = await selectBackend(req.backend ?? readRunConfig(dirs[0]).run.backend);
  const checkpoint = req.checkpoint ?? 'best';
  const members = dirs.map((d) => loadMember(d, checkpoint, req.tta));
  const { cfg } = members[0];
  const training = trainingManifest(dirs[0], cfg);
  const outDir = path.resolve(req.outDir ?? path.join(runDir, RUN_FILES.predictions));
  const opts: PredictOptions = {
    predict: ensemblePredictor(members), tta: members[0].tta, evaluate: req.evaluate !== false, checkpoint,
    postprocessing: ensemblePostprocessing(members), members: dirs,
  };
  const outputs: PredictOutput[] = [];
  const warnings: string[] = [];
  try {
    for (const input of req.inputs) {
      const inp = await resolvePredictionInput(input, training, cacheRootFor(cfg));
      warnings.push(...inp.warnings);
      for (const c of inp.cases) outputs.push(await runCase(cfg, training, inp, c, outDir, opts));
    }
  } finally {
    disposeMembers(members);
  }
  const result: PredictResult = { outputs, backend: choice.backend };
  if (warnings.length) result.warnings = warnings;
  const scored = outputs.flatMap((o) => (o.evaluation ? [o.evaluation] : []));
  if (scored.length) result.evaluation = writeEvaluation(outDir, { runDir, checkpoint }, scored, cfg);
  return result;
}
