/**
 * The training loop on tfjs-core: one epoch of seeded, augmented batches, then validation
 * with every metric, and the state needed to resume bit-for-bit (weights, optimiser slots,
 * step, RNG, best/EMA). File writing is the caller's job (worker/jobs/trainJob.ts): this
 * class only computes.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../../core/config/trainConfig';
import { resolveAugmentationConfig } from '../../core/augmentation/AugmentationConfig';
import { caseIdOf, type Sample2D } from '../../core/preprocessing/Sample2D';
import { sampleRange, toSampleSource, type SampleSource } from '../../core/preprocessing/SampleSource';
import type { SegScore } from '../../core/run/EpochRecord';
import { ExponentialMovingAverage } from '../../core/metrics/ExponentialMovingAverage';
import { Rng } from '../../core/util/random';
import { BatchSampler } from '../data/BatchSampler';
import { applyLut } from '../../core/preprocessing/remapLabels';
import { randomCrop } from '../../core/preprocessing/randomCrop';
import { predictImage } from '../inference/predictImage';
import { batchToTensors, foregroundLut, probsToLabelMap, TargetSpec } from '../data/batchToTensors';
import { MultitaskLoss } from '../losses/MultitaskLoss';
import { buildModel } from '../model/buildModel';
import type { MultitaskUNet } from '../model/MultitaskUNet';
import type { NamedTensorData } from '../model/NamedTensorData';
import { trainStep } from '../optim/trainStep';
import { Optimizer } from '../optim/Optimizer';
import { RAW_WEIGHT_PREFIX, WeightEma } from '../optim/WeightEma';
import { LrScheduler, SchedulerState } from '../optim/schedules';
import { classificationMetrics, SegAccumulator } from './validationMetrics';

/** Per-case validation output (for overlays and previews). */
export interface CasePrediction {
  id: string;
  /** Predicted label map in mask convention (see batchToTensors). */
  pred: Uint8Array;
  /** Mean Dice over foreground channels for this case. */
  dice: number;
  probs: Float32Array | null;
  label?: number;
}

/** Result of one validation pass. */
export interface ValidationResult {
  loss: Record<string, number>;
  seg: SegScore[];
  valDice: number;
  accuracy: number | null;
  perClassAccuracy: (number | null)[] | null;
  aucMacro: number | null;
  confusion: number[][] | null;
  cases: CasePrediction[];
}

/** Everything (besides tensors) a checkpoint needs to resume. */
export interface TrainerScalars {
  epoch: number;
  step: number;
  rng: number;
  bestValDice: number;
  bestEpoch: number;
  valDiceEma: number | null;
  lastValDice: number;
  /** Reduce-on-plateau state (lr, best, bad epochs); absent in older checkpoints. */
  scheduler?: SchedulerState;
  /** Calls made to the model's dropout RNG, so masks repeat after a resume. */
  modelRng?: number;
  /** Validation segmentation loss of the best-Dice epoch (ties of Dice go to the lower loss). */
  bestSegLoss?: number;
  /** Best validation accuracy, its epoch and its classification loss (the classification checkpoint). */
  bestAccuracy?: number;
  bestClsEpoch?: number;
  bestClsLoss?: number;
  /** CPU seconds spent so far (training with `budgetMinutes`). */
  cpuSeconds?: number;
  /** Whether the schedule follows the CPU budget (see the worker's CpuBudget). */
  budgetFollowed?: boolean;
}

/** What an epoch's validation improved: the segmentation (Dice) and the classification (accuracy) checkpoint. */
export interface EpochBest {
  seg: boolean;
  cls: boolean;
}

/** Compares (metric, loss) pairs: higher metric wins, ties go to the lower loss. */
export function improves(metric: number, loss: number, bestMetric: number | undefined, bestLoss: number | undefined): boolean {
  if (bestMetric === undefined || !Number.isFinite(bestMetric)) return true;
  if (metric !== bestMetric) return metric > bestMetric;
  return Number.isFinite(loss) && (bestLoss === undefined || !Number.isFinite(bestLoss) || loss < bestLoss);
}

/** Head/target layout for a config. */
export function targetSpec(cfg: TrainConfig): TargetSpec {
  return { segHead: cfg.model.segHead, segClasses: cfg.model.segClasses, regions: cfg.data.kind === 'brats' && cfg.model.segHead === 'sigmoid' && cfg.model.segClasses === 3, clsClasses: cfg.model.clsClasses };
}

