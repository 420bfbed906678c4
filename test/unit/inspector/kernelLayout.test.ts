/**
 * Weight layouts: a tfjs conv kernel (3, 3, 64, 64) stored (kh, kw, in, out) is HWIO
 * with kh/kw/in/out axes, never "NCHW batch/channel/spatial"; PyTorch weights are OIHW.
 */
import * as assert from 'assert';
import { detectLayout, layoutOfNamed } from '../../../src/core/tensor/detectLayout';

describe('weight layouts', () => {
  it('names a checkpoint conv kernel HWIO (kh, kw, in, out), its optimiser slots too', () => {
    for (const name of ['enc0/conv1/kernel', 'optimizer/enc0/conv1/kernel', 'optimizer/enc0/conv1/kernel/m', 'conv2d_1/kernel:0']) {
      const l = layoutOfNamed(name, [3, 3, 64, 64]);
      assert.strictEqual(l.kind, 'HWIO', name);
      assert.deepStrictEqual(l.axisNames, ['kh', 'kw', 'in', 'out'], name);
      assert.strictEqual(l.batchAxis, undefined, 'a kernel has no batch axis');
      assert.deepStrictEqual([l.rowAxis, l.colAxis, l.channelAxis], [2, 3, 3]);
      assert.deepStrictEqual(l.spatialAxes, [0, 1]);
    }
    assert.strictEqual(layoutOfNamed('enc0/conv1/kernel', [3, 3, 3, 16, 32]).kind, 'DHWIO');
    assert.deepStrictEqual(layoutOfNamed('head/kernel', [16, 3]).axisNames, ['in', 'out']);
  });
  it('names PyTorch weights OIHW and leaves biases and activations to the shape guess', () => {
    const t = layoutOfNamed('model.conv1.weight', [64, 3, 7, 7]);
    assert.deepStrictEqual([t.kind, t.axisNames, t.rowAxis, t.colAxis], ['OIHW', ['out', 'in', 'kh', 'kw'], 2, 3]);
    assert.strictEqual(layoutOfNamed('enc0/conv1/bias', [64]).kind, 'vector');
    const act = layoutOfNamed('x', [8, 3, 64, 64]);
    assert.deepStrictEqual([act.kind, act.axisNames], ['NCHW', ['N', 'C', 'H', 'W']]);
    assert.deepStrictEqual(detectLayout([2, 64, 64, 3]).axisNames, ['N', 'H', 'W', 'C']);
  });
});
