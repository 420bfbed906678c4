/**
 * The `*.medseg.json` training config: data, model, loss, optimiser, augmentation,
 * training loop, inference and run sections. `resolveTrainConfig` fills defaults and
 * validates, throwing a MedSegError (`bad-config`) whose message starts with the dotted
 * field path. The JSON Schema in `media/schemas/medseg-config.schema.json` mirrors this
 * file (editor completion); this validator is the authority.
 */
import { BACKEND_PREFERENCE, BackendName } from '../protocol/workerProtocol';
import { AUGMENTATION_PRESETS, resolveAugmentationConfig, type AugmentationOverrides, type AugmentationPresetName } from '../augmentation/AugmentationConfig';
import {
  LossConfig, ModelConfig, OptimizerConfig, ScheduleConfig, validateLossConfig, validateModelConfig, validateOptimizerConfig,
  validateScheduleConfig, DEFAULT_MODEL_CONFIG, DEFAULT_OPTIMIZER_CONFIG,
} from './modelConfig';
import { bool, configError, isObject, num, oneOf, rejectUnknown, section, str, strList } from './configFields';

/**
 * The dataset layout: a hint. The dataset doctor recognises the folder, and its manifest
 * is what training reads; the kind only picks the layout when a folder holds several
 * (figshare `mat/` beside `images/`+`masks/`) and is then set to what was recognised.
 */
export type DataKind = 'figshare' | 'image-mask' | 'brats' | 'manifest';
/** Augmentation presets: core/augmentation's table. */
export type AugmentationPreset = AugmentationPresetName;
/** Backend choice: a name or `auto` (best available, see BACKEND_PREFERENCE). */
export type BackendSetting = 'auto' | BackendName;

/** How validation cases are chosen. */
export interface ValidationSplit {
  /** `fold`: cases whose fold equals `fold` validate (figshare author folds, manifest fold column); `fraction`: a seeded, group-aware random share. */
  strategy: 'fold' | 'fraction';
  fold: number;
  /** Number of folds dealt when the cases carry no author folds (seeded, group-wise). */
  folds: number;
  fraction: number;
}

/** The data section. */
export interface DataConfig {
  kind: DataKind;
  /** Dataset folder (absolute after resolution; relative paths are against the config file). */
  root: string;
  /** Square size in pixels that images are cropped/resized/padded to (the network's input unless `patchSize` is set). */
  inputSize: number;
  /**
   * Train on `patchSize`² patches of the `inputSize`² image (foreground-centred for the
   * oversampled share) and validate and predict with Gaussian-weighted sliding windows over the
   * whole image, as nnU-Net does; 0 = the network sees the whole resized image. With
   * `inputSize` equal to the images' own size (and no head crop) the network works at native resolution.
   */
  patchSize: number;
  /** BraTS modalities used as input channels, in order. */
  modalities: string[];
  /** Crop to the non-zero bounding box (brain) before resizing: each slice's own, or (`'case'`) the union over the case's slices. */
  cropNonzero: boolean | 'case';
  /** Crop to a square box around the head (Otsu threshold, opening, largest component, 4 % margin) before resizing; wins over cropNonzero. Prediction uses the same crop and maps back. */
  cropHead: boolean;
  /** Intensity normalisation: z-score per image, or (`'zscore-case'`) with one mean and std per channel over the whole case's non-zero voxels (nnU-Net's for MRI). */
  normalization: 'zscore' | 'zscore-case' | 'minmax' | 'none';
  /** Use at most this many cases (0 = all); a class-balanced, seeded subset. */
  maxCases: number;
  /** BraTS: share of sampled slices that must contain tumour. */
  foregroundOversample: number;
  /** Image-level class names (figshare labels 1..3 → 0..2 in this order). */
  classes: string[];
  /** Foreground segmentation classes or regions (figshare/image-mask: tumour; BraTS: WT, TC, ET). Background is implicit. */
  segClasses: string[];
  validation: ValidationSplit;
  /** Preprocessed-cache folder ('' = $MEDSEG_CACHE_DIR, else `.medseg-cache` in `run.outputDir`). */
  cacheDir: string;
}