/** Owns model, loss, optimiser and sampler for one run. */
export class Trainer {
  readonly model: MultitaskUNet;
  readonly loss: MultitaskLoss;
  readonly optimizer: Optimizer;
  readonly spec: TargetSpec;
  readonly rng: Rng;
  /** Learning rate per step; reduce-on-plateau also watches each epoch's validation. */
  readonly scheduler: LrScheduler;
  private readonly sampler: BatchSampler;
  /** Smoothed validation Dice (nnU-Net's pseudo Dice); weight of a new epoch is `training.emaAlpha`. */
  private readonly valDiceEma: ExponentialMovingAverage;
  private readonly hasCls: boolean;
  /** Average of the weights (`training.weightEma` > 0): what validation, checkpoints and prediction use. */
  private readonly weightEma: WeightEma | null;
  s: TrainerScalars;
  /** Share of the CPU budget spent (set by the job when `training.budgetMinutes` > 0); the schedule follows it. */
  budgetFraction: number | null = null;

  private readonly val: SampleSource;

  constructor(readonly cfg: TrainConfig, train: SampleSource | readonly Sample2D[], val: SampleSource | readonly Sample2D[]) {
    this.val = toSampleSource(val);
    this.spec = targetSpec(cfg);
    this.model = buildModel(cfg.model, cfg.seed);
    this.loss = new MultitaskLoss(cfg.loss, cfg.model.segHead);
    this.optimizer = new Optimizer(cfg.optimizer, [...this.model.namedTrainableVariables, ...this.loss.namedTrainableVariables]);
    this.rng = new Rng(cfg.seed);
    this.scheduler = new LrScheduler(cfg.schedule, cfg.optimizer.learningRate);
    this.sampler = new BatchSampler(toSampleSource(train), {
      batchSize: cfg.training.batchSize, foregroundOversample: cfg.data.foregroundOversample,
      augmentation: resolveAugmentationConfig(cfg.augmentation.preset, cfg.augmentation.overrides), patchSize: cfg.data.patchSize,
    }, this.rng);
    this.hasCls = cfg.data.classes.length > 1;
    this.weightEma = cfg.training.weightEma > 0 ? new WeightEma(cfg.training.weightEma, this.model.namedVariables) : null;
    // emaAlpha 0 (keep the first value) is decay 1, which the EMA excludes: the nearest decay does the same to 1e-12.
    this.valDiceEma = new ExponentialMovingAverage(Math.min(1 - cfg.training.emaAlpha, 1 - 1e-12));
    this.s = { epoch: 0, step: 0, rng: this.rng.getState(), bestValDice: 0, bestEpoch: 0, valDiceEma: null, lastValDice: 0 };
  }

  /** Learning rate of step `step` (default: the next step). */
  lr(step = this.s.step): number {
    return this.scheduler.lrForStep(step, this.budgetFraction);
  }

  /** Draws the next training batch (exposed so the first one can be previewed). */
  nextBatch(): Sample2D[] {
    return this.sampler.next();
  }

  /** One optimiser step on `batch`; returns every loss term. */
  async step(batch: readonly Sample2D[]): Promise<Record<string, number>> {
    const t = batchToTensors(batch, this.spec);
    this.optimizer.learningRate = this.lr();
    try {
      const r = await trainStep(this.model, this.optimizer, { x: t.x, ySeg: t.seg, yCls: t.cls }, this.loss,
        { epoch: this.s.epoch, totalEpochs: this.cfg.training.epochs }, this.cfg.optimizer.clipNorm);
      this.s.step++;
      this.weightEma?.update();
      return { ...r };
    } finally {
      tf.dispose([t.x, t.seg, t.cls]);
    }
  }

  /** Validates on every validation sample (batched, inference mode), with the averaged weights when the run keeps an average. */
  async validate(batchSize = 8): Promise<ValidationResult> {
    return this.weightEma ? this.weightEma.withAveraged(() => this.validateModel(batchSize)) : this.validateModel(batchSize);
  }

