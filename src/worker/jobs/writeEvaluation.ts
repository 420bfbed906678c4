/**
 * Writes a prediction run's scores next to the predictions: `evaluation.json` (the
 * `PredictEvaluation` protocol type) and `evaluation.csv`, one row per case, for a
 * spreadsheet or pandas.
 */
import * as path from 'path';
import type { TrainConfig } from '../../core/config/trainConfig';
import type { CaseEvaluation, PredictEvaluation } from '../../core/protocol/workerProtocol';
import { summarizeEvaluation } from '../../training/inference/evaluatePrediction';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomicWrite';

const csvCell = (v: string | number | boolean | null | undefined): string => {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'number' ? String(+v.toFixed(6)) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The per-case CSV. */
export function evaluationCsv(cases: readonly CaseEvaluation[], regions: readonly string[], classes: readonly string[]): string {
  const head = ['id', ...regions.flatMap((r) => [`dice_${r}`, `hd95_${r}`]), 'mean_dice', 'true_class', 'pred_class', 'correct', 'image', 'truth', 'prediction'];
  const rows = cases.map((c) => [
    c.id, ...regions.flatMap((_, k) => [c.regions[k]?.dice, c.regions[k]?.hd95]), c.meanDice,
    c.trueClass === undefined ? undefined : classes[c.trueClass] ?? c.trueClass, c.predClass === undefined ? undefined : classes[c.predClass] ?? c.predClass,
    c.correct, c.image, c.truth, c.prediction,
  ].map(csvCell).join(','));
  return [head.join(','), ...rows].join('\n') + '\n';
}

/** Summarises and writes the scores; returns what was written. */
export function writeEvaluation(outDir: string, run: { runDir: string; checkpoint: 'best' | 'latest' }, cases: CaseEvaluation[], cfg: TrainConfig): PredictEvaluation {
  const classes = cfg.data.classes.length > 1 ? cfg.data.classes : [];
  const ev: PredictEvaluation = {
    ...run, ...summarizeEvaluation(cases, cfg.data.segClasses, classes),
    json: path.join(outDir, 'evaluation.json'), csv: path.join(outDir, 'evaluation.csv'),
  };
  writeJsonAtomic(ev.json, ev);
  writeFileAtomic(ev.csv, evaluationCsv(cases, ev.regions, classes));
  return ev;
}
