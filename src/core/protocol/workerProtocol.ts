/**
 * The host ↔ worker boundary (a `child_process.fork` of `dist/worker.js` over IPC).
 * `ToWorker` are messages the host (extension or CLI) sends, `FromWorker` those the
 * worker sends. Requests are answered through the MessageHandler's reply; everything
 * else is a one-way event. The worker reads files itself: only paths, progress and
 * metrics cross this boundary.
 */
import type { EpochRecord } from '../run/EpochRecord';
import type { RunSummary } from '../run/RunSummary';

/** Ask the worker which tfjs backends load in its process, and about the machine. */
export interface GetEnvironmentRequest {
  type: 'getEnvironment';
  /** Also try to initialise each backend (slower; default true). */
  probe?: boolean;
}

/** Ask the worker to exit cleanly. */
export interface ShutdownRequest {
  type: 'shutdown';
}

/**
 * Train a model (reply: `TrainResult` when the run ends: completed, stopped or failed).
 * Give `configPath` (a `*.medseg.json`; relative paths in it resolve against its folder)
 * or `config` (a parsed config object; relative paths resolve against `baseDir`). One
 * training job at a time per worker.
 */
export interface TrainRequest {
  type: 'train';
  configPath?: string;
  config?: Record<string, unknown>;
  /** Folder relative config paths resolve against when `config` is given (default: cwd). */
  baseDir?: string;
  /** Exact run folder to create; default `<run.outputDir>/<yyyymmdd-HHMMSS>-<name>`. */
  runDir?: string;
  /** Resume this existing run folder from `checkpoints/latest` (its config.json is used; `config*` ignored). */
  resume?: string;
  /** Overrides `run.backend` of the config. */
  backend?: 'auto' | BackendName;
  /** Override `training.epochs` (e.g. extend a resumed run). */
  epochs?: number;
}

/** Reply to `train`. */
export interface TrainResult {
  runDir: string;
  status: 'completed' | 'stopped' | 'failed';
  epochsCompleted: number;
  bestValDice: number;
  bestEpoch: number;
  /** Last epoch's accuracy (null without a classification head). */
  lastAccuracy: number | null;
  lastValDice: number | null;
  backend: BackendName;
  seconds: number;
  /** CPU seconds of training and validation (all threads), resumed sessions included. */
  cpuSeconds: number;
  /** `training.budgetMinutes` (0: none). */
  budgetMinutes: number;
  /** Whether the learning rate followed the CPU budget (then the run does not repeat for its seed). */
  scheduleFollowsBudget: boolean;
  /** Set when status is `failed`. */
  error?: string;
}

/**
 * Ask the running `train` job to stop: it finishes the current optimiser step, writes
 * `checkpoints/latest`, marks the run `stopped` and then the `train` request resolves.
 * Reply: whether a job was running.
 */
export interface StopRequest {
  type: 'stop';
}

/** Predict with a trained run (reply: `PredictResult`). */
export interface PredictRequest {
  type: 'predict';
  /** Run folder (its config.json, dataset manifest and a checkpoint are used). */
  runDir: string;
  /**
   * Inputs: single files (figshare .mat, NIfTI volumes predicted slice-wise along the axial
   * axis, 2-D images) or folders. A folder is read as the dataset doctor recognises it
   * (figshare .mat, images/+masks/, BraTS case folders or one case folder, dataset.json);
   * every case is predicted, and where masks or labels exist the predictions are evaluated.
   */
  inputs: string[];
  /** Which checkpoint (default `best`). */
  checkpoint?: 'best' | 'latest';
  /** Output folder (default `<runDir>/predictions`). */
  outDir?: string;
  /** Overrides `inference.tta`. */
  tta?: boolean;
  backend?: 'auto' | BackendName;
  /** Score predictions against masks/labels where the inputs have them (default true). */
  evaluate?: boolean;
}

