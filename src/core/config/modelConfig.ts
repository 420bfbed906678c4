/**
 * Configuration types, defaults and validation for the multitask U-Net, its losses, optimisers
 * and learning-rate schedules. Pure TypeScript (browser-safe): the webview's config editor, the
 * CLI and the training worker all validate with the same code, so a bad field is reported the
 * same way everywhere, as a MedSegError naming the field.
 */
import { MedSegError } from '../util/MedSegError';

export type BlockType = 'plain' | 'residual';
export type NormType = 'batch' | 'instance';
export type ActivationType = 'relu' | 'leakyrelu' | 'prelu' | 'swish' | 'mish';
export type UpsamplingType = 'transposed' | 'resize-conv';
/** `softmax`: K mutually exclusive classes incl. background; `sigmoid`: K overlapping regions (e.g. BraTS WT/TC/ET). */
export type SegHeadType = 'softmax' | 'sigmoid';
/** `attention`: global average pool concatenated with a pool inside the (detached) predicted tumour mask. */
export type ClsPoolingType = 'gap' | 'spp' | 'attention';

/** Architecture of the multitask U-Net (channels-last, square inputs). */
export interface ModelConfig {
  /** Height = width of the input in pixels; must be divisible by 2^depth. */
  inputSize: number;
  /** Input channels (one per MRI modality). */
  inChannels: number;
  /** Number of encoder levels (= max-pools); the bottleneck has baseFilters·2^depth filters. */
  depth: number;
  /** Filters of the first level; doubled at every level. */
  baseFilters: number;
  block: BlockType;
  norm: NormType;
  activation: ActivationType;
  /** Negative slope for `leakyrelu` (and initial slope for `prelu`). */
  leakySlope: number;
  /** Dropout rate on the bottleneck features (0 = off); active only in training mode. */
  dropout: number;
  /** Squeeze-and-excitation after every decoder block. */
  squeezeExcitation: boolean;
  /** Channel reduction ratio of the SE bottleneck. */
  seReduction: number;
  upsampling: UpsamplingType;
  segHead: SegHeadType;
  /** Output channels of the segmentation head (classes incl. background for softmax, regions for sigmoid). */
  segClasses: number;
  clsPooling: ClsPoolingType;
  /** Hidden units of an optional dense layer before the classifier (0 = pooled features → dense(classes)). */
  clsHidden: number;
  clsClasses: number;
  /** Blocks the classification loss's gradient from reaching the shared encoder. */
  clsStopGradient: boolean;
  /** Keras-style momentum of the batch-norm moving statistics: moving = m·moving + (1−m)·batch. */
  bnMomentum: number;
  normEpsilon: number;
}

export type SegLossName = 'bce' | 'ce' | 'softDice' | 'diceCe' | 'diceBce' | 'focal';
export type ClsLossName = 'ce' | 'focal';
export type MultitaskWeighting = 'fixed' | 'dynamic' | 'uncertainty';

/** Options of the segmentation loss. */
export interface SegLossConfig {
  name: SegLossName;
  /** Additive smoothing of the soft Dice (numerator and denominator). */
  smooth: number;
  /** Dice per sample then averaged (true) or over the whole batch at once (false). */
  perSample: boolean;
  /** Leave channel 0 (background) out of the Dice average; softmax heads only. */
  excludeBackground: boolean;
  /** Weights of the two terms of diceCe / diceBce. */
  diceWeight: number;
  ceWeight: number;
  focalAlpha: number;
  focalGamma: number;
}

/** Options of the classification loss. */
export interface ClsLossConfig {
  name: ClsLossName;
  /** Per-class weights of the cross-entropy (weighted mean, as PyTorch); empty = unweighted. */
  classWeights: number[];
  focalAlpha: number;
  focalGamma: number;
  /** Label smoothing ε of the cross-entropy: targets (1−ε)·one-hot + ε/C (PyTorch's label_smoothing). */
  labelSmoothing: number;
}

/** How the segmentation and classification losses are combined. */
export interface MultitaskConfig {
  /** fixed: Lseg + σ·Lcls; dynamic: λ·Lseg + σ(1−λ)·Lcls with λ = 1 − epoch/total; uncertainty: learned log-variances. */
  weighting: MultitaskWeighting;
  /** σ, the weight of the classification loss for `fixed` and `dynamic`. */
  clsWeight: number;
}

export interface LossConfig {
  seg: SegLossConfig;
  cls: ClsLossConfig;
  multitask: MultitaskConfig;
}

