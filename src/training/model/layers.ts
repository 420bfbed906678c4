/**
 * Layer builders on the tfjs core API. Each builder creates its variables in a ParamStore
 * once and returns a pure forward function, so the U-Net is assembled like a Keras model
 * without tfjs-layers. Everything is channels-last (NHWC).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ActivationType, NormType } from '../../core/config/modelConfig';
import { assertNever } from '../../core/util/assertNever';
import { batchNormTraining } from './batchNormTraining';
import type { ParamStore } from './ParamStore';

export type Fwd4 = (x: tf.Tensor4D, training: boolean) => tf.Tensor4D;

/** k×k stride-1 'same' convolution; no bias when a norm follows (the norm's beta replaces it). */
export function conv2d(store: ParamStore, name: string, k: number, cin: number, cout: number, bias: boolean, head = false): (x: tf.Tensor4D) => tf.Tensor4D {
  const fanIn = k * k * cin;
  const kernel = store.add(`${name}/kernel`, [k, k, cin, cout], head ? { kind: 'glorot', fanIn, fanOut: k * k * cout } : { kind: 'he', fanIn }, { decay: true });
  const b = bias ? store.add(`${name}/bias`, [cout], { kind: 'constant', value: 0 }) : null;
  return (x) => {
    const y = tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same');
    return b ? tf.add(y, b) : y;
  };
}

/** 2×2 stride-2 transposed convolution with bias (PyTorch ConvTranspose2d(cin, cout, 2, stride=2)). */
export function convTranspose2x2(store: ParamStore, name: string, cin: number, cout: number): (x: tf.Tensor4D) => tf.Tensor4D {
  // Each output pixel sees exactly one input pixel per channel (stride = kernel), so the fan-in is cin, not 4·cin.
  const kernel = store.add(`${name}/kernel`, [2, 2, cout, cin], { kind: 'he', fanIn: cin }, { decay: true });
  const b = store.add(`${name}/bias`, [cout], { kind: 'constant', value: 0 });
  return (x) => {
    const [n, h, w] = x.shape;
    return tf.add(tf.conv2dTranspose(x, kernel as tf.Tensor4D, [n, h * 2, w * 2, cout], 2, 'valid'), b);
  };
}

/** Nearest-neighbour ×2 upsampling then a 3×3 conv: avoids the checkerboard artefacts of transposed convs. */
export function resizeConv(store: ParamStore, name: string, cin: number, cout: number): (x: tf.Tensor4D) => tf.Tensor4D {
  const c = conv2d(store, `${name}/conv`, 3, cin, cout, true);
  return (x) => c(tf.image.resizeNearestNeighbor(x, [x.shape[1] * 2, x.shape[2] * 2]));
}

/**
 * Batch norm (moving mean/variance updated in training mode, used in inference) or instance
 * norm (per-sample statistics in both modes, no moving state).
 */
export function norm(store: ParamStore, name: string, type: NormType, c: number, momentum: number, eps: number): Fwd4 {
  const gamma = store.add(`${name}/gamma`, [c], { kind: 'constant', value: 1 });
  const beta = store.add(`${name}/beta`, [c], { kind: 'constant', value: 0 });
  if (type === 'instance') {
    return (x) => {
      // Written out: tf.batchNorm's gradient needs mean and offset of equal rank ([N,1,1,C] vs [C] here).
      const { mean, variance } = tf.moments(x, [1, 2], true);
      const xHat = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
      return tf.add(tf.mul(xHat, gamma), beta) as tf.Tensor4D;
    };
  }
  if (type !== 'batch') assertNever(type, 'norm');
  const movingMean = store.add(`${name}/movingMean`, [c], { kind: 'constant', value: 0 }, { trainable: false });
  const movingVar = store.add(`${name}/movingVariance`, [c], { kind: 'constant', value: 1 }, { trainable: false });
  return (x, training) => {
    if (!training) return tf.batchNorm(x, movingMean as tf.Tensor1D, movingVar as tf.Tensor1D, beta as tf.Tensor1D, gamma as tf.Tensor1D, eps);
    const n = x.shape[0] * x.shape[1] * x.shape[2];
    // The moving variance is the unbiased estimate, as in PyTorch, so inference matches a torch-trained net.
    const unbiased = n > 1 ? n / (n - 1) : 1;
    return batchNormTraining(x, gamma as tf.Tensor1D, beta as tf.Tensor1D, eps, ({ mean, variance }) => {
      tf.tidy(() => {
        movingMean.assign(tf.add(tf.mul(movingMean, momentum), tf.mul(mean, 1 - momentum)));
        movingVar.assign(tf.add(tf.mul(movingVar, momentum), tf.mul(variance, (1 - momentum) * unbiased)));
      });
    });
  };
}

