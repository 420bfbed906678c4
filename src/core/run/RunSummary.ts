/**
 * `summary.json`: the state of a run at a glance. Written atomically at start, after
 * each epoch and at the end. A run whose worker dies keeps `status: 'running'`; the host
 * sees the worker exit and rewrites it as `failed` with the stderr tail (see
 * `markRunFailed` in the worker io helpers).
 */
import { BackendName } from '../protocol/workerProtocol';

/** Life-cycle states of a run. */
export type RunStatus = 'running' | 'completed' | 'stopped' | 'failed';

/** The run summary. */
export interface RunSummary {
  /** Config `name`. */
  name: string;
  status: RunStatus;
  /** Backend the run trained on. */
  backend: BackendName;
  /** Why that backend (e.g. "auto: tensorflow-gpu unavailable (not installed); wasm: XNNPACK, 2 thread(s)"). */
  backendReason: string;
  /** WASM threads the run trains with (absent for other backends). */
  threads?: number;
  startedAt: string;
  updatedAt: string;
  /** Epochs completed. */
  epochsCompleted: number;
  /** Epochs configured. */
  epochsTotal: number;
  /** Best mean validation Dice so far and its epoch (0 when none yet). */
  bestValDice: number;
  bestEpoch: number;
  /** Best validation accuracy (the `best-cls` checkpoint's; null when no classification head). */
  bestAccuracy: number | null;
  /** Last epoch's record, for quick display. */
  lastValDice: number | null;
  /** Model parameter count. */
  paramCount: number;
  /** Number of training and validation cases. */
  trainCases: number;
  valCases: number;
  /** How many times the run was resumed. */
  resumes: number;
  /** The dataset as the doctor saw it when the run (re)started: its warnings stay visible with the run. */
  dataset?: RunDatasetInfo;
  /** Process CPU seconds of training and validation (all threads; data loading excluded). */
  cpuSeconds?: number;
  /**
   * Whether the learning-rate schedule follows the CPU budget (`training.budgetMinutes`): true
   * from the epoch at which the planned steps stopped fitting in it. While false the schedule
   * counts steps and the run repeats for its seed.
   */
  scheduleFollowsBudget?: boolean;
  /** Present when status is `failed`. */
  error?: string;
  /** Last stderr lines of the worker when it failed. */
  stderrTail?: string[];
}

/** What the run summary keeps of the dataset doctor's report. */
export interface RunDatasetInfo {
  root: string;
  kind: string;
  cases: number;
  /** Doctor warnings (`file: message`), and notes about the config's hints. */
  warnings: string[];
  /** Hash of the dataset's files (path, size, mtime). */
  fingerprint: string;
}
