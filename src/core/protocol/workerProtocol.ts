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
  /** Run folder (its config.json and a checkpoint are used). */
  runDir: string;
  /** Input files: NIfTI volumes (predicted slice-wise, axial), figshare .mat, or 2-D images (png/jpg). BraTS: one path per modality is not supported yet; give a case folder. */
  inputs: string[];
  /** Which checkpoint (default `best`). */
  checkpoint?: 'best' | 'latest';
  /** Output folder (default `<runDir>/predictions`). */
  outDir?: string;
  /** Overrides `inference.tta`. */
  tta?: boolean;
  backend?: 'auto' | BackendName;
}

/** One predicted input. */
export interface PredictOutput {
  input: string;
  /** Written mask: `.nii.gz` with the source affine for volumes, `.png` for 2-D images. */
  mask: string;
  /** JSON with class probabilities and the predicted label. */
  probabilities: string;
  /** Predicted image-level class index and name (when the model classifies). */
  label?: number;
  className?: string;
  /** Foreground pixels/voxels of the predicted mask. */
  foreground: number;
}

/** Reply to `predict`. */
export interface PredictResult {
  outputs: PredictOutput[];
  backend: BackendName;
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
  /** Steps done in this epoch, and steps per epoch. */
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
