/**
 * The `predict` job: loads a run's config and checkpoint and predicts each input —
 * figshare .mat and 2-D images as one slice, NIfTI volumes (or a BraTS case folder with
 * one file per modality) slice-wise along the third axis. Preprocessing repeats training's
 * (crop, normalise, resize, pad); predictions are mapped back to the source grid, post-
 * processed per the config, and written as PNG (2-D, label values) or NIfTI (3-D, uint8,
 * the source affine), with a JSON of class probabilities beside each.
 */
import * as fs from 'fs';
import * as path from 'path';
import { resolveTrainConfig, type TrainConfig } from '../../core/config/trainConfig';
import { readJpeg, readPng } from '../../core/io/readImage2d';
import { readNifti } from '../../core/io/readNifti';
import { writeNifti } from '../../core/io/writeNifti';
import { writePng } from '../../core/io/writePng';
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import type { PredictOutput, PredictRequest, PredictResult } from '../../core/protocol/workerProtocol';
import { RUN_FILES } from '../../core/run';
import { MedSegError } from '../../core/util/MedSegError';
import type { Volume } from '../../core/volume/Volume';
import { probsToLabelMap } from '../../training/data/batchToTensors';
import { prepareSample, unprepareMask } from '../../training/data/prepareSample';
import { postprocessMask } from '../../training/inference/postprocessMask';
import { predictImage } from '../../training/inference/predictImage';
import { targetSpec } from '../../training/loop/Trainer';
import { buildModel } from '../../training/model/buildModel';
import type { MultitaskUNet } from '../../training/model/MultitaskUNet';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomicWrite';
import { readCheckpoint } from '../io/checkpointFiles';
import { readMatSlice } from '../io/readMatSlice';
import { selectBackend } from './selectBackend';

