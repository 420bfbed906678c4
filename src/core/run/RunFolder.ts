/**
 * The layout of one training run folder, shared by the worker (writer), the CLI and the
 * VS Code dashboard (readers). Pure paths and types: no file access here.
 *
 * ```
 * runs/<yyyymmdd-HHMMSS>-<name>/
 *   config.json              the resolved TrainConfig (defaults filled in, paths absolute)
 *   metrics.jsonl            one EpochRecord per line, appended after each validation
 *   summary.json             RunSummary: status, backend and why, best epoch/Dice, error
 *   checkpoints/
 *     latest/                after every completed epoch (and on stop)
 *       manifest.json        CheckpointManifest: tensor names/shapes/offsets, epoch, RNG, history
 *       weights.bin          model weights, raw little-endian float32, concatenated
 *       optimizer.bin        optimiser slot variables, same encoding (see manifest)
 *     best/                  same files, for the epoch with the best validation Dice
 *   previews/
 *     batch-000.png          the exact augmented first training batch, images | mask overlay
 *   overlays/
 *     epoch-NNN/<caseId>.png validation overlays of a few fixed cases (image | gt | pred)
 *     epoch-NNN/index.json   OverlayIndex: case ids, files, per-case Dice
 *   predictions/             outputs of `medseg predict --run`
 * ```
 *
 * Checkpoint folders are written atomically: into `checkpoints/.tmp-<name>-<pid>` first,
 * then renamed over the old folder, so a killed worker always leaves the previous
 * complete checkpoint. JSON files are written to a temp file and renamed.
 */

/** File and folder names inside a run folder. */
export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  summary: 'summary.json',
  checkpoints: 'checkpoints',
  previews: 'previews',
  overlays: 'overlays',
  predictions: 'predictions',
  manifest: 'manifest.json',
  /** The dataset doctor's manifest of the training data (labels and mask conventions for predict). */
  dataset: 'dataset-manifest.json',
  weights: 'weights.bin',
  optimizer: 'optimizer.bin',
  /** Test-time flips and postprocessing chosen on the validation cases (inference.autoSelect). */
  inference: 'inference.json',
} as const;

/** Names of the checkpoints kept in `checkpoints/`. */
export type CheckpointName = 'latest' | 'best' | 'best-cls';

/** Joins path parts with '/', the form stored in JSON (callers on Windows may normalise). */
export function joinRunPath(...parts: string[]): string {
  return parts.filter((p) => p.length > 0).join('/').replace(/\/+/g, '/');
}

/** Relative path of a checkpoint folder. */
export function checkpointDir(name: CheckpointName): string {
  return joinRunPath(RUN_FILES.checkpoints, name);
}

/** Relative path of an epoch's overlay folder, e.g. `overlays/epoch-003`. */
export function overlayDir(epoch: number): string {
  return joinRunPath(RUN_FILES.overlays, `epoch-${String(epoch).padStart(3, '0')}`);
}

/** Two-digit zero padding for timestamps. */
function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Run folder name `<yyyymmdd-HHMMSS>-<name>` in UTC (a safe slug of the config name). */
export function runFolderName(name: string, when: Date): string {
  const stamp = `${when.getUTCFullYear()}${pad2(when.getUTCMonth() + 1)}${pad2(when.getUTCDate())}-`
    + `${pad2(when.getUTCHours())}${pad2(when.getUTCMinutes())}${pad2(when.getUTCSeconds())}`;
  const slug = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
  return `${stamp}-${slug}`;
}

/** Index of one epoch's validation overlays (`overlays/epoch-NNN/index.json`). */
export interface OverlayIndex {
  epoch: number;
  /** Each PNG shows image | ground truth | prediction side by side, `size`×`size` each. */
  cases: { id: string; file: string; dice: number; label?: number; predictedLabel?: number }[];
  size: number;
}