  private async validateModel(batchSize: number): Promise<ValidationResult> {
    const fgNames = this.cfg.data.segClasses;
    const acc = fgNames.map((n) => new SegAccumulator(n));
    const lossSum: Record<string, number> = {};
    const labels: number[] = [];
    const clsProbs: Float32Array[] = [];
    const cases: CasePrediction[] = [];
    const { inputSize: N, patchSize: P } = this.cfg.data;
    // Patch training: the loss on tumour-centred patches (the same ones every epoch), the metrics on the whole image by sliding windows.
    const patchRng = new Rng(this.cfg.seed + 1);
    for (let b = 0; b < this.val.length; b += batchSize) {
      const batch = sampleRange(this.val, b, b + batchSize);
      const net = await this.validateBatch(P > 0 ? batch.map((s) => randomCrop(s, [P, P], patchRng, true)) : batch, lossSum, P === 0);
      const whole = P > 0 ? await this.slidingWindows(batch) : net;
      batch.forEach((s, j) => {
        const pix = N * N;
        const pred = probsToLabelMap(whole.probs[j], pix, this.spec);
        let diceSum = 0;
        for (let k = 0; k < fgNames.length; k++) {
          const lut = foregroundLut(k, this.spec);
          diceSum += acc[k].add(applyLut(pred, lut), applyLut(s.mask ?? new Uint8Array(pix), lut), N, N, s.spacing, caseIdOf(s.id));
        }
        const probsCase = whole.cls[j];
        labels.push(s.label ?? -1);
        clsProbs.push(probsCase);
        cases.push({ id: s.id, pred, dice: diceSum / fgNames.length, probs: this.hasCls ? probsCase : null, label: s.label });
      });
    }
    const n = Math.max(1, this.val.length);
    const seg = acc.map((a) => a.result());
    const cls = this.hasCls ? classificationMetrics(labels, clsProbs, this.spec.clsClasses) : null;
    return {
      loss: Object.fromEntries(Object.entries(lossSum).map(([k, v]) => [k, v / n])),
      seg, valDice: seg.reduce((s, x) => s + x.dice, 0) / Math.max(1, seg.length),
      accuracy: cls?.accuracy ?? null, perClassAccuracy: cls?.perClassAccuracy ?? null, aucMacro: cls?.aucMacro ?? null, confusion: cls?.confusion ?? null,
      cases,
    };
  }

  /**
   * One network-sized validation batch in inference mode: adds its loss terms to `lossSum`,
   * returns per-sample probabilities (none with `withProbs` false: patch validation takes
   * only the loss from the patches, and its probabilities from the sliding windows).
   */
  private async validateBatch(batch: readonly Sample2D[], lossSum: Record<string, number>, withProbs = true): Promise<{ probs: Float32Array[]; cls: Float32Array[] }> {
    const epochInfo = { epoch: Math.max(0, this.s.epoch - 1), totalEpochs: this.cfg.training.epochs };
    const t = batchToTensors(batch, this.spec);
    const out = this.model.apply(t.x, false);
    const terms = this.loss.compute(out, { ySeg: t.seg, yCls: t.cls }, epochInfo);
    const read = [tf.stack([terms.total, terms.seg, terms.cls])];
    if (withProbs) {
      read.push(tf.tidy(() => (this.spec.segHead === 'softmax' ? tf.softmax(out.segLogits) : tf.sigmoid(out.segLogits))), tf.tidy(() => tf.softmax(out.clsLogits)));
    }
    const [lv, probs, cp] = (await Promise.all(read.map((x) => x.data()))) as Float32Array[];
    tf.dispose([...read, t.x, t.seg, t.cls, out.segLogits, out.clsLogits, terms.seg, terms.cls, terms.total, terms.segWeight, terms.clsWeight]);
    for (const [i, k] of ['total', 'seg', 'cls'].entries()) lossSum[k] = (lossSum[k] ?? 0) + lv[i] * batch.length;
    if (!withProbs) return { probs: [], cls: [] };
    const n = this.cfg.model.inputSize;
    const K = this.spec.segClasses;
    const Kc = this.spec.clsClasses;
    return {
      probs: batch.map((_, j) => probs.subarray(j * n * n * K, (j + 1) * n * n * K)),
      cls: batch.map((_, j) => cp.slice(j * Kc, (j + 1) * Kc)),
    };
  }