/** A loss config as written by users: every field (also nested) optional, defaults filled by validateLossConfig. */
export interface LossConfigInput {
  seg?: Partial<SegLossConfig>;
  cls?: Partial<ClsLossConfig>;
  multitask?: Partial<MultitaskConfig>;
}

export type OptimizerName = 'adam' | 'adamw' | 'sgd';

export interface OptimizerConfig {
  name: OptimizerName;
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** adam/sgd: coupled L2 (added to the gradient); adamw: decoupled decay applied to the weights. */
  weightDecay: number;
  momentum: number;
  nesterov: boolean;
  /** Global-norm gradient clipping (0 = off). */
  clipNorm: number;
}

export type ScheduleConfig =
  | { kind: 'constant' }
  /** Linear warm-up from 0 over warmupSteps, then cosine to minLr at totalSteps. */
  | { kind: 'cosine'; warmupSteps: number; totalSteps: number; minLr: number }
  /** nnU-Net: lr0·(1 − step/total)^power. */
  | { kind: 'poly'; totalSteps: number; power: number }
  /** lr0·gamma^floor(step/stepSize). */
  | { kind: 'step'; stepSize: number; gamma: number }
  /** Multiplies the lr by factor after `patience` epochs without improvement of the monitored value. */
  | { kind: 'plateau'; factor: number; patience: number; minLr: number; threshold: number; cooldown: number; mode: 'min' | 'max' };

export const DEFAULT_MODEL_CONFIG: Readonly<ModelConfig> = Object.freeze({
  inputSize: 128, inChannels: 1, depth: 4, baseFilters: 16, block: 'plain', norm: 'batch', activation: 'relu',
  leakySlope: 0.01, dropout: 0, squeezeExcitation: false, seReduction: 4, upsampling: 'transposed',
  segHead: 'sigmoid', segClasses: 1, clsPooling: 'gap', clsHidden: 0, clsClasses: 3, clsStopGradient: false,
  bnMomentum: 0.9, normEpsilon: 1e-5,
});

/** The reference benchmark net (same as bench_torch.py): plain blocks, BN + ReLU, 4 levels, sigmoid head, GAP → dense(3). */
export function benchModelConfig(inputSize = 128, baseFilters = 16): ModelConfig {
  return { ...DEFAULT_MODEL_CONFIG, inputSize, baseFilters };
}

/** Defaults = the reference benchmark's loss: batch soft Dice (smooth 1) + BCE + 0.5·CE. Deep-frozen: validation copies. */
export const DEFAULT_LOSS_CONFIG: Readonly<LossConfig> = Object.freeze({
  seg: Object.freeze({ name: 'diceBce' as SegLossName, smooth: 1, perSample: false, excludeBackground: false, diceWeight: 1, ceWeight: 1, focalAlpha: 0.25, focalGamma: 2 }),
  cls: Object.freeze({ name: 'ce' as ClsLossName, classWeights: Object.freeze([]) as unknown as number[], focalAlpha: 0.25, focalGamma: 2, labelSmoothing: 0 }),
  multitask: Object.freeze({ weighting: 'fixed' as MultitaskWeighting, clsWeight: 0.5 }),
});

export const DEFAULT_OPTIMIZER_CONFIG: Readonly<OptimizerConfig> = Object.freeze({
  name: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, momentum: 0.9,
  nesterov: false, clipNorm: 0,
});

export const DEFAULT_SCHEDULE_CONFIG: Readonly<ScheduleConfig> = Object.freeze({ kind: 'constant' });

/** Thrown for every invalid config field; the message starts with the dotted field path (as configFields' configError). */
function bad(field: string, why: string): never {
  throw new MedSegError('bad-config', `${field}: ${why}`);
}
/** Typos must not silently fall back to defaults. */
function known(obj: object, prefix: string, keys: readonly string[]): void {
  for (const k of Object.keys(obj)) if (!keys.includes(k)) bad(`${prefix}.${k}`, `unknown field (expected one of: ${keys.join(', ')})`);
}
function int(v: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) bad(field, `must be an integer in [${min}, ${max}], got ${String(v)}`);
}
function num(v: unknown, field: string, min: number, max: number, openMin = false, openMax = false): void {
  const ok = typeof v === 'number' && Number.isFinite(v) && (openMin ? v > min : v >= min) && (openMax ? v < max : v <= max);
  if (!ok) bad(field, `must be a number in ${openMin ? '(' : '['}${min}, ${max}${openMax ? ')' : ']'}, got ${String(v)}`);
}
function oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[]): void {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) bad(field, `must be one of ${allowed.join(', ')}, got ${String(v)}`);
}
function bool(v: unknown, field: string): void {
  if (typeof v !== 'boolean') bad(field, `must be true or false, got ${String(v)}`);
}

