/**
 * The conv → norm → activation unit every U-Net block repeats. In inference mode a batch norm
 * is folded into the convolution (W' = W·s, b' = β − μ·s with s = γ/√(σ²+eps) from the moving
 * statistics) and run as one tf.fused.conv2d with the bias and ReLU fused in, instead of a
 * conv, a FusedBatchNorm and a Relu kernel over the full activation each.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ActivationType, NormType } from '../../core/config/modelConfig';
import { activation, conv2d, norm, type Fwd4 } from './layers';
import type { ParamStore } from './ParamStore';

/** Normalisation and activation settings of a unit; `activation: null` means none (linear). */
export interface UnitOptions {
  norm: NormType;
  momentum: number;
  eps: number;
  activation: ActivationType | null;
  slope: number;
}

interface Folded {
  /** dataIds of the source variables when folded: any assign (optimiser step, setWeights, moving-stat update) replaces one. */
  ids: readonly object[];
  filter: tf.Tensor4D;
  bias: tf.Tensor1D;
}

/** Builds the unit's variables (`name/conv/kernel`, `name/norm/*`, `name/act/*`) and returns its forward function. */
export function convNormAct(store: ParamStore, name: string, k: number, cin: number, cout: number, o: UnitOptions): Fwd4 {
  const conv = conv2d(store, `${name}/conv`, k, cin, cout, false);
  const nrm = norm(store, `${name}/norm`, o.norm, cout, o.momentum, o.eps);
  const act = o.activation ? activation(store, `${name}/act`, o.activation, cout, o.slope) : null;
  const unfused: Fwd4 = (x, training) => {
    const y = nrm(conv(x), training);
    return act ? act(y) : y;
  };
  if (o.norm !== 'batch') return unfused;

  const src = ['conv/kernel', 'norm/gamma', 'norm/beta', 'norm/movingMean', 'norm/movingVariance'].map((n) => store.get(`${name}/${n}`));
  const [kernel, gamma, beta, movingMean, movingVar] = src;
  // ReLU fuses into the conv kernel; other activations run after the fused conv + bias.
  const fusedAct = o.activation === null ? 'linear' : o.activation === 'relu' ? 'relu' : null;
  const fold = (): Folded => {
    const [filter, bias] = tf.tidy(() => {
      const scale = tf.mul(gamma, tf.rsqrt(tf.add(movingVar, o.eps)));
      return [tf.mul(kernel, scale) as tf.Tensor4D, tf.sub(beta, tf.mul(movingMean, scale)) as tf.Tensor1D];
    });
    return { ids: src.map((v) => v.dataId), filter: tf.keep(filter), bias: tf.keep(bias) };
  };
  // Cached, not folded per call: the wasm backend caches XNNPACK's packed weights per filter
  // tensor, so a fresh filter every call would repack them. Built now (not on first use) and
  // replaced one for one, so the model's tensor count never changes after construction.
  let cache = fold();
  store.onDispose(() => tf.dispose([cache.filter, cache.bias]));
  const folded = (): Folded => {
    if (!cache.ids.every((id, i) => id === src[i].dataId)) {
      const old = cache;
      cache = fold();
      tf.dispose([old.filter, old.bias]);
    }
    return cache;
  };
  return (x, training) => {
    if (training) return unfused(x, true);
    const f = folded();
    const y = tf.fused.conv2d({ x, filter: f.filter, bias: f.bias, strides: 1, pad: 'same', activation: fusedAct ?? 'linear' });
    return act && !fusedAct ? act(y) : y;
  };
}