function bytes(file: string): Uint8Array {
  const b = fs.readFileSync(file);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** An input as slices plus what is needed to write the result. */
export interface LoadedInput {
  slices: Sample2D[];
  /** Source volume for NIfTI output (3-D inputs). */
  volume?: Volume;
}

function volumesToSlices(vols: Volume[], id: string): Sample2D[] {
  const [W, H, D] = vols[0].dims;
  for (const v of vols) if (v.dims[0] !== W || v.dims[1] !== H || v.dims[2] !== D) throw new MedSegError('bad-input', 'modalities differ in size', id);
  const C = vols.length;
  const out: Sample2D[] = [];
  for (let k = 0; k < D; k++) {
    const image = new Float32Array(W * H * C);
    for (let j = 0; j < H; j++) for (let i = 0; i < W; i++) for (let c = 0; c < C; c++) image[(j * W + i) * C + c] = vols[c].data[i + W * (j + H * k)];
    out.push({ id: `${id}#${k}`, image, width: W, height: H, channels: C, spacing: [vols[0].spacing[0], vols[0].spacing[1]] });
  }
  return out;
}

/** Reads an input file (or BraTS case folder) as raw slices, before any preprocessing. */
export async function loadInput(file: string, cfg: TrainConfig): Promise<LoadedInput> {
  const nch = cfg.data.modalities.length;
  if (fs.statSync(file).isDirectory()) {
    const names = fs.readdirSync(file);
    const vols = cfg.data.modalities.map((m) => {
      const f = names.find((n) => new RegExp(`_${m}\\.nii(\\.gz)?$`, 'i').test(n));
      if (!f) throw new MedSegError('bad-input', `no ${m} volume in the case folder`, file);
      return readNifti(f, bytes(path.join(file, f)));
    });
    return { slices: volumesToSlices(vols, path.basename(file)), volume: vols[0] };
  }
  const lower = file.toLowerCase();
  if (nch !== 1) throw new MedSegError('bad-input', `the model takes ${nch} channels (${cfg.data.modalities.join(', ')}); give a case folder`, file);
  if (/\.nii(\.gz)?$/.test(lower)) {
    const v = readNifti(file, bytes(file));
    return { slices: volumesToSlices([v], path.basename(file)), volume: v };
  }
  if (lower.endsWith('.mat')) return { slices: [await readMatSlice(file, bytes(file))] };
  const v = lower.endsWith('.png') ? readPng(file, bytes(file)) : readJpeg(file, bytes(file));
  return { slices: [{ id: file, image: Float32Array.from(v.data), width: v.dims[0], height: v.dims[1], channels: 1 }] };
}

/** Loads the run's model with the chosen checkpoint. */
export function readRunConfig(runDir: string): TrainConfig {
  const file = path.join(runDir, RUN_FILES.config);
  if (!fs.existsSync(file)) throw new MedSegError('no-run', `not a run folder (no ${RUN_FILES.config})`, runDir);
  return resolveTrainConfig(JSON.parse(fs.readFileSync(file, 'utf8')), runDir);
}

/** Loads the run's model with the chosen checkpoint (select the backend first). */
export function loadRunModel(runDir: string, which: 'best' | 'latest'): { cfg: TrainConfig; model: MultitaskUNet; epoch: number } {
  const cfg = readRunConfig(runDir);
  const ck = readCheckpoint(runDir, which);
  const model = buildModel(cfg.model, cfg.seed);
  const own = new Set(model.getWeights().map((w) => w.name));
  model.setWeights(ck.weights.filter((w) => own.has(w.name)));
  return { cfg, model, epoch: ck.manifest.epoch };
}

/** Predicts every input with a trained run. */
export async function runPredictJob(req: PredictRequest): Promise<PredictResult> {
  const runDir = path.resolve(req.runDir);
  const choice = await selectBackend(req.backend ?? readRunConfig(runDir).run.backend);
  const { cfg, model } = loadRunModel(runDir, req.checkpoint ?? 'best');
  const spec = targetSpec(cfg);
  const outDir = path.resolve(req.outDir ?? path.join(runDir, RUN_FILES.predictions));
  const tta = req.tta ?? cfg.inference.tta;
  const outputs: PredictOutput[] = [];
  try {
    for (const input of req.inputs) {
      const loaded = await loadInput(input, cfg);
      const maps: Uint8Array[] = [];
      const cls = new Float32Array(cfg.model.clsClasses);
      let clsWeight = 0;
      for (const s of loaded.slices) {
        const { sample, info } = prepareSample(s, { inputSize: cfg.data.inputSize, cropNonzero: cfg.data.cropNonzero, normalization: cfg.data.normalization });
        const p = await predictImage(model, sample.image, sample.width, sample.height, { overlap: cfg.inference.overlap, tta });
        const labels = unprepareMask(probsToLabelMap(p.probs, sample.width * sample.height, spec), info, cfg.data.inputSize);
        maps.push(labels);
        // Volumes: average class probabilities over slices weighted by predicted foreground.
        const fg = loaded.volume ? labels.reduce((n, v) => n + (v > 0 ? 1 : 0), 0) : 1;
        for (let k = 0; k < cls.length; k++) cls[k] += fg * p.clsProbs[k];
        clsWeight += fg;
      }
      if (clsWeight > 0) for (let k = 0; k < cls.length; k++) cls[k] /= clsWeight;
      const { width: W, height: H } = loaded.slices[0];
      const stem = path.basename(input).replace(/\.(nii\.gz|nii|mat|png|jpe?g)$/i, '');
      let mask: Uint8Array;
      let maskFile: string;
      if (loaded.volume) {
        const D = maps.length;
        mask = new Uint8Array(W * H * D);
        maps.forEach((m, k) => { for (let j = 0; j < H; j++) for (let i = 0; i < W; i++) mask[i + W * (j + H * k)] = m[j * W + i]; });
        mask = postprocessMask(mask, [W, H, D], cfg.inference.postprocessing);
        maskFile = path.join(outDir, `${stem}_pred.nii.gz`);
        const v = loaded.volume;
        writeFileAtomic(maskFile, writeNifti({ data: mask, dims: [W, H, D], spacing: v.spacing.slice(0, 3), affine: v.affine, sourceDtype: 'uint8', scaling: { slope: 1, inter: 0, applied: false } }, { gzip: true, datatype: 'uint8', description: 'medseg prediction' }));
      } else {
        mask = postprocessMask(maps[0], [W, H], cfg.inference.postprocessing);
        maskFile = path.join(outDir, `${stem}_pred.png`);
        writeFileAtomic(maskFile, writePng(mask, W, H));
      }
      const hasCls = cfg.data.classes.length > 1;
      const label = hasCls ? cls.indexOf(Math.max(...cls)) : undefined;
      const probabilities = path.join(outDir, `${stem}_pred.json`);
      const foreground = mask.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
      writeJsonAtomic(probabilities, {
        input, mask: maskFile, checkpoint: req.checkpoint ?? 'best', tta, classes: cfg.data.classes,
        probabilities: hasCls ? Array.from(cls) : null, label, className: label !== undefined ? cfg.data.classes[label] : undefined, foreground,
      });
      outputs.push({ input, id: stem, classIndex: label, mask: maskFile, probabilities, label, className: label !== undefined ? cfg.data.classes[label] : undefined, foreground });
    }
  } finally {
    model.dispose();
  }
  return { outputs, backend: choice.backend };
}
