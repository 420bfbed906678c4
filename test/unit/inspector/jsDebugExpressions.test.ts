/**
 * The JavaScript expressions the inspector sends to js-debug, run in a V8 context that
 * holds a real tfjs tensor, typed arrays and nested arrays (as a paused Node frame would).
 */
import * as assert from 'assert';
import * as vm from 'vm';
import { fetchDebugTensor } from '../../../src/core/tensor/fetchDebugTensor';

describe('debugger expressions (JavaScript, tfjs)', () => {
  let ctx: vm.Context;
  let evaluate: (e: string) => Promise<string>;
  before(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tf = require('@tensorflow/tfjs-core') as typeof import('@tensorflow/tfjs-core');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    ctx = vm.createContext({
      Buffer,
      t: tf.tensor4d(Float32Array.from({ length: 2 * 3 * 4 * 5 }, (_, i) => i / 4), [2, 3, 4, 5]),
      ti: tf.tensor([[1, -2], [3, 2147483647]], [2, 2], 'int32'),
      tb: tf.tensor([true, false, true], [3], 'bool'),
      f: Float32Array.of(1.5, NaN, -Infinity, 4),
      i64: new BigInt64Array([-(2n ** 40n), 7n]),
      nested: [[1, 2.5], [3, 4]],
      ragged: [[1, 2], [3]],
      big: new Float64Array(100 * 100).map((_, i) => i),
    });
    // Like js-debug's clipboard context: the string itself, unquoted.
    evaluate = async (e) => String(vm.runInContext(e, ctx));
  });

  it('reads a tfjs tensor (shape, dtype, values)', async () => {
    const r = await fetchDebugTensor(evaluate, 'javascript', 't', { chunkBytes: 33 });
    assert.deepStrictEqual(r.array.shape, [2, 3, 4, 5]);
    assert.strictEqual(r.array.dtype, 'float32');
    assert.strictEqual(r.array.data[119], 119 / 4);
    assert.match(r.kind, /^tfjs/);
  });
  it('reads int32 and bool tfjs tensors', async () => {
    assert.deepStrictEqual([...(await fetchDebugTensor(evaluate, 'javascript', 'ti')).array.data], [1, -2, 3, 2147483647]);
    const b = await fetchDebugTensor(evaluate, 'javascript', 'tb');
    assert.deepStrictEqual([b.array.dtype, ...b.array.data], ['bool', 1, 0, 1]);
  });
  it('reads typed arrays and nested arrays', async () => {
    const f = await fetchDebugTensor(evaluate, 'javascript', 'f');
    assert.deepStrictEqual([f.array.dtype, ...f.array.data], ['float32', 1.5, NaN, -Infinity, 4]);
    const i = await fetchDebugTensor(evaluate, 'javascript', 'i64');
    assert.deepStrictEqual([i.array.dtype, ...i.array.data], ['int64', -(2 ** 40), 7]);
    const n = await fetchDebugTensor(evaluate, 'javascript', 'nested');
    assert.deepStrictEqual([n.array.shape, [...n.array.data]], [[2, 2], [1, 2.5, 3, 4]]);
  });
  it('downsamples in the debuggee above the cap and cleans its stash', async () => {
    const r = await fetchDebugTensor(evaluate, 'javascript', 'big', { maxBytes: 8 * 100 * 25 });
    assert.deepStrictEqual(r.array.shape, [10000 / 4]);
    assert.deepStrictEqual([...r.array.data.subarray(0, 3)], [0, 4, 8]);
    assert.strictEqual(vm.runInContext('Object.keys(globalThis.__medsegInspect).length', ctx), 0);
  });
  it('explains values that are not tensors', async () => {
    await assert.rejects(fetchDebugTensor(evaluate, 'javascript', 'ragged'), /ragged/);
    await assert.rejects(fetchDebugTensor(evaluate, 'javascript', '({a: 1})'), /not a tensor/);
  });
});
