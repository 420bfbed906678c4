/**
 * Guesses what the axes of a tensor mean (batch, channels, spatial) from its shape
 * alone, the way a person reading `(8, 3, 64, 64)` would, to pick sensible default
 * display axes and the channel grid. Only a guess: the user can change axes.
 */

/** Named layouts the inspector recognises. */
export type LayoutKind =
  | 'scalar' | 'vector' | 'HW' | 'CHW' | 'HWC' | 'DHW' | 'NCHW' | 'NHWC' | 'NCDHW' | 'NDHWC'
  // Convolution kernels: TensorFlow/tfjs store (kh, kw, in, out), PyTorch (out, in, kh, kw).
  | 'HWIO' | 'DHWIO' | 'OIHW' | 'OIDHW' | 'IO' | 'unknown';

/** The guessed meaning of each axis. */
export interface TensorLayout {
  kind: LayoutKind;
  batchAxis?: number;
  channelAxis?: number;
  /** Spatial axes, slowest first. */
  spatialAxes: number[];
  /** Default display axes (of the view shape, see `viewShape`). */
  rowAxis: number;
  colAxis: number;
  /** Short name of every axis (`N`, `C`, `kh`, `in`…), shown in the axis pickers. */
  axisNames?: string[];
}

/** Axis names of the letter-coded layouts (NCHW → N, C, H, W). */
function lettersOf(kind: LayoutKind, nd: number): string[] | undefined {
  return /^[NCDHW]+$/.test(kind) && kind.length === nd ? kind.split('') : undefined;
}

/**
 * Layout of a convolution or dense weight: `tfjs` (TensorFlow, Keras, this project's
 * checkpoints) stores kernels as (kh, kw, in, out), `torch` as (out, in, kh, kw).
 * Displays in × out (the kernel centre) for tfjs, kh × kw for torch's small spatial axes
 * last; the channel grid runs over the output filters.
 */
export function kernelLayout(shape: readonly number[], convention: 'tfjs' | 'torch'): TensorLayout {
  const nd = shape.length;
  if (nd === 2) return { kind: 'IO', spatialAxes: [], rowAxis: 0, colAxis: 1, axisNames: convention === 'tfjs' ? ['in', 'out'] : ['out', 'in'] };
  if (nd !== 4 && nd !== 5) return detectLayout(shape);
  const sp = nd - 2;
  const spatialNames = sp === 3 ? ['kd', 'kh', 'kw'] : ['kh', 'kw'];
  if (convention === 'tfjs') {
    return {
      kind: sp === 3 ? 'DHWIO' : 'HWIO', channelAxis: nd - 1, spatialAxes: spatialNames.map((_, i) => i),
      rowAxis: nd - 2, colAxis: nd - 1, axisNames: [...spatialNames, 'in', 'out'],
    };
  }
  return {
    kind: sp === 3 ? 'OIDHW' : 'OIHW', channelAxis: 0, spatialAxes: spatialNames.map((_, i) => i + 2),
    rowAxis: nd - 2, colAxis: nd - 1, axisNames: ['out', 'in', ...spatialNames],
  };
}

/**
 * The layout of a named tensor: weights of conv/dense layers by their name (tfjs
 * `…/kernel`, PyTorch `….weight` with ≥ 2 axes), everything else by its shape.
 */
export function layoutOfNamed(name: string, shape: readonly number[]): TensorLayout {
  if (/(^|[/._])kernel(:\d+|\/\w+)?$/i.test(name) && shape.length >= 2) return kernelLayout(shape, 'tfjs');
  if (/(^|\.)weight$/.test(name) && shape.length >= 2) return kernelLayout(shape, 'torch');
  return detectLayout(shape);
}

/** Most channels an axis may have to be taken as a channel axis. */
const MAX_CHANNELS = 64;

/** Guesses the layout of a tensor of `shape`. */
export function detectLayout(shape: readonly number[]): TensorLayout {
  const l = guessLayout(shape);
  const names = lettersOf(l.kind, shape.length);
  return names ? { ...l, axisNames: names } : l;
}

function guessLayout(shape: readonly number[]): TensorLayout {
  const nd = shape.length;
  const small = (a: number): boolean => shape[a]! <= MAX_CHANNELS;
  // A channel axis is small and smaller than the spatial extents around it.
  const smallerThan = (a: number, others: number[]): boolean => small(a) && others.every((o) => shape[a]! < shape[o]!);
  const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
  if (nd === 0) return { kind: 'scalar', spatialAxes: [], rowAxis: 0, colAxis: 1 };
  if (nd === 1) return { kind: 'vector', spatialAxes: [0], rowAxis: 0, colAxis: 1 };
  if (nd === 2) return { kind: 'HW', spatialAxes: [0, 1], rowAxis: 0, colAxis: 1 };
  if (nd === 3) {
    if (shape[0]! <= 4 && smallerThan(0, [1, 2])) return { kind: 'CHW', channelAxis: 0, spatialAxes: [1, 2], rowAxis: 1, colAxis: 2 };
    if (shape[2]! <= 4 && smallerThan(2, [0, 1])) return { kind: 'HWC', channelAxis: 2, spatialAxes: [0, 1], rowAxis: 0, colAxis: 1 };
    return { kind: 'DHW', spatialAxes: [0, 1, 2], rowAxis: 1, colAxis: 2 };
  }
  if (nd === 4 || nd === 5) {
    const sp = nd - 2;
    const chFirst = smallerThan(1, range(2, nd));
    const chLast = smallerThan(nd - 1, range(1, nd - 1));
    // Prefer channels-last only when it is the clearer guess (e.g. (N, 64, 64, 3)).
    if (chLast && (!chFirst || shape[nd - 1]! < shape[1]!)) {
      return { kind: sp === 2 ? 'NHWC' : 'NDHWC', batchAxis: 0, channelAxis: nd - 1, spatialAxes: range(1, nd - 1), rowAxis: nd - 3, colAxis: nd - 2 };
    }
    if (chFirst) {
      return { kind: sp === 2 ? 'NCHW' : 'NCDHW', batchAxis: 0, channelAxis: 1, spatialAxes: range(2, nd), rowAxis: nd - 2, colAxis: nd - 1 };
    }
  }
  return { kind: 'unknown', spatialAxes: range(Math.max(0, nd - 2), nd), rowAxis: nd - 2, colAxis: nd - 1 };
}