/** The training loop section. */
export interface TrainingSection {
  epochs: number;
  iterationsPerEpoch: number;
  batchSize: number;
  /** EMA smoothing of validation Dice (weight of the new value). */
  emaAlpha: number;
  /**
   * Decay of an exponential moving average of the weights (0 = off, e.g. 0.99): validation,
   * the best checkpoints and prediction use the average; training steps the raw weights.
   */
  weightEma: number;
  /**
   * CPU-time budget in minutes (process CPU time of the training, validation included; 0 = off).
   * Training ends (after a last validation) when the budget is spent or after `epochs`. The
   * cosine/poly schedule counts steps while the planned epochs fit in the budget (judged at each
   * epoch's end from the third on, at the median epoch cost), so such a run repeats for its seed;
   * from the first epoch at which they would not fit, it progresses by the larger of the share
   * of steps done and the share of the budget spent (the run records this as
   * `scheduleFollowsBudget`), and then it reads measured CPU time and does not repeat.
   */
  budgetMinutes: number;
  /** Number of fixed validation cases drawn as overlays each epoch. */
  overlayCases: number;
  /** Overlay PNG size per panel. */
  overlaySize: number;
}

/** Post-processing of predicted masks. */
export interface PostprocessingSection {
  largestComponent: boolean;
  fillHoles: boolean;
  /** Remove components smaller than this many pixels (0 = keep all). */
  minSize: number;
  /**
   * 2-D images with one foreground region: when thresholding leaves the mask empty, keep the
   * most probable region instead (core's fillEmptyMask). For datasets where every image holds
   * the structure; inference.autoSelect tries it on the validation cases.
   */
  nonEmpty: boolean;
}

/** The inference section. */
export interface InferenceSection {
  /** Mirror test-time augmentation (flip left-right, average). */
  tta: boolean;
  /**
   * After training, try flips, largest component and (2-D, one region) never-empty masks on the validation cases with
   * the best segmentation checkpoint and record the best choice in the run (`inference.json`),
   * which prediction then uses (as nnU-Net chooses its postprocessing).
   */
  autoSelect: boolean;
  /** Sliding-window overlap for inputs larger than the network input (0..0.9). */
  overlap: number;
  postprocessing: PostprocessingSection;
}

/** The run section. */
export interface RunSection {
  /** Folder holding run folders (relative to the config file). */
  outputDir: string;
  backend: BackendSetting;
}

/** A fully resolved training config. */
export interface TrainConfig {
  name: string;
  /** Free text (recipes say what they reached, on which split, in how much CPU time). */
  description?: string;
  seed: number;
  data: DataConfig;
  /** Model architecture; `inputSize`, `inChannels`, `segClasses`, `clsClasses` are derived from `data` when omitted. */
  model: ModelConfig;
  loss: LossConfig;
  optimizer: OptimizerConfig;
  /** Learning-rate schedule; `totalSteps` defaults to epochs × iterationsPerEpoch. */
  schedule: ScheduleConfig;
  /** A preset plus per-field overrides (nnU-Net's trainer variants, as data), checked when the config is read. */
  augmentation: { preset: AugmentationPreset; overrides?: AugmentationOverrides };
  training: TrainingSection;
  inference: InferenceSection;
  run: RunSection;
}

const TOP = ['name', 'description', 'seed', 'data', 'model', 'loss', 'optimizer', 'schedule', 'augmentation', 'training', 'inference', 'run'] as const;
const DATA = ['kind', 'root', 'inputSize', 'patchSize', 'modalities', 'cropNonzero', 'cropHead', 'normalization', 'maxCases', 'foregroundOversample', 'classes', 'segClasses', 'validation', 'cacheDir'] as const;

/** Joins `rel` to `base` unless it is absolute (POSIX or Windows). Pure string work: core has no `path`. */
export function resolveAgainst(base: string, rel: string): string {
  if (rel.startsWith('/') || /^[A-Za-z]:[\\/]/.test(rel) || !base) return rel;
  const b = base.replace(/[\\/]+$/, '');
  const parts = `${b}/${rel}`.split(/[\\/]+/);
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..' && out.length > 1) out.pop();
    else if (p !== '.') out.push(p);
  }
  return out.join('/');
}