/** One predicted case. */
export interface PredictOutput {
  /** The input file or case folder (absolute). */
  input: string;
  /** Case id (file stem, or case id within a dataset folder). */
  id: string;
  /** Written mask: `.nii.gz` with the source affine for volumes, `.png` for 2-D images; values in the dataset's own label convention (BraTS 2018 ET = 4). */
  mask: string;
  /** JSON with class probabilities and the predicted class (`<id>_pred.json`). */
  probabilities: string;
  /** Predicted class in the dataset's own labels (figshare 1..3), when the model classifies. */
  label?: number;
  /** Predicted class as the 0-based training index. */
  classIndex?: number;
  className?: string;
  /** Class probabilities by training index (null without a classification head). */
  classProbabilities?: number[] | null;
  /** Foreground pixels/voxels of the predicted mask. */
  foreground: number;
  /** Scores against the case's mask/label, when it has one. */
  evaluation?: CaseEvaluation;
}

/** One segmentation class or region (BraTS WT/TC/ET) of one case. */
export interface RegionScore {
  name: string;
  /** Dice in [0, 1]; 1 when prediction and truth are both empty. */
  dice: number;
  /** 95th-percentile Hausdorff distance in mm; null when either mask is empty. */
  hd95: number | null;
  /** Voxels in the truth and the prediction. */
  truthVoxels: number;
  predVoxels: number;
}

/** Scores of one predicted case. */
export interface CaseEvaluation {
  id: string;
  /** Written prediction and the ground-truth file (absolute) the scores compare, for opening in the viewer. */
  prediction: string;
  truth?: string;
  image: string;
  /** Per segmentation class/region; empty when the case has no mask. */
  regions: RegionScore[];
  /** Mean Dice over regions (null without a mask). */
  meanDice: number | null;
  /** True and predicted class as training indices (undefined without a label or head). */
  trueClass?: number;
  predClass?: number;
  correct?: boolean;
}

/** `evaluation.json`, written next to the predictions when any input has masks or labels. */
export interface PredictEvaluation {
  /** Run and checkpoint that predicted. */
  runDir: string;
  checkpoint: 'best' | 'latest';
  /** Segmentation class/region names in score order. */
  regions: string[];
  /** Classification class names by training index (empty without a head). */
  classes: string[];
  cases: CaseEvaluation[];
  /** Mean over cases with a mask, per region name; and their mean. */
  meanDice: Record<string, number>;
  meanHd95: Record<string, number | null>;
  overallDice: number | null;
  /** Over cases with a label; null when none has one. */
  accuracy: number | null;
  /** `confusion[true][pred]` over training indices; null when no case has a label. */
  confusion: number[][] | null;
  perClassAccuracy: (number | null)[] | null;
  /** Files written: the JSON itself and the per-case CSV. */
  json: string;
  csv: string;
}

/** Reply to `predict`. */
export interface PredictResult {
  outputs: PredictOutput[];
  backend: BackendName;
  /** Present when any predicted case had a mask or a label. */
  evaluation?: PredictEvaluation;
  /** Doctor warnings about input folders (file: message). */
  warnings?: string[];
}

/**
 * One layer's activations of a trained run's model for one input (reply:
 * `ActivationsResult`), for the Tensor Inspector. The input is preprocessed exactly as
 * for training and `predict`; volumes give one axial slice.
 */
export interface ActivationsRequest {
  type: 'activations';
  /** Run folder (its config.json and a checkpoint are used). */
  runDir: string;
  /** Input file: figshare .mat, 2-D image (png/jpg), NIfTI volume, or a BraTS case folder. */
  input: string;
  /** Layer name (see the reply's `layers`); default `enc0.conv1`, the first encoder conv. */
  layer?: string;
  /** Which checkpoint (default `best`). */
  checkpoint?: 'best' | 'latest';
  /** Slice of a volume input along its third axis (default the middle one). */
  slice?: number;
  backend?: 'auto' | BackendName;
}

/**
 * Reply to `activations`. The tensor travels as base64 because the worker's IPC channel
 * serialises JSON; decode with `decodeBase64` from core/tensor/base64.ts.
 */
export interface ActivationsResult {
  /** The layer returned. */
  layer: string;
  /** Every layer name the model accepts, in forward order. */
  layers: string[];
  /** Activation shape, batch 1: NHWC for feature maps, [1, K] for the classification layers. */
  shape: number[];
  dtype: 'float32';
  /** Little-endian float32 values, row-major, base64. */
  data: string;
  /** Input slice used (volumes), and the checkpoint's epoch. */
  slice?: number;
  epoch: number;
  backend: BackendName;
}

