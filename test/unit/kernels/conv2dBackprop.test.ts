import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { expectSameOnWasm, wasmWithKernels } from './compareBackends';
import { unregisterWasmKernels, registerWasmKernels, wasmKernelsRegistered } from '../../../src/worker/kernels/registerWasmKernels';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface ConvCase { x: [number, number, number, number]; k: [number, number]; co: number; s: [number, number]; pad: Pad }

// Odd sizes, non-square kernels and strides, and every padding mode.
const CONV_CASES: ConvCase[] = [
  { x: [2, 7, 9, 3], k: [3, 3], co: 5, s: [1, 1], pad: 'same' },
  { x: [2, 7, 9, 3], k: [3, 3], co: 5, s: [1, 1], pad: 'valid' },
  { x: [3, 9, 7, 4], k: [3, 3], co: 6, s: [2, 2], pad: 'same' },
  { x: [3, 9, 7, 4], k: [3, 3], co: 6, s: [2, 2], pad: 'valid' },
  { x: [1, 10, 11, 2], k: [5, 5], co: 3, s: [2, 2], pad: 'same' },
  { x: [2, 8, 9, 3], k: [2, 3], co: 4, s: [2, 1], pad: 'same' },
  { x: [2, 6, 6, 1], k: [1, 1], co: 7, s: [1, 1], pad: 'valid' },
  { x: [2, 8, 8, 4], k: [2, 2], co: 3, s: [2, 2], pad: 'valid' },
  { x: [1, 16, 16, 16], k: [3, 3], co: 16, s: [1, 1], pad: 'same' },
  { x: [2, 7, 8, 3], k: [3, 3], co: 2, s: [1, 1], pad: [[0, 0], [2, 1], [0, 2], [0, 0]] },
  { x: [2, 7, 8, 3], k: [3, 3], co: 2, s: [2, 2], pad: [[0, 0], [1, 0], [2, 1], [0, 0]] },
  // Ci > Co at stride 1: the filter gradient takes the dy-as-image route.
  { x: [2, 9, 8, 6], k: [3, 3], co: 2, s: [1, 1], pad: 'same' },
  { x: [3, 9, 8, 5], k: [3, 3], co: 4, s: [1, 1], pad: 'valid' },
  { x: [2, 8, 7, 6], k: [2, 3], co: 3, s: [1, 1], pad: 'same' },
  { x: [1, 7, 9, 4], k: [4, 4], co: 3, s: [1, 1], pad: 'same' },
  { x: [2, 7, 8, 5], k: [3, 3], co: 2, s: [1, 1], pad: [[0, 0], [2, 0], [1, 2], [0, 0]] },
  // Padding beyond k−1: Conv2DBackpropInput falls back to the stock kernel.
  { x: [1, 5, 6, 2], k: [3, 3], co: 3, s: [1, 1], pad: [[0, 0], [3, 1], [1, 4], [0, 0]] },
];
const name = (c: ConvCase) => `x${c.x.join('x')} k${c.k.join('x')}→${c.co} s${c.s.join(',')} ${Array.isArray(c.pad) ? 'explicit' : c.pad}`;

describe('wasm kernels: conv2d gradients (Conv2DBackpropFilter / Conv2DBackpropInput) vs cpu', () => {
  before(wasmWithKernels);

  for (const c of CONV_CASES) {
    it(`conv2d value + d/dx + d/dW, ${name(c)}`, async () => {
      const w: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.co];
      await expectSameOnWasm(name(c), [c.x, w], ([x, f]) => {
        const conv = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad);
        // A non-uniform upstream gradient (weights by position) catches transposed layouts.
        const probe = tf.tensor(Float32Array.from({ length: conv(x, f).size }, (_, i) => Math.sin(i)), conv(x, f).shape);
        const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a, b), probe)))([x, f]);
        return [conv(x, f), dx, dw];
      });
    });
  }

  const TRANSPOSE_CASES: { x: [number, number, number, number]; k: [number, number]; ci: number; s: number; pad: 'same' | 'valid' }[] = [
    { x: [2, 4, 5, 6], k: [2, 2], ci: 3, s: 2, pad: 'same' },   // U-Net up-conv: GEMM route
    { x: [2, 4, 5, 6], k: [3, 3], ci: 3, s: 2, pad: 'same' },   // zero-stuffing route
    { x: [1, 5, 3, 4], k: [3, 2], ci: 5, s: 2, pad: 'valid' },
    { x: [2, 5, 6, 3], k: [3, 3], ci: 4, s: 1, pad: 'same' },
  ];
  for (const c of TRANSPOSE_CASES) {
    const label = `conv2dTranspose x${c.x.join('x')} k${c.k.join('x')} s${c.s} ${c.pad}`;
    it(`${label}: value + gradients`, async () => {
      const outH = c.pad === 'same' ? c.x[1] * c.s : (c.x[1] - 1) * c.s + c.k[0];
      const outW = c.pad === 'same' ? c.x[2] * c.s : (c.x[2] - 1) * c.s + c.k[1];
      const outShape: [number, number, number, number] = [c.x[0], outH, outW, c.ci];
      await expectSameOnWasm(label, [c.x, [c.k[0], c.k[1], c.ci, c.x[3]]], ([x, f]) => {
        const up = (a: tf.Tensor, b: tf.Tensor) => tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, outShape, c.s, c.pad);
        const probe = tf.tensor(Float32Array.from({ length: up(x, f).size }, (_, i) => Math.cos(i)), up(x, f).shape);
        const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(up(a, b), probe)))([x, f]);
        return [up(x, f), dx, dw];
      });
    });
  }

  it('leaks no tensors or WASM buffers', async () => {
    await wasmWithKernels();
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 9, 9, 3]) as tf.Tensor4D, f = tf.randomNormal([3, 3, 3, 4]) as tf.Tensor4D;
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')));
    tf.dispose(g([x, f]));
    const before = { tensors: tf.memory().numTensors, ids: tf.engine().backend.numDataIds() };
    for (let i = 0; i < 3; i++) tf.dispose(g([x, f]));
    assert.deepStrictEqual({ tensors: tf.memory().numTensors, ids: tf.engine().backend.numDataIds() }, before);
    tf.dispose([x, f]);
  });

  it('can be unregistered and registered again (stock kernels restored)', async () => {
    await wasmWithKernels();
    unregisterWasmKernels();
    assert.strictEqual(wasmKernelsRegistered(), false);
    assert.strictEqual(tf.getKernel('Conv2DBackpropFilter', 'wasm'), undefined, 'wasm ships no Conv2DBackpropFilter');
    assert.ok(tf.getKernel('Conv2DBackpropInput', 'wasm'), 'stock Conv2DBackpropInput is back');
    // The stock kernels must work although they were replaced before the backend initialised.
    await tf.setBackend('wasm');
    const t = tf.tile(tf.tensor2d([1, 2], [1, 2]), [2, 1]);
    assert.deepStrictEqual(Array.from(t.dataSync()), [1, 2, 1, 2]);
    const up = tf.conv2dTranspose(tf.ones([1, 2, 2, 1]) as tf.Tensor4D, tf.ones([2, 2, 1, 1]) as tf.Tensor4D, [1, 4, 4, 1], 2, 'same');
    assert.strictEqual(tf.sum(up).dataSync()[0], 16);
    tf.dispose([t, up]);
    registerWasmKernels();
    assert.strictEqual(wasmKernelsRegistered(), true);
  });
});
