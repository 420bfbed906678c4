/**
 * The `train` job: resolves the config, picks the backend, creates (or resumes) the run
 * folder, loads data, and runs epochs with validation, metrics, overlays and atomic
 * checkpoints. Runs in the worker process or in-process for the CLI (same code).
 *
 * Crash semantics: `checkpoints/latest` always holds the last completed epoch (or the
 * stop point), `summary.json` says `running` until the job ends; a killed worker leaves
 * it `running` and the host marks it failed (`markRunFailed`).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { resolveTrainConfig, type TrainConfig } from '../../core/config/trainConfig';
import type { FromWorker, TrainRequest, TrainResult } from '../../core/protocol/workerProtocol';
import { EpochRecord, runFolderName, RunSummary } from '../../core/run';
import { asMedSegError } from '../../core/util/MedSegError';
import { Trainer } from '../../training/loop/Trainer';
import { writeDirAtomic } from '../io/atomicWrite';
import { readCheckpoint, writeCheckpoint } from '../io/checkpointFiles';
import { RunWriter } from '../io/RunWriter';
import { beginJob, endJob } from './jobControl';
import { loadTrainingData } from './loadTrainingData';
import { writeBatchPreview, writeOverlays } from './runArtifacts';
import { selectBackend } from './selectBackend';

/** Reads the config a request names (file, object, or the resumed run's config.json). */
export function configFromRequest(req: TrainRequest): TrainConfig {
  let cfg: TrainConfig;
  if (req.resume) {
    const file = path.join(req.resume, 'config.json');
    cfg = resolveTrainConfig(JSON.parse(fs.readFileSync(file, 'utf8')), req.resume);
  } else if (req.configPath) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(req.configPath, 'utf8'));
    } catch (err) {
      throw asMedSegError(err, req.configPath, 'bad-config');
    }
    cfg = resolveTrainConfig(raw, path.dirname(path.resolve(req.configPath)));
  } else if (req.config) {
    cfg = resolveTrainConfig(req.config, path.resolve(req.baseDir ?? '.'));
  } else {
    throw asMedSegError(new Error('train needs configPath, config or resume'), undefined, 'bad-request');
  }
  if (req.epochs !== undefined && req.epochs !== cfg.training.epochs) {
    const sch = cfg.schedule;
    // A schedule length derived from epochs × iterations follows the new epoch count.
    const derived = 'totalSteps' in sch && sch.totalSteps === cfg.training.epochs * cfg.training.iterationsPerEpoch;
    const schedule = derived ? { ...sch, totalSteps: req.epochs * cfg.training.iterationsPerEpoch } : sch;
    cfg = resolveTrainConfig({ ...cfg, schedule, training: { ...cfg.training, epochs: req.epochs } }, '');
  }
  return cfg;
}

