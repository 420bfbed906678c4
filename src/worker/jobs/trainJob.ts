/**
 * The `train` job: resolves the config, runs the dataset doctor, picks the backend,
 * creates (or resumes) the run folder, loads data, and runs epochs with validation,
 * metrics, overlays and atomic checkpoints. Runs in the worker process or in-process for
 * the CLI (same code). The steps are named as nnU-Net's `run_training` hooks: prepare,
 * restore, train epoch, validate and record, checkpoint.
 *
 * Crash semantics: `checkpoints/latest` always holds the last completed epoch (or the
 * stop point), `summary.json` says `running` until the job ends; a killed worker leaves
 * it `running` and the host marks it failed (`markRunFailed`).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../../core/config/trainConfig';
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import { sampleRange } from '../../core/preprocessing/SampleSource';
import type { FromWorker, ProgressEvent, TrainRequest, TrainResult } from '../../core/protocol/workerProtocol';
import { EpochRecord, RUN_FILES, runFolderName, RunSummary } from '../../core/run';
import { Trainer, type EpochBest } from '../../training/loop/Trainer';
import { writeDirAtomic, writeJsonAtomic } from '../io/atomicWrite';
import { readCheckpoint, writeCheckpoint } from '../io/checkpointFiles';
import { RunWriter } from '../io/RunWriter';
import { CpuBudget } from './cpuBudget';
import { selectInference } from './inferenceChoice';
import { beginJob, endJob, type JobControl } from './jobControl';
import { loadTrainingData, type TrainingData } from './loadTrainingData';
import { resolveRunData, type RunData } from './resolveRunData';
import { writeBatchPreview, writeOverlays } from './runArtifacts';
import { selectBackend, type BackendChoice } from './selectBackend';

export { configFromRequest } from './resolveRunData';

/** What every step of a run shares. */
interface RunContext {
  req: TrainRequest;
  cfg: TrainConfig;
  runDir: string;
  run: RunWriter;
  control: JobControl;
  choice: BackendChoice;
  summary: RunSummary;
  notify: (m: FromWorker) => void;
  /** training.budgetMinutes, counting what a resumed run had spent (set after restore). */
  budget: CpuBudget;
}

/** Loss sums of the epoch in progress and where it resumes. */
interface EpochState {
  partial: Record<string, number>;
  startIteration: number;
  /** Iterations the epoch ran (fewer than configured when the CPU budget ran out). */
  done?: number;
}

function publish(ctx: RunContext): void {
  ctx.summary.updatedAt = new Date().toISOString();
  ctx.run.writeSummary(ctx.summary);
  ctx.notify({ type: 'runStatus', runDir: ctx.runDir, summary: { ...ctx.summary } });
}

function progress(ctx: RunContext, phase: ProgressEvent['phase'], epoch: number, iteration: number, loss: number, eta: number | null, iterations = ctx.cfg.training.iterationsPerEpoch): void {
  ctx.notify({ type: 'progress', runDir: ctx.runDir, phase, epoch, epochs: ctx.cfg.training.epochs, iteration, iterations, loss, etaSeconds: eta });
}

/**
 * Prepare: the run folder, the dataset manifest and warnings, the samples (through the
 * preprocessed cache) and the trainer; undefined when a stop came while the cache was built.
 */