/** `data.cropNonzero`: true (default), false, or "case". */
function cropNonzeroOf(v: unknown): boolean | 'case' {
  if (v === undefined) return true;
  if (typeof v !== 'boolean' && v !== 'case') configError('data.cropNonzero', `must be true, false or "case", got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Validates a parsed config and fills defaults. `baseDir` is the config file's folder:
 * `data.root` and `run.outputDir` are resolved against it.
 */
export function resolveTrainConfig(input: unknown, baseDir = ''): TrainConfig {
  if (!isObject(input)) configError('(config)', `must be a JSON object, got ${JSON.stringify(input)?.slice(0, 40)}`);
  rejectUnknown(input, '', TOP);
  const d = section(input, 'data', '', DATA);
  const kind = oneOf(d, 'kind', 'data', ['figshare', 'image-mask', 'brats', 'manifest'] as const, 'figshare');
  const v = section(d, 'validation', 'data', ['strategy', 'fold', 'folds', 'fraction']);
  const data: DataConfig = {
    kind,
    root: resolveAgainst(baseDir, str(d, 'root', 'data')),
    inputSize: num(d, 'inputSize', 'data', 64, { min: 16, max: 1024, int: true }),
    patchSize: num(d, 'patchSize', 'data', 0, { min: 0, max: 1024, int: true }),
    modalities: strList(d, 'modalities', 'data', kind === 'brats' ? ['flair', 't1', 't1ce', 't2'] : ['image']),
    cropNonzero: cropNonzeroOf(d.cropNonzero),
    cropHead: bool(d, 'cropHead', 'data', false),
    normalization: oneOf(d, 'normalization', 'data', ['zscore', 'zscore-case', 'minmax', 'none'] as const, 'zscore'),
    maxCases: num(d, 'maxCases', 'data', 0, { min: 0, int: true }),
    foregroundOversample: num(d, 'foregroundOversample', 'data', 0.33, { min: 0, max: 1 }),
    classes: strList(d, 'classes', 'data', kind === 'figshare' ? ['meningioma', 'glioma', 'pituitary'] : []),
    segClasses: strList(d, 'segClasses', 'data', kind === 'brats' ? ['WT', 'TC', 'ET'] : ['tumour']),
    validation: {
      strategy: oneOf(v, 'strategy', 'data.validation', ['fold', 'fraction'] as const, v.fold !== undefined ? 'fold' : 'fraction'),
      fold: num(v, 'fold', 'data.validation', 1, { int: true }),
      folds: num(v, 'folds', 'data.validation', 5, { min: 2, int: true }),
      fraction: num(v, 'fraction', 'data.validation', 0.2, { min: 0, max: 0.9 }),
    },
    cacheDir: d.cacheDir === undefined || d.cacheDir === '' ? '' : resolveAgainst(baseDir, str(d, 'cacheDir', 'data')),
  };
  if (data.segClasses.length < 1) configError('data.segClasses', 'needs at least one foreground class or region');
  if (data.patchSize > 0 && (data.patchSize < 16 || data.patchSize > data.inputSize)) configError('data.patchSize', `must be 0 (whole image) or between 16 and data.inputSize (${data.inputSize}), got ${data.patchSize}`);
  const netSize = data.patchSize || data.inputSize;

  const a = section(input, 'augmentation', '', ['preset', 'overrides']);
  const preset = oneOf(a, 'preset', 'augmentation', AUGMENTATION_PRESETS, 'nnunet-default');
  // Throws the field's name on a typo or a bad range, before any work.
  if (a.overrides !== undefined) resolveAugmentationConfig(preset, a.overrides);
  const t = section(input, 'training', '', ['epochs', 'iterationsPerEpoch', 'batchSize', 'emaAlpha', 'weightEma', 'budgetMinutes', 'overlayCases', 'overlaySize']);
  const training: TrainingSection = {
    epochs: num(t, 'epochs', 'training', 10, { min: 1, int: true }),
    iterationsPerEpoch: num(t, 'iterationsPerEpoch', 'training', 50, { min: 1, int: true }),
    batchSize: num(t, 'batchSize', 'training', 8, { min: 1, max: 512, int: true }),
    emaAlpha: num(t, 'emaAlpha', 'training', 0.3, { min: 0, max: 1 }),
    weightEma: num(t, 'weightEma', 'training', 0, { min: 0, max: 0.9999 }),
    budgetMinutes: num(t, 'budgetMinutes', 'training', 0, { min: 0 }),
    overlayCases: num(t, 'overlayCases', 'training', 4, { min: 0, max: 32, int: true }),
    overlaySize: num(t, 'overlaySize', 'training', 96, { min: 16, max: 512, int: true }),
  };
  const i = section(input, 'inference', '', ['tta', 'autoSelect', 'overlap', 'postprocessing']);
  const p = section(i, 'postprocessing', 'inference', ['largestComponent', 'fillHoles', 'minSize', 'nonEmpty']);
  const inference: InferenceSection = {
    tta: bool(i, 'tta', 'inference', false),
    autoSelect: bool(i, 'autoSelect', 'inference', false),
    overlap: num(i, 'overlap', 'inference', 0.5, { min: 0, max: 0.9 }),
    postprocessing: {
      largestComponent: bool(p, 'largestComponent', 'inference.postprocessing', kind !== 'brats'),
      fillHoles: bool(p, 'fillHoles', 'inference.postprocessing', true),
      minSize: num(p, 'minSize', 'inference.postprocessing', 0, { min: 0, int: true }),
      nonEmpty: bool(p, 'nonEmpty', 'inference.postprocessing', false),
    },
  };
  const m = section(input, 'model', '', Object.keys(DEFAULT_MODEL_CONFIG));
  const segHead = m.segHead ?? 'sigmoid';
  const nFg = data.segClasses.length;
  const model = validateModelConfig({
    inputSize: netSize,
    inChannels: data.modalities.length,
    segClasses: segHead === 'softmax' ? nFg + 1 : nFg,
    clsClasses: Math.max(1, data.classes.length),
    depth: 3, baseFilters: 8, norm: 'instance',
    ...(m as Partial<ModelConfig>),
  });
  if (model.inputSize !== netSize) configError('model.inputSize', `must equal data.${data.patchSize ? 'patchSize' : 'inputSize'} (${netSize}), got ${model.inputSize}`);
  if (model.inChannels !== data.modalities.length) configError('model.inChannels', `must equal the number of data.modalities (${data.modalities.length}), got ${model.inChannels}`);
  const expectSeg = model.segHead === 'softmax' ? nFg + 1 : nFg;
  if (model.segClasses !== expectSeg) configError('model.segClasses', `must be ${expectSeg} for a ${model.segHead} head over data.segClasses ${JSON.stringify(data.segClasses)}, got ${model.segClasses}`);
  const lossIn = section(input, 'loss', '', ['seg', 'cls', 'multitask']);
  const loss = validateLossConfig(lossIn as Parameters<typeof validateLossConfig>[0], model.clsClasses);
  // No image-level classes: the classification head is trained with weight 0 (and not scored).
  if (data.classes.length < 2) loss.multitask.clsWeight = 0;
  const optimizer = validateOptimizerConfig(section(input, 'optimizer', '', Object.keys(DEFAULT_OPTIMIZER_CONFIG)) as Partial<OptimizerConfig>);
  const totalSteps = training.epochs * training.iterationsPerEpoch;
  const sIn = section(input, 'schedule', '', ['kind', 'warmupSteps', 'totalSteps', 'minLr', 'power', 'stepSize', 'gamma', 'factor', 'patience', 'threshold', 'cooldown', 'mode']);
  const sKind = sIn.kind ?? 'poly';
  const schedule = validateScheduleConfig({ ...(sKind === 'poly' || sKind === 'cosine' ? { totalSteps } : {}), ...sIn, kind: sKind } as Partial<ScheduleConfig>);
  const r = section(input, 'run', '', ['outputDir', 'backend']);
  const run: RunSection = {
    outputDir: resolveAgainst(baseDir, str(r, 'outputDir', 'run', 'runs')),
    backend: oneOf(r, 'backend', 'run', ['auto', ...BACKEND_PREFERENCE] as const, 'auto'),
  };
  return {
    name: str(input, 'name', '', 'run'),
    ...(input.description !== undefined ? { description: str(input, 'description', '') } : {}),
    seed: num(input, 'seed', '', 0, { int: true }),
    data, model, loss, optimizer, schedule,
    augmentation: a.overrides === undefined ? { preset } : { preset, overrides: a.overrides as AugmentationOverrides },
    training, inference, run,
  };
}