/** Fills defaults for missing fields and validates; throws MedSegError('bad-config') naming the first bad field. */
export function validateModelConfig(partial: Partial<ModelConfig>, prefix = 'model'): ModelConfig {
  known(partial, prefix, Object.keys(DEFAULT_MODEL_CONFIG));
  const c: ModelConfig = { ...DEFAULT_MODEL_CONFIG, ...partial };
  const f = (k: string): string => `${prefix}.${k}`;
  int(c.depth, f('depth'), 1, 7);
  int(c.inputSize, f('inputSize'), 2 ** c.depth, 4096);
  if (c.inputSize % 2 ** c.depth !== 0) bad(f('inputSize'), `must be divisible by 2^depth = ${2 ** c.depth}, got ${c.inputSize}`);
  int(c.inChannels, f('inChannels'), 1, 64);
  int(c.baseFilters, f('baseFilters'), 1, 512);
  oneOf(c.block, f('block'), ['plain', 'residual'] as const);
  oneOf(c.norm, f('norm'), ['batch', 'instance'] as const);
  oneOf(c.activation, f('activation'), ['relu', 'leakyrelu', 'prelu', 'swish', 'mish'] as const);
  num(c.leakySlope, f('leakySlope'), 0, 1);
  num(c.dropout, f('dropout'), 0, 1, false, true);
  bool(c.squeezeExcitation, f('squeezeExcitation'));
  int(c.seReduction, f('seReduction'), 1, 1024);
  oneOf(c.upsampling, f('upsampling'), ['transposed', 'resize-conv'] as const);
  oneOf(c.segHead, f('segHead'), ['softmax', 'sigmoid'] as const);
  int(c.segClasses, f('segClasses'), c.segHead === 'softmax' ? 2 : 1, 256);
  oneOf(c.clsPooling, f('clsPooling'), ['gap', 'spp', 'attention'] as const);
  int(c.clsHidden, f('clsHidden'), 0, 65536);
  int(c.clsClasses, f('clsClasses'), 1, 1024);
  bool(c.clsStopGradient, f('clsStopGradient'));
  num(c.bnMomentum, f('bnMomentum'), 0, 1, false, true);
  num(c.normEpsilon, f('normEpsilon'), 0, 1, true);
  return c;
}

/** Fills defaults and validates a loss config (nested objects merged field by field). */
export function validateLossConfig(partial: LossConfigInput = {}, clsClasses?: number, prefix = 'loss'): LossConfig {
  const d = DEFAULT_LOSS_CONFIG;
  known(partial, prefix, ['seg', 'cls', 'multitask']);
  known(partial.seg ?? {}, `${prefix}.seg`, Object.keys(d.seg));
  known(partial.cls ?? {}, `${prefix}.cls`, Object.keys(d.cls));
  known(partial.multitask ?? {}, `${prefix}.multitask`, Object.keys(d.multitask));
  const c: LossConfig = { seg: { ...d.seg, ...partial.seg }, cls: { ...d.cls, ...partial.cls }, multitask: { ...d.multitask, ...partial.multitask } };
  const s = c.seg;
  oneOf(s.name, `${prefix}.seg.name`, ['bce', 'ce', 'softDice', 'diceCe', 'diceBce', 'focal'] as const);
  num(s.smooth, `${prefix}.seg.smooth`, 0, 1e6);
  bool(s.perSample, `${prefix}.seg.perSample`);
  bool(s.excludeBackground, `${prefix}.seg.excludeBackground`);
  num(s.diceWeight, `${prefix}.seg.diceWeight`, 0, 1e6);
  num(s.ceWeight, `${prefix}.seg.ceWeight`, 0, 1e6);
  num(s.focalAlpha, `${prefix}.seg.focalAlpha`, 0, 1);
  num(s.focalGamma, `${prefix}.seg.focalGamma`, 0, 10);
  oneOf(c.cls.name, `${prefix}.cls.name`, ['ce', 'focal'] as const);
  if (!Array.isArray(c.cls.classWeights)) bad(`${prefix}.cls.classWeights`, 'must be an array of numbers');
  c.cls.classWeights.forEach((w, i) => num(w, `${prefix}.cls.classWeights[${i}]`, 0, 1e6));
  c.cls.classWeights = [...c.cls.classWeights];
  if (clsClasses !== undefined && c.cls.classWeights.length > 0 && c.cls.classWeights.length !== clsClasses) {
    bad(`${prefix}.cls.classWeights`, `needs ${clsClasses} weights (one per class), got ${c.cls.classWeights.length}`);
  }
  num(c.cls.focalAlpha, `${prefix}.cls.focalAlpha`, 0, 1);
  num(c.cls.focalGamma, `${prefix}.cls.focalGamma`, 0, 10);
  num(c.cls.labelSmoothing, `${prefix}.cls.labelSmoothing`, 0, 1, false, true);
  oneOf(c.multitask.weighting, `${prefix}.multitask.weighting`, ['fixed', 'dynamic', 'uncertainty'] as const);
  num(c.multitask.clsWeight, `${prefix}.multitask.clsWeight`, 0, 1e6);
  return c;
}