async function prepare(ctx: RunContext, data: RunData): Promise<{ trainer: Trainer; samples: TrainingData } | undefined> {
  ctx.run.init();
  ctx.run.writeConfig(ctx.cfg);
  writeJsonAtomic(ctx.run.file(RUN_FILES.dataset), { root: data.dataset.root, ...data.dataset.manifest });
  ctx.summary.dataset = { root: data.dataset.root, kind: data.dataset.manifest.kind, cases: data.dataset.manifest.cases.length, warnings: data.warnings, fingerprint: data.fingerprint };
  publish(ctx);
  const samples = await loadTrainingData(ctx.cfg, data.dataset, {
    onCase: (i, n) => progress(ctx, 'loading', 0, i, 0, null, n),
    shouldStop: () => ctx.control.stopRequested,
  });
  if (!samples) return undefined;
  const { dir, built, reused } = samples.cache;
  const doctor = data.doctorCached ? '; dataset doctor report reused (no file changed)' : '';
  ctx.notify({ type: 'log', level: 'info', text: `preprocessed cache ${dir}: ${built} case(s) prepared, ${reused} reused${doctor}` });
  ctx.summary.trainCases = samples.trainCases.length;
  ctx.summary.valCases = samples.valCases.length;
  const trainer = new Trainer(ctx.cfg, samples.train, samples.val);
  ctx.summary.paramCount = trainer.model.paramCount();
  return { trainer, samples };
}

/** Restore: weights, optimiser, scalars and the partial epoch from `checkpoints/latest` when resuming. */
function restore(ctx: RunContext, trainer: Trainer): EpochState {
  // A run stopped while its cache was built has no checkpoint yet: it starts from the beginning.
  if (!ctx.req.resume || !fs.existsSync(path.join(ctx.runDir, RUN_FILES.checkpoints, 'latest'))) return { partial: {}, startIteration: 0 };
  const ck = readCheckpoint(ctx.runDir, 'latest');
  const m = ck.manifest;
  trainer.restore(ck.weights, ck.optimizerTensors, {
    epoch: m.epoch, step: m.step, rng: m.rng as number, bestValDice: m.bestValDice, bestEpoch: m.bestEpoch, valDiceEma: m.valDiceEma, lastValDice: m.lastValDice,
    scheduler: m.scheduler, modelRng: m.modelRng, ...m.quality,
  });
  ctx.run.truncateMetrics(m.metricsLines);
  Object.assign(ctx.summary, { epochsCompleted: m.epoch, bestValDice: m.bestValDice, bestEpoch: m.bestEpoch, lastValDice: m.epoch ? m.lastValDice : null });
  return { partial: { ...m.partialTrain }, startIteration: m.iteration };
}

/** Checkpoint: `checkpoints/latest` (atomically), and a copy as `best` (Dice) / `best-cls` (accuracy) when the epoch is the best. */
async function checkpoint(ctx: RunContext, trainer: Trainer, st: EpochState, iteration: number, best: EpochBest = { seg: false, cls: false }): Promise<void> {
  progress(ctx, 'checkpoint', trainer.s.epoch + 1, iteration, 0, null);
  const s = trainer.s;
  writeCheckpoint(ctx.runDir, 'latest', {
    weights: await trainer.weights(), optimizerTensors: await trainer.optimizerState(),
    manifest: {
      epoch: s.epoch, step: s.step, iteration, partialTrain: st.partial, rng: trainer.rng.getState(), valDice: s.lastValDice,
      bestValDice: s.bestValDice, bestEpoch: s.bestEpoch, valDiceEma: s.valDiceEma, lastValDice: s.lastValDice,
      metricsLines: s.epoch, backend: ctx.choice.backend, time: new Date().toISOString(), optimizerState: {},
      scheduler: s.scheduler, modelRng: s.modelRng,
      quality: { bestSegLoss: s.bestSegLoss, bestAccuracy: s.bestAccuracy, bestClsEpoch: s.bestClsEpoch, bestClsLoss: s.bestClsLoss, cpuSeconds: ctx.budget.seconds(), budgetFollowed: ctx.budget.follows },
    },
  });
  for (const [name, is] of [['best', best.seg], ['best-cls', best.cls]] as const) {
    // Same atomic temp-folder-then-rename as every checkpoint.
    if (is) writeDirAtomic(path.join(ctx.runDir, 'checkpoints', name), (tmp) => fs.cpSync(path.join(ctx.runDir, 'checkpoints', 'latest'), tmp, { recursive: true }));
  }
}