/** Runs a training job to its end; never throws for training errors (they become `failed`). */
export async function runTrainJob(req: TrainRequest, notify: (m: FromWorker) => void): Promise<TrainResult> {
  const t0 = Date.now();
  const cfg = configFromRequest(req);
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
  const publish = () => {
    summary.updatedAt = new Date().toISOString();
    run.writeSummary(summary);
    notify({ type: 'runStatus', runDir, summary: { ...summary } });
  };
  let trainer: Trainer | undefined;
  try {
    run.init();
    run.writeConfig(cfg);
    publish();
    const progress = (phase: 'loading' | 'train' | 'validate' | 'checkpoint', epoch: number, iteration: number, loss: number, eta: number | null) =>
      notify({ type: 'progress', runDir, phase, epoch, epochs: cfg.training.epochs, iteration, iterations: cfg.training.iterationsPerEpoch, loss, etaSeconds: eta });
    const data = await loadTrainingData(cfg, (i, n) => progress('loading', 0, i, n, null));
    summary.trainCases = data.trainCases.length;
    summary.valCases = data.valCases.length;
    trainer = new Trainer(cfg, data.train, data.val);
    summary.paramCount = trainer.model.paramCount();
    let partial: Record<string, number> = {};
    let startIteration = 0;
    if (req.resume) {
      const ck = readCheckpoint(runDir, 'latest');
      const m = ck.manifest;
      trainer.restore(ck.weights, ck.optimizerTensors, {
        epoch: m.epoch, step: m.step, rng: m.rng as number, bestValDice: m.bestValDice, bestEpoch: m.bestEpoch, valDiceEma: m.valDiceEma, lastValDice: m.lastValDice,
        scheduler: m.scheduler, modelRng: m.modelRng,
      });
      run.truncateMetrics(m.metricsLines);
      partial = { ...m.partialTrain };
      startIteration = m.iteration;
      Object.assign(summary, { epochsCompleted: m.epoch, bestValDice: m.bestValDice, bestEpoch: m.bestEpoch, lastValDice: m.epoch ? m.lastValDice : null });
    }
    publish();
    const fixedCases = data.val.slice(0, cfg.training.overlayCases);
    const iters = cfg.training.iterationsPerEpoch;
    const stepTimes: number[] = [];
    let lastProgress = 0;
    const save = async (iteration: number) => {
      progress('checkpoint', trainer!.s.epoch + 1, iteration, 0, null);
      const s = trainer!.s;
      writeCheckpoint(runDir, 'latest', {
        weights: await trainer!.weights(), optimizerTensors: await trainer!.optimizer.getState(),
        manifest: {
          epoch: s.epoch, step: s.step, iteration, partialTrain: partial, rng: trainer!.rng.getState(), valDice: s.lastValDice,
          bestValDice: s.bestValDice, bestEpoch: s.bestEpoch, valDiceEma: s.valDiceEma, lastValDice: s.lastValDice,
          metricsLines: s.epoch, backend: choice.backend, time: new Date().toISOString(), optimizerState: {},
          scheduler: s.scheduler, modelRng: s.modelRng,
        },
      });
    };
    while (trainer.s.epoch < cfg.training.epochs) {
      const epoch = trainer.s.epoch + 1;
      const te = Date.now();
      for (let it = startIteration; it < iters; it++) {
        const batch = trainer.nextBatch();
        if (epoch === 1 && it === 0) writeBatchPreview(run, batch);
        const ts = Date.now();
        const terms = await trainer.step(batch);
        stepTimes.push((Date.now() - ts) / 1000);
        for (const [k, v] of Object.entries(terms)) partial[k] = (partial[k] ?? 0) + v;
        // Let IPC messages (a `stop`) in: tfjs CPU/WASM reads resolve as microtasks only.
        await new Promise((r) => setImmediate(r));
        const remaining = (cfg.training.epochs - epoch) * iters + (iters - it - 1);
        const mean = stepTimes.slice(-20).reduce((a, b) => a + b, 0) / Math.min(20, stepTimes.length);
        if (Date.now() - lastProgress > 250 || it === iters - 1) {
          lastProgress = Date.now();
          progress('train', epoch, it + 1, partial.total / (it + 1), Math.round(remaining * mean * 1.15));
        }
        if (control.stopRequested) {
          await save(it + 1);
          summary.status = 'stopped';
          publish();
          return result('stopped');
        }
      }
      startIteration = 0;
      progress('validate', epoch, iters, partial.total / iters, null);
      const v = await trainer.validate(cfg.training.batchSize);
      const best = trainer.finishEpoch(v.valDice, v.loss.total);
      const record: EpochRecord = {
        epoch, step: trainer.s.step, lr: trainer.lr(Math.max(0, trainer.s.step - 1)), seconds: (Date.now() - te) / 1000, time: new Date().toISOString(),
        train: Object.fromEntries(Object.entries(partial).map(([k, x]) => [k, x / iters])), valLoss: v.loss, seg: v.seg,
        valDice: v.valDice, valDiceEma: trainer.s.valDiceEma ?? v.valDice, accuracy: v.accuracy, perClassAccuracy: v.perClassAccuracy,
        aucMacro: v.aucMacro, confusion: v.confusion, best, numTensors: tf.memory().numTensors,
      };
      partial = {};
      run.appendMetrics(record);
      notify({ type: 'metrics', runDir, record });
      for (const e of writeOverlays(run, epoch, fixedCases, new Map(v.cases.map((c) => [c.id, c])), cfg.training.overlaySize)) notify(e);
      await save(0);
      if (best) {
        // Same atomic temp-folder-then-rename as every checkpoint.
        writeDirAtomic(path.join(runDir, 'checkpoints', 'best'), (tmp) => fs.cpSync(path.join(runDir, 'checkpoints', 'latest'), tmp, { recursive: true }));
        summary.bestAccuracy = v.accuracy;
      }
      Object.assign(summary, { epochsCompleted: epoch, bestValDice: trainer.s.bestValDice, bestEpoch: trainer.s.bestEpoch, lastValDice: v.valDice });
      publish();
      if (control.stopRequested) {
        summary.status = 'stopped';
        publish();
        return result('stopped');
      }
    }
    summary.status = 'completed';
    publish();
    return result('completed');
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    summary.status = 'failed';
    summary.error = e.message;
    try { publish(); } catch { /* the run folder itself may be the problem */ }
    notify({ type: 'log', level: 'error', text: e.stack ?? e.message });
    return { ...result('failed'), error: e.message };
  } finally {
    trainer?.dispose();
    endJob(control);
  }

  function result(status: TrainResult['status']): TrainResult {
    const last = run.readMetrics().at(-1);
    return {
      runDir, status, epochsCompleted: summary.epochsCompleted, bestValDice: summary.bestValDice, bestEpoch: summary.bestEpoch,
      lastAccuracy: last?.accuracy ?? null, lastValDice: summary.lastValDice, backend: choice.backend, seconds: (Date.now() - t0) / 1000,
    };
  }
}
