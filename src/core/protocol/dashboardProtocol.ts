/**
 * Host ↔ webview protocol of the Training Dashboard (one panel per run, or one
 * comparing several runs). Images travel as typed arrays (Uint8Array), never number[].
 */
import type { EpochRecord, RunStatus, RunSummary } from '../run';

/** One run's curves in the dashboard. */
export interface DashboardRun {
  runDir: string;
  /** Short display name (the run folder's name). */
  name: string;
  summary: RunSummary | undefined;
  history: EpochRecord[];
}

/** A config key whose value differs between compared runs. */
export interface ConfigDifference {
  /** Dotted path, e.g. `optimizer.learningRate`. */
  key: string;
  /** JSON of the value in each run, in `runs` order (`undefined` when absent). */
  values: (string | undefined)[];
}

/** Host → dashboard: (re)initialise with the full history (request; reply void). */
export interface InitDashboardRequest {
  type: 'init';
  /** The run this dashboard follows (the first of `runs`). */
  runs: DashboardRun[];
  /** Non-empty in compare mode. */
  configDiff: ConfigDifference[];
  /** Foreground class/region names and image-level class names, for legends and the confusion matrix. */
  segClasses: string[];
  classes: string[];
  /** Whether a worker in this window is training it (live) or we only read the folder. */
  live: boolean;
}

/** Host → dashboard: a new epoch record of run `runDir`. */
export interface MetricsMessage {
  type: 'metrics';
  runDir: string;
  record: EpochRecord;
}

/** Host → dashboard: training progress. */
export interface ProgressMessage {
  type: 'progress';
  epoch: number;
  epochs: number;
  iteration: number;
  iterations: number;
  phase: string;
  loss: number;
  etaSeconds: number | null;
}

/** Host → dashboard: the run's status changed (failed runs carry the error and stderr tail). */
export interface StatusMessage {
  type: 'status';
  status: RunStatus;
  error?: string;
  stderrTail?: string[];
}

/** Host → dashboard: a fixed validation case after an epoch (live). */
export interface PreviewMessage {
  type: 'preview';
  epoch: number;
  caseId: string;
  width: number;
  height: number;
  /** Greyscale 0..255, row-major, row 0 on top. */
  image: Uint8Array;
  /** Label maps (0 = background). */
  gt: Uint8Array;
  pred: Uint8Array;
  dice: number;
}

/** Host → dashboard: what do you show? (tests). Reply: DashboardState. */
export interface GetDashboardStateRequest {
  type: 'getDashboardState';
}

/** Everything the host sends to the dashboard. */
export type ToDashboard = InitDashboardRequest | MetricsMessage | ProgressMessage | StatusMessage | PreviewMessage | GetDashboardStateRequest;

/** Dashboard → host: the script is listening. */
export interface DashboardReadyMessage {
  type: 'ready';
}

/** Dashboard → host: the stored overlays of an epoch (reply: OverlaysReply). */
export interface GetOverlaysRequest {
  type: 'getOverlays';
  runDir: string;
  epoch: number;
}

/** Reply to getOverlays: PNG bytes of each case (image | gt | pred panels). */
export interface OverlaysReply {
  epoch: number;
  cases: { id: string; dice: number; png: Uint8Array }[];
}

/** Dashboard → host: open this validation case in the slice viewer with a prediction. */
export interface OpenCaseMessage {
  type: 'openCase';
  runDir: string;
  caseId: string;
}

/** Everything the dashboard sends. */
export type FromDashboard = DashboardReadyMessage | GetOverlaysRequest | OpenCaseMessage;

/** What the dashboard displays (reply to getDashboardState). */
export interface DashboardState {
  runDirs: string[];
  /** Epoch records received for the first run. */
  epochs: number;
  lastValDice: number | null;
  /** Live previews received. */
  previews: number;
  status: RunStatus | undefined;
  /** Series drawn in the loss chart. */
  lossSeries: string[];
  error?: string;
  /** Texts as shown: the header's status line, the progress line, the overlay title and legend. */
  headerText: string;
  progressText: string;
  overlayTitle: string;
  legendText: string;
  /** Overlay figures shown. */
  overlayCount: number;
  /** Column headers and case ids of the cases table, in display order. */
  caseHeaders: string[];
  caseOrder: string[];
  /** Confusion matrix header cells (after the corner), or its placeholder text. */
  confusionLabels: string[];
  confusionText: string;
}

/** Reply types of requests, both directions. */
export interface DashboardReplies {
  init: void;
  getDashboardState: DashboardState;
  getOverlays: OverlaysReply;
  [k: string]: unknown;
}

/** The webview's persisted state (getState/setState), used by the panel serializer. */
export interface DashboardPersistedState {
  runDirs: string[];
  logScale: boolean;
  smoothing: number;
}