/** Train epoch: optimiser steps from `st.startIteration`; false when a stop was requested (after checkpointing). */
async function trainEpoch(ctx: RunContext, trainer: Trainer, st: EpochState, stepTimes: number[]): Promise<boolean> {
  const { cfg } = ctx;
  const epoch = trainer.s.epoch + 1;
  const iters = cfg.training.iterationsPerEpoch;
  let lastProgress = 0;
  st.done = iters;
  for (let it = st.startIteration; it < iters; it++) {
    trainer.budgetFraction = ctx.budget.scheduleFraction();
    const batch = trainer.nextBatch();
    if (epoch === 1 && it === 0) writeBatchPreview(ctx.run, batch);
    const ts = Date.now();
    const terms = await trainer.step(batch);
    stepTimes.push((Date.now() - ts) / 1000);
    for (const [k, v] of Object.entries(terms)) st.partial[k] = (st.partial[k] ?? 0) + v;
    // Let IPC messages (a `stop`) in: tfjs CPU/WASM reads resolve as microtasks only.
    await new Promise((r) => setImmediate(r));
    const remaining = (cfg.training.epochs - epoch) * iters + (iters - it - 1);
    const recent = stepTimes.slice(-20);
    const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
    if (Date.now() - lastProgress > 250 || it === iters - 1) {
      lastProgress = Date.now();
      progress(ctx, 'train', epoch, it + 1, st.partial.total / (it + 1), Math.round(remaining * mean * 1.15));
    }
    if (ctx.budget.spent()) {
      // The budget ends the epoch early; it is validated and recorded as usual.
      st.done = it + 1;
      break;
    }
    if (ctx.control.stopRequested) {
      await checkpoint(ctx, trainer, st, it + 1);
      return false;
    }
  }
  st.startIteration = 0;
  return true;
}

/** Validate and record: validation metrics, the epoch record, overlays, best/EMA; returns which best checkpoints the epoch is. */
async function validateAndRecord(ctx: RunContext, trainer: Trainer, st: EpochState, fixedCases: readonly Sample2D[], started: number): Promise<EpochBest> {
  const { cfg } = ctx;
  const epoch = trainer.s.epoch + 1;
  const iters = st.done ?? cfg.training.iterationsPerEpoch;
  progress(ctx, 'validate', epoch, iters, st.partial.total / iters, null);
  const v = await trainer.validate(cfg.training.batchSize);
  const bests = trainer.finishEpochBest(v);
  trainer.s.cpuSeconds = ctx.budget.seconds();
  const best = bests.seg;
  const record: EpochRecord = {
    epoch, step: trainer.s.step, lr: trainer.lr(Math.max(0, trainer.s.step - 1)), seconds: (Date.now() - started) / 1000, time: new Date().toISOString(),
    train: Object.fromEntries(Object.entries(st.partial).map(([k, x]) => [k, x / iters])), valLoss: v.loss, seg: v.seg,
    valDice: v.valDice, valDiceEma: trainer.s.valDiceEma ?? v.valDice, accuracy: v.accuracy, perClassAccuracy: v.perClassAccuracy,
    aucMacro: v.aucMacro, confusion: v.confusion, best, numTensors: tf.memory().numTensors,
  };
  st.partial = {};
  ctx.run.appendMetrics(record);
  ctx.notify({ type: 'metrics', runDir: ctx.runDir, record });
  for (const e of writeOverlays(ctx.run, epoch, fixedCases, new Map(v.cases.map((c) => [c.id, c])), cfg.training.overlaySize)) ctx.notify(e);
  if (bests.cls) ctx.summary.bestAccuracy = v.accuracy;
  return bests;
}