/** Everything the host may send to the worker. */
export type ToWorker = GetEnvironmentRequest | ShutdownRequest | TrainRequest | StopRequest | PredictRequest | ActivationsRequest;

/** A log line from the worker. */
export interface LogEvent {
  type: 'log';
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** Training progress, sent after every optimiser step (throttled to ~4/s) and at validation. */
export interface ProgressEvent {
  type: 'progress';
  runDir: string;
  phase: 'loading' | 'train' | 'validate' | 'checkpoint';
  /** 1-based epoch being worked on, and the total. */
  epoch: number;
  epochs: number;
  /** Steps done in this epoch, and steps per epoch (phase `loading`: cases read, and the case count). */
  iteration: number;
  iterations: number;
  /** Running mean of the total training loss in this epoch. */
  loss: number;
  /** Estimated seconds until the run ends (null until one step is timed). */
  etaSeconds: number | null;
}

/** One epoch's metrics (the same record as the `metrics.jsonl` line). */
export interface MetricsEvent {
  type: 'metrics';
  runDir: string;
  record: EpochRecord;
}

/**
 * A fixed validation case after an epoch: small greyscale image, ground truth and
 * prediction at the network input size. Pixel planes travel as base64 strings because
 * the worker's IPC channel serialises JSON (typed arrays would arrive as plain objects);
 * decode with `decodeBase64` from core/tensor/base64.ts. Row-major, row 0 on top.
 */
export interface ValidationPreviewEvent {
  type: 'validationPreview';
  runDir: string;
  epoch: number;
  caseId: string;
  width: number;
  height: number;
  /** Image rescaled to 0..255 (1st–99th percentile), `width*height` bytes, base64. */
  image: string;
  /** Ground-truth label map (0 background, k = class/region k; nested BraTS regions: 1 NCR, 2 ED, 3 ET), base64. */
  gt: string;
  /** Predicted label map, same convention, base64. */
  pred: string;
  /** Mean Dice of this case over the foreground classes/regions. */
  dice: number;
}

/** The run's status changed (also sent once at start with the backend and run folder). */
export interface RunStatusEvent {
  type: 'runStatus';
  runDir: string;
  summary: RunSummary;
}

/** Everything the worker may send on its own (not as a reply). */
export type FromWorker = LogEvent | ProgressEvent | MetricsEvent | ValidationPreviewEvent | RunStatusEvent;

/** Availability of one tfjs backend in the worker process. */
export interface BackendStatus {
  /** Backend name: `tensorflow-gpu` (tfjs-node-gpu), `tensorflow` (tfjs-node), `webgpu`, `wasm`, `cpu`. */
  name: BackendName;
  /** The npm package providing it. */
  package: string;
  available: boolean;
  /** Plain-words reason when unavailable (not installed; libcudart.so.11.0 not found; no GPU adapter…), or details when available. */
  reason: string;
  /** Threads the backend uses, when known (WASM). */
  threads?: number;
}

/** Names of the backends the worker can pick, best first. */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

/** Preference order of `backend: "auto"`. */
export const BACKEND_PREFERENCE: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'];

/** Reply to `getEnvironment`. */
export interface EnvironmentReport {
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
  freeMemoryBytes: number;
  /** GPUs from `nvidia-smi`, empty when it is absent or fails. */
  gpus: { name: string; driver: string; memoryMiB: number }[];
  /** Why `gpus` is empty, when it is. */
  gpuNote?: string;
  /** CUDA/cuDNN libraries tfjs-node-gpu needs and whether the dynamic loader finds them. */
  cudaLibraries: { name: string; found: boolean }[];
  backends: BackendStatus[];
  /** The backend `auto` would pick. */
  recommended: BackendName;
  pid: number;
}

/** Maps each request type to its reply type. */
export interface WorkerReplies {
  getEnvironment: EnvironmentReport;
  shutdown: void;
  train: TrainResult;
  stop: { stopping: boolean };
  predict: PredictResult;
  activations: ActivationsResult;
  [k: string]: unknown;
}
