import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { randomValues, relativeError, wasmWithKernels } from './compareBackends';
import { registerCpuKernels } from '../../../src/worker/kernels/registerWasmKernels';

/** dW of conv2d on cpu, with the stock or MedSeg's Conv2DBackpropFilter. */
function filterGrad(x: tf.Tensor4D, f: tf.Tensor4D, s: number, pad: 'same' | 'valid', ours: boolean): Float32Array {
  registerCpuKernels(ours);
  return tf.tidy(() => tf.grad((b: tf.Tensor) => tf.sum(tf.conv2d(x, b as tf.Tensor4D, s, pad)))(f).dataSync() as Float32Array);
}

describe('cpu kernels: Conv2DBackpropFilter through the forward conv', () => {
  before(wasmWithKernels);
  after(() => registerCpuKernels(false));

  for (const [xs, k, co, s, pad] of [[[2, 7, 9, 3], 3, 4, 1, 'same'], [[3, 9, 8, 2], 3, 5, 2, 'valid'], [[1, 10, 11, 4], 5, 3, 2, 'same']] as const) {
    it(`matches the stock cpu kernel: x[${xs}] k${k}→${co} s${s} ${pad}`, async () => {
      await tf.setBackend('cpu');
      const x = tf.tensor4d(randomValues(xs[0] * xs[1] * xs[2] * xs[3], 3), [xs[0], xs[1], xs[2], xs[3]]);
      const f = tf.tensor4d(randomValues(k * k * xs[3] * co, 4), [k, k, xs[3], co]);
      const stock = filterGrad(x, f, s, pad, false);
      const ours = filterGrad(x, f, s, pad, true);
      const err = relativeError(ours, stock);
      assert.ok(err <= 1e-4, `relative error ${err}`);
      tf.dispose([x, f]);
    });
  }
});
