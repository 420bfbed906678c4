/**
 * From a train request to a complete config and the dataset it trains on. The doctor runs
 * first on `data.root` (its errors stop the run before any work); what the config leaves
 * out of its data section (channels, classes, segmentation classes) comes from the
 * doctor's manifest, and `data.kind` only says which layout to prefer.
 */
import * as fs from 'fs';
import * as path from 'path';
import { resolveTrainConfig, type TrainConfig } from '../../core/config/trainConfig';
import { dataDefaultsFromManifest } from '../../core/dataset/manifestConventions';
import type { TrainRequest } from '../../core/protocol/workerProtocol';
import { asMedSegError } from '../../core/util/MedSegError';
import { examineDataset } from '../io/examineDataset';
import { cacheRootFor } from '../io/PreprocessedCache';
import type { RunDataset } from './loadTrainingData';

/** A config as written, with the folder its relative paths resolve against. */
interface RawConfig {
  raw: Record<string, unknown>;
  baseDir: string;
}

function readRawConfig(req: TrainRequest): RawConfig {
  if (req.resume) return { raw: JSON.parse(fs.readFileSync(path.join(req.resume, 'config.json'), 'utf8')) as Record<string, unknown>, baseDir: req.resume };
  if (req.configPath) {
    try {
      return { raw: JSON.parse(fs.readFileSync(req.configPath, 'utf8')) as Record<string, unknown>, baseDir: path.dirname(path.resolve(req.configPath)) };
    } catch (err) {
      throw asMedSegError(err, req.configPath, 'bad-config');
    }
  }
  if (req.config) return { raw: req.config, baseDir: path.resolve(req.baseDir ?? '.') };
  throw asMedSegError(new Error('train needs configPath, config or resume'), undefined, 'bad-request');
}

/** Applies the request's `epochs` override; a schedule length derived from epochs × iterations follows it. */
function withEpochs(cfg: TrainConfig, epochs: number | undefined): TrainConfig {
  if (epochs === undefined || epochs === cfg.training.epochs) return cfg;
  const sch = cfg.schedule;
  const derived = 'totalSteps' in sch && sch.totalSteps === cfg.training.epochs * cfg.training.iterationsPerEpoch;
  const schedule = derived ? { ...sch, totalSteps: epochs * cfg.training.iterationsPerEpoch } : sch;
  return resolveTrainConfig({ ...cfg, schedule, training: { ...cfg.training, epochs } }, '');
}

/** The config a request names, resolved without looking at the data (fast; for listing folds and validation). */
export function configFromRequest(req: TrainRequest): TrainConfig {
  const { raw, baseDir } = readRawConfig(req);
  return withEpochs(resolveTrainConfig(raw, baseDir), req.epochs);
}

/** A run's config completed from the dataset, the dataset, and what the doctor warned about. */
export interface RunData {
  cfg: TrainConfig;
  dataset: RunDataset;
  warnings: string[];
  fingerprint: string;
  /** Whether the doctor's report came from the cache (no file re-read). */
  doctorCached: boolean;
}

/** Runs the doctor on the config's data and completes the config from its manifest. */
export async function resolveRunData(req: TrainRequest): Promise<RunData> {
  const { raw, baseDir } = readRawConfig(req);
  const first = resolveTrainConfig(raw, baseDir);
  const rawData = (raw.data ?? {}) as Record<string, unknown>;
  const hint = typeof rawData.kind === 'string' ? first.data.kind : undefined;
  const root = first.data.root;
  // The doctor's report is kept in the preprocessed cache's root: a second run (a CV fold, a resume) does not re-read every file.
  const examined = await examineDataset(root, { preferKind: hint, cacheDir: cacheRootFor(first) });
  const m = examined.report.manifest;
  const warnings = [...examined.warnings];
  if (hint && hint !== m.kind) warnings.push(`(config): data.kind is "${hint}" but the dataset doctor recognised ${m.kind}; the doctor's layout was used`);
  const { kind, ...defaults } = dataDefaultsFromManifest(m);
  const completed = { ...raw, data: { ...defaults, ...rawData, kind } };
  const cfg = withEpochs(resolveTrainConfig(completed, baseDir), req.epochs);
  return { cfg, dataset: { root, manifest: m, fingerprint: examined.fingerprint }, warnings, fingerprint: examined.fingerprint, doctorCached: examined.cached };
}