/** Fills defaults and validates an optimiser config. */
export function validateOptimizerConfig(partial: Partial<OptimizerConfig> = {}, prefix = 'optimizer'): OptimizerConfig {
  known(partial, prefix, Object.keys(DEFAULT_OPTIMIZER_CONFIG));
  const c: OptimizerConfig = { ...DEFAULT_OPTIMIZER_CONFIG, ...partial };
  oneOf(c.name, `${prefix}.name`, ['adam', 'adamw', 'sgd'] as const);
  num(c.learningRate, `${prefix}.learningRate`, 0, 10, true);
  num(c.beta1, `${prefix}.beta1`, 0, 1, false, true);
  num(c.beta2, `${prefix}.beta2`, 0, 1, false, true);
  num(c.epsilon, `${prefix}.epsilon`, 0, 1, true);
  num(c.weightDecay, `${prefix}.weightDecay`, 0, 1);
  num(c.momentum, `${prefix}.momentum`, 0, 1, false, true);
  bool(c.nesterov, `${prefix}.nesterov`);
  num(c.clipNorm, `${prefix}.clipNorm`, 0, 1e9);
  return c;
}

/** Validates a schedule config (all fields required for the chosen kind, defaults for the rest). */
export function validateScheduleConfig(partial: Partial<ScheduleConfig> & { kind?: string } = { kind: 'constant' }, prefix = 'schedule'): ScheduleConfig {
  const p = partial as Record<string, unknown>;
  const kind = (p.kind ?? 'constant') as ScheduleConfig['kind'];
  oneOf(kind, `${prefix}.kind`, ['constant', 'cosine', 'poly', 'step', 'plateau'] as const);
  const f = (k: string): string => `${prefix}.${k}`;
  switch (kind) {
    case 'cosine': {
      const c = { kind, warmupSteps: 0, minLr: 0, ...p } as Extract<ScheduleConfig, { kind: 'cosine' }>;
      int(c.totalSteps, f('totalSteps'), 1);
      int(c.warmupSteps, f('warmupSteps'), 0, c.totalSteps);
      num(c.minLr, f('minLr'), 0, 10);
      return { kind, warmupSteps: c.warmupSteps, totalSteps: c.totalSteps, minLr: c.minLr };
    }
    case 'poly': {
      const c = { kind, power: 0.9, ...p } as Extract<ScheduleConfig, { kind: 'poly' }>;
      int(c.totalSteps, f('totalSteps'), 1);
      num(c.power, f('power'), 0, 100);
      return { kind, totalSteps: c.totalSteps, power: c.power };
    }
    case 'step': {
      const c = { kind, gamma: 0.1, ...p } as Extract<ScheduleConfig, { kind: 'step' }>;
      int(c.stepSize, f('stepSize'), 1);
      num(c.gamma, f('gamma'), 0, 1, true);
      return { kind, stepSize: c.stepSize, gamma: c.gamma };
    }
    case 'plateau': {
      const c = { kind, factor: 0.1, patience: 10, minLr: 0, threshold: 1e-4, cooldown: 0, mode: 'min', ...p } as Extract<ScheduleConfig, { kind: 'plateau' }>;
      num(c.factor, f('factor'), 0, 1, true, true);
      int(c.patience, f('patience'), 0);
      num(c.minLr, f('minLr'), 0, 10);
      num(c.threshold, f('threshold'), 0, 1e6);
      int(c.cooldown, f('cooldown'), 0);
      oneOf(c.mode, f('mode'), ['min', 'max'] as const);
      return { kind, factor: c.factor, patience: c.patience, minLr: c.minLr, threshold: c.threshold, cooldown: c.cooldown, mode: c.mode };
    }
    default:
      return { kind: 'constant' };
  }
}
