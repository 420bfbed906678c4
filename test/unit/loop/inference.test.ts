import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { gaussianWeights, predictImage, windowStarts } from '../../../src/training/inference/predictImage';
import { postprocessMask } from '../../../src/training/inference/postprocessMask';
import { buildModel } from '../../../src/training/model/buildModel';
import { useCpu } from './tfCpu';

describe('inference helpers', () => {
  before(useCpu);

  it('windows cover the image, start at 0 and end flush with the edge', () => {
    assert.deepStrictEqual(windowStarts(32, 32, 0.5), [0]);
    const s = windowStarts(100, 32, 0.5);
    assert.strictEqual(s[0], 0);
    assert.strictEqual(s[s.length - 1], 100 - 32);
    for (let i = 1; i < s.length; i++) assert.ok(s[i] - s[i - 1] <= 16, 'gap larger than the stride');
  });

  it('the Gaussian importance map peaks at the centre and never reaches zero', () => {
    const g = gaussianWeights(16);
    assert.ok(g[7 * 16 + 7] > 0.9 && g[0] > 0 && g[0] < 0.05);
  });

  it('sliding-window prediction of a large image covers every pixel with valid probabilities, without leaks', async () => {
    const model = buildModel({ inputSize: 16, inChannels: 1, depth: 2, baseFilters: 2, segHead: 'sigmoid', segClasses: 1, clsClasses: 3 }, 3);
    try {
      const img = new Float32Array(40 * 24).map((_, i) => Math.sin(i / 7));
      const before = tf.memory().numTensors;
      const p = await predictImage(model, img, 40, 24, { overlap: 0.5, tta: true });
      assert.strictEqual(tf.memory().numTensors, before, 'tensors leaked');
      assert.strictEqual(p.probs.length, 40 * 24);
      assert.ok(p.probs.every((v) => v >= 0 && v <= 1));
      assert.ok(Math.abs(p.clsProbs.reduce((a, b) => a + b, 0) - 1) < 1e-5);
      const direct = await predictImage(model, img.subarray(0, 16 * 16), 16, 16, { overlap: 0.5, tta: false });
      assert.strictEqual(direct.probs.length, 256);
    } finally {
      model.dispose();
    }
  });

  it('post-processing keeps the largest component and fills its holes', () => {
    const m = new Uint8Array(10 * 10);
    for (let y = 1; y < 6; y++) for (let x = 1; x < 6; x++) m[y * 10 + x] = 1;
    m[3 * 10 + 3] = 0; // a hole
    m[8 * 10 + 8] = 1; // a speck
    const out = postprocessMask(m, [10, 10], { largestComponent: true, fillHoles: true, minSize: 0 });
    assert.strictEqual(out[3 * 10 + 3], 1);
    assert.strictEqual(out[8 * 10 + 8], 0);
    assert.strictEqual(out.reduce((a, b) => a + b, 0), 25);
  });
});