/** Element-wise activation; `prelu` owns one learned slope per channel. */
export function activation(store: ParamStore, name: string, type: ActivationType, c: number, slope: number): <T extends tf.Tensor>(x: T) => T {
  switch (type) {
    case 'relu': return (x) => tf.relu(x);
    case 'leakyrelu': return (x) => tf.leakyRelu(x, slope);
    case 'prelu': {
      const alpha = store.add(`${name}/alpha`, [c], { kind: 'constant', value: slope });
      return (x) => tf.prelu(x, alpha as tf.Tensor) as typeof x;
    }
    case 'swish': return (x) => tf.mul(x, tf.sigmoid(x));
    // mish = x·tanh(softplus(x)); tf.softplus is the stable log(1 + e^x).
    case 'mish': return (x) => tf.mul(x, tf.tanh(tf.softplus(x)));
    default: return assertNever(type, 'activation');
  }
}

/** Fully connected layer on [N, in]. */
export function dense(store: ParamStore, name: string, inUnits: number, outUnits: number, head = false): (x: tf.Tensor2D) => tf.Tensor2D {
  const kernel = store.add(`${name}/kernel`, [inUnits, outUnits], head ? { kind: 'glorot', fanIn: inUnits, fanOut: outUnits } : { kind: 'he', fanIn: inUnits }, { decay: true });
  const b = store.add(`${name}/bias`, [outUnits], { kind: 'constant', value: 0 });
  return (x) => tf.add(tf.matMul(x, kernel as tf.Tensor2D), b);
}

/** Squeeze-and-excitation (Hu et al.): channel gates from globally pooled features. */
export function squeezeExcitation(store: ParamStore, name: string, c: number, reduction: number): (x: tf.Tensor4D) => tf.Tensor4D {
  const hidden = Math.max(1, Math.floor(c / reduction));
  const fc1 = dense(store, `${name}/fc1`, c, hidden);
  const fc2 = dense(store, `${name}/fc2`, hidden, c, true);
  return (x) => {
    const s = tf.sigmoid(fc2(tf.relu(fc1(tf.mean(x, [1, 2]) as tf.Tensor2D))));
    return tf.mul(x, tf.reshape(s, [x.shape[0], 1, 1, c]));
  };
}

let maxPoolFn: ((x: tf.Tensor) => tf.Tensor) | null = null;
/**
 * 2×2 stride-2 max-pool with its gradient built from ops (upsampled dy where x equals the
 * upsampled max) instead of the MaxPoolGrad kernel: tfjs-backend-wasm 4.22's MaxPoolGrad drops
 * the gradient of every window whose maximum is negative, which silently breaks encoders with
 * leakyrelu/prelu/swish/mish. Same result as the kernel except that exact ties share the gradient
 * (ties are measure-zero for these activations; ReLU's tied zeros get no gradient either way).
 */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  maxPoolFn ??= tf.customGrad((input, save) => {
    const xIn = input as tf.Tensor4D;
    const y = tf.maxPool(xIn, 2, 2, 'valid');
    (save as tf.GradSaveFunc)([xIn, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ys] = saved as [tf.Tensor4D, tf.Tensor4D];
        const size: [number, number] = [xs.shape[1], xs.shape[2]];
        const isMax = tf.equal(xs, tf.image.resizeNearestNeighbor(ys, size));
        return tf.where(isMax, tf.image.resizeNearestNeighbor(dy as tf.Tensor4D, size), tf.zerosLike(xs));
      },
    };
  });
  return maxPoolFn(x) as tf.Tensor4D;
}

let stopGradientFn: ((x: tf.Tensor) => tf.Tensor) | null = null;
/** Identity forward, zero gradient backward (tfjs-core has no stopGradient op). Built lazily: no work at import. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  stopGradientFn ??= tf.customGrad((input) => ({
    value: tf.clone(input as tf.Tensor),
    gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
  }));
  return stopGradientFn(x) as T;
}

/**
 * Spatial pyramid pooling (max over a n×n grid of bins for each level): a fixed-length vector
 * for any feature-map size. Bins may overlap when the map is smaller than the grid.
 */
export function spatialPyramidPool(x: tf.Tensor4D, levels: readonly number[]): tf.Tensor2D {
  const [, h, w] = x.shape;
  const parts: tf.Tensor2D[] = [];
  for (const n of levels) {
    for (let i = 0; i < n; i++) {
      const y0 = Math.floor((i * h) / n);
      const y1 = Math.max(y0 + 1, Math.ceil(((i + 1) * h) / n));
      for (let j = 0; j < n; j++) {
        const x0 = Math.floor((j * w) / n);
        const x1 = Math.max(x0 + 1, Math.ceil(((j + 1) * w) / n));
        parts.push(tf.max(tf.slice(x, [0, y0, x0, 0], [-1, y1 - y0, x1 - x0, -1]), [1, 2]) as tf.Tensor2D);
      }
    }
  }
  return tf.concat(parts, 1);
}
