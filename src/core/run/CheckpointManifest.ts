/**
 * `checkpoints/<name>/manifest.json`: how to read `weights.bin` / `optimizer.bin` and
 * everything else needed to resume exactly where the epoch ended.
 */

/** One tensor stored in a .bin file (raw little-endian float32, concatenated). */
export interface TensorEntry {
  name: string;
  shape: number[];
  /** Offset in float32 elements from the start of the file. */
  offset: number;
}

/** Checkpoint manifest. */
export interface CheckpointManifest {
  /** Format version. */
  format: 'medseg-checkpoint-1';
  /** Epochs completed when this checkpoint was written. */
  epoch: number;
  /** Optimiser steps done. */
  step: number;
  /** Steps already done in epoch `epoch + 1` (non-zero only for a checkpoint written by `stop` mid-epoch). */
  iteration: number;
  /** Sums of the training loss terms over those `iteration` steps (to finish the epoch's means after resume). */
  partialTrain: Record<string, number>;
  /** Tensors in weights.bin, in `getWeights()` order. */
  weights: TensorEntry[];
  /** Tensors in optimizer.bin (optimiser slot variables), plus its scalar state. */
  optimizer: { tensors: TensorEntry[]; state: Record<string, unknown> };
  /** Seeded RNG state (data order, augmentation) after this epoch. */
  rng: unknown;
  /** Mean validation Dice at this epoch, the best so far and its epoch, and the EMA. */
  valDice: number;
  bestValDice: number;
  bestEpoch: number;
  valDiceEma: number | null;
  /** Last validation Dice. */
  lastValDice: number;
  /** Learning-rate scheduler state (reduce-on-plateau), when the run has one. */
  scheduler?: { lr: number; best: number | null; badEpochs: number; cooldownLeft: number };
  /** Calls made to the model's dropout RNG. */
  modelRng?: number;
  /** Trainer scalars added later (per-task best checkpoints, CPU seconds spent, whether the schedule follows the CPU budget), restored on resume. */
  quality?: { bestSegLoss?: number; bestAccuracy?: number; bestClsEpoch?: number; bestClsLoss?: number; cpuSeconds?: number; budgetFollowed?: boolean };
  /** Metrics history lives in `metrics.jsonl`; this many lines belong to this checkpoint. */
  metricsLines: number;
  /** Backend that wrote it (informational; checkpoints load on any backend). */
  backend: string;
  time: string;
}
