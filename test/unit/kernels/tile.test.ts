import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { expectSameOnWasm, wasmWithKernels } from './compareBackends';

describe('wasm kernels: Tile vs cpu', () => {
  before(wasmWithKernels);

  const CASES: [number[], number[]][] = [
    [[1, 1, 1, 5], [2, 7, 9, 1]],  // batch-norm gradient pattern
    [[3, 1, 4], [2, 5, 3]],
    [[2, 3], [1, 1]],
    [[7], [4]],
    [[2, 1, 3, 1, 2], [1, 3, 1, 2, 2]],
    [[1, 2, 1, 3], [3, 1, 2, 1]],
  ];
  for (const [shape, reps] of CASES) {
    it(`float32 [${shape}] × [${reps}] (value and gradient)`, () => expectSameOnWasm(`tile ${shape}`, [shape], ([x]) => {
      const probe = tf.tensor(Float32Array.from({ length: tf.tile(x, reps).size }, (_, i) => Math.sin(i)), tf.tile(x, reps).shape);
      // tfjs-core has Tile gradients up to rank 4 only.
      if (x.rank > 4) return [tf.tile(x, reps)];
      return [tf.tile(x, reps), tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.tile(a, reps), probe)))(x)];
    }, 0));
  }

  it('int32 and bool', async () => {
    await wasmWithKernels();
    await tf.setBackend('wasm');
    const i = tf.tile(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), [2, 2]);
    assert.deepStrictEqual(Array.from(i.dataSync()), [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6, 1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6]);
    const b = tf.tile(tf.tensor1d([true, false], 'bool'), [3]);
    assert.deepStrictEqual(Array.from(b.dataSync()), [1, 0, 1, 0, 1, 0]);
    assert.strictEqual(b.dtype, 'bool');
    tf.dispose([i, b]);
  });

  it('empty and scalar-like inputs', async () => {
    await wasmWithKernels();
    await tf.setBackend('wasm');
    const e = tf.tile(tf.zeros([0, 3]), [2, 2]);
    assert.deepStrictEqual(e.shape, [0, 6]);
    const one = tf.tile(tf.tensor1d([4]), [5]);
    assert.deepStrictEqual(Array.from(one.dataSync()), [4, 4, 4, 4, 4]);
    tf.dispose([e, one]);
  });
});