/** Runs a training job to its end; never throws for training errors (they become `failed`). */
export async function runTrainJob(req: TrainRequest, notify: (m: FromWorker) => void): Promise<TrainResult> {
  const t0 = Date.now();
  const data = await resolveRunData(req);
  const cfg = data.cfg;
  const runDir = path.resolve(req.resume ?? req.runDir ?? path.join(cfg.run.outputDir, runFolderName(cfg.name, new Date())));
  const run = new RunWriter(runDir);
  const control = beginJob(runDir);
  const choice = await selectBackend(req.backend ?? cfg.run.backend).catch((err: unknown) => { endJob(control); throw err; });
  const prev = req.resume ? run.readSummary() : undefined;
  const summary: RunSummary = {
    name: cfg.name, status: 'running', backend: choice.backend, backendReason: choice.reason, threads: choice.threads,
    startedAt: prev?.startedAt ?? new Date().toISOString(), updatedAt: new Date().toISOString(),
    epochsCompleted: 0, epochsTotal: cfg.training.epochs, bestValDice: 0, bestEpoch: 0, bestAccuracy: prev?.bestAccuracy ?? null,
    lastValDice: null, paramCount: 0, trainCases: 0, valCases: 0, resumes: (prev?.resumes ?? -1) + 1,
  };
  const ctx: RunContext = { req, cfg, runDir, run, control, choice, summary, notify, budget: new CpuBudget(cfg.training.budgetMinutes) };
  let trainer: Trainer | undefined;
  try {
    const prepared = await prepare(ctx, data);
    if (!prepared) return finish('stopped');
    trainer = prepared.trainer;
    const st = restore(ctx, trainer);
    ctx.budget = new CpuBudget(cfg.training.budgetMinutes, trainer.s.cpuSeconds ?? 0, trainer.s.budgetFollowed ?? false);
    publish(ctx);
    const fixedCases = sampleRange(prepared.samples.val, 0, cfg.training.overlayCases);
    const stepTimes: number[] = [];
    while (trainer.s.epoch < cfg.training.epochs && !ctx.budget.spent()) {
      const started = Date.now();
      if (!(await trainEpoch(ctx, trainer, st, stepTimes))) return finish('stopped');
      const best = await validateAndRecord(ctx, trainer, st, fixedCases, started);
      summary.scheduleFollowsBudget = ctx.budget.endEpoch(trainer.s.epoch, cfg.training.epochs);
      await checkpoint(ctx, trainer, st, 0, best);
      Object.assign(summary, { epochsCompleted: trainer.s.epoch, bestValDice: trainer.s.bestValDice, bestEpoch: trainer.s.bestEpoch, lastValDice: trainer.s.lastValDice, cpuSeconds: Math.round(ctx.budget.seconds()) });
      publish(ctx);
      if (control.stopRequested) return finish('stopped');
    }
    if (cfg.inference.autoSelect) await selectInference(runDir, trainer, prepared.samples.val);
    return finish('completed');
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    summary.status = 'failed';
    summary.error = e.message;
    try { publish(ctx); } catch { /* the run folder itself may be the problem */ }
    notify({ type: 'log', level: 'error', text: e.stack ?? e.message });
    return { ...result('failed'), error: e.message };
  } finally {
    trainer?.dispose();
    endJob(control);
  }

  function finish(status: 'completed' | 'stopped'): TrainResult {
    summary.status = status;
    publish(ctx);
    return result(status);
  }

  function result(status: TrainResult['status']): TrainResult {
    const last = run.readMetrics().at(-1);
    return {
      runDir, status, epochsCompleted: summary.epochsCompleted, bestValDice: summary.bestValDice, bestEpoch: summary.bestEpoch,
      lastAccuracy: last?.accuracy ?? null, lastValDice: summary.lastValDice, backend: choice.backend, seconds: (Date.now() - t0) / 1000,
      cpuSeconds: ctx.budget.seconds(), budgetMinutes: cfg.training.budgetMinutes, scheduleFollowsBudget: ctx.budget.follows,
    };
  }
}