  /** Whole-image probabilities by Gaussian-weighted sliding windows (patch training), as prediction computes them. */
  private async slidingWindows(batch: readonly Sample2D[]): Promise<{ probs: Float32Array[]; cls: Float32Array[] }> {
    const out: { probs: Float32Array[]; cls: Float32Array[] } = { probs: [], cls: [] };
    for (const s of batch) {
      const p = await predictImage(this.model, s.image, s.width, s.height, { overlap: this.cfg.inference.overlap, tta: false });
      out.probs.push(p.probs);
      out.cls.push(p.clsProbs);
    }
    return out;
  }

  /**
   * Records an epoch's validation: updates EMA, best and the plateau scheduler (which
   * watches the validation loss in `min` mode, the validation Dice in `max` mode);
   * returns whether it is the new best.
   */
  finishEpoch(valDice: number, valLoss = Number.NaN): boolean {
    return this.finishEpochBest({ valDice, loss: { total: valLoss }, accuracy: null }).seg;
  }

  /**
   * As finishEpoch, and tracks the two checkpoints separately: segmentation by Dice (ties:
   * lower validation segmentation loss), classification by accuracy (ties: lower
   * classification loss).
   */
  finishEpochBest(v: Pick<ValidationResult, 'valDice' | 'loss' | 'accuracy'>): EpochBest {
    const valDice = v.valDice;
    const valLoss = v.loss.total ?? Number.NaN;
    const sc = this.cfg.schedule;
    if (sc.kind === 'plateau') this.scheduler.reportMetric(sc.mode === 'max' ? valDice : valLoss);
    this.s.scheduler = this.scheduler.getState();
    this.s.modelRng = this.model.rngState;
    this.s.valDiceEma = this.valDiceEma.update(valDice);
    this.s.lastValDice = valDice;
    this.s.epoch++;
    this.s.rng = this.rng.getState();
    const segLoss = v.loss.seg ?? valLoss;
    const best = this.s.bestEpoch === 0 || improves(valDice, segLoss, this.s.bestValDice, this.s.bestSegLoss);
    if (best) {
      this.s.bestValDice = valDice;
      this.s.bestEpoch = this.s.epoch;
      this.s.bestSegLoss = segLoss;
    }
    const clsLoss = v.loss.cls ?? Number.NaN;
    const cls = this.hasCls && v.accuracy !== null && (this.s.bestClsEpoch === undefined || improves(v.accuracy, clsLoss, this.s.bestAccuracy, this.s.bestClsLoss));
    if (cls) {
      this.s.bestAccuracy = v.accuracy ?? undefined;
      this.s.bestClsEpoch = this.s.epoch;
      this.s.bestClsLoss = clsLoss;
    }
    return { seg: best, cls };
  }

  /** Weights of model (the average when the run keeps one: what prediction loads) and learned loss weights (for checkpoints). */
  async weights(): Promise<NamedTensorData[]> {
    const model = this.weightEma ? await this.weightEma.withAveraged(() => this.model.getWeightsAsync()) : await this.model.getWeightsAsync();
    return [...model, ...this.loss.getWeights()];
  }

  /** Optimiser state for checkpoints; with a weight average, the raw weights that training continues from. */
  async optimizerState(): Promise<NamedTensorData[]> {
    return [...(await this.optimizer.getState()), ...((await this.weightEma?.rawState()) ?? [])];
  }

  /** Restores weights, optimiser state and scalars from a checkpoint. */
  restore(weights: readonly NamedTensorData[], optimizerState: readonly NamedTensorData[], scalars: TrainerScalars): void {
    const lossNames = new Set(this.loss.namedTrainableVariables.map((v) => v.name));
    this.model.setWeights(weights.filter((w) => !lossNames.has(w.name)));
    const lw = weights.filter((w) => lossNames.has(w.name));
    if (lw.length) this.loss.setWeights(lw);
    this.optimizer.setState(optimizerState.filter((d) => !d.name.startsWith(RAW_WEIGHT_PREFIX)));
    this.weightEma?.restore(optimizerState);
    this.s = { ...scalars };
    this.rng.setState(scalars.rng);
    this.valDiceEma.setState({ ema: scalars.valDiceEma ?? 0, steps: scalars.valDiceEma === null ? 0 : scalars.epoch });
    if (scalars.scheduler) this.scheduler.setState(scalars.scheduler);
    if (scalars.modelRng !== undefined) this.model.rngState = scalars.modelRng;
  }

  dispose(): void {
    this.weightEma?.dispose();
    this.model.dispose();
    this.loss.dispose();
    this.optimizer.dispose?.();
  }
}
