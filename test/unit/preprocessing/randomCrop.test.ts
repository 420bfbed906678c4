import * as assert from 'assert';
import { randomCrop } from '../../../src/core/preprocessing/randomCrop';
import type { Sample2D } from '../../../src/core/preprocessing/Sample2D';
import { Rng } from '../../../src/core/util/random';

function sample(w: number, h: number): Sample2D {
  const mask = new Uint8Array(w * h);
  mask[(h - 2) * w + (w - 3)] = 1; // one tumour pixel near the bottom-right corner
  return { id: 'r', width: w, height: h, channels: 2, image: Float32Array.from({ length: w * h * 2 }, (_, i) => i), mask };
}

describe('randomCrop', () => {
  it('returns a patch whose image and mask come from the same place', () => {
    const s = sample(50, 40);
    const p = randomCrop(s, [16, 12], new Rng(1));
    assert.deepStrictEqual([p.width, p.height, p.channels], [16, 12, 2]);
    const first = p.image[0] / 2; // pixel index in the source
    const x0 = first % 50, y0 = Math.floor(first / 50);
    for (let y = 0; y < 12; y++) for (let x = 0; x < 16; x++) {
      assert.strictEqual(p.image[(y * 16 + x) * 2 + 1], ((y + y0) * 50 + x + x0) * 2 + 1);
      assert.strictEqual(p.mask![y * 16 + x], s.mask![(y + y0) * 50 + x + x0]);
    }
  });
  it('forceForeground always contains the foreground; uniform crops rarely do', () => {
    const s = sample(64, 64);
    const rng = new Rng(2);
    let hits = 0;
    for (let i = 0; i < 200; i++) {
      assert.strictEqual(randomCrop(s, [16, 16], rng, true).mask!.reduce((a, b) => a + b, 0), 1);
      hits += randomCrop(s, [16, 16], rng, false).mask!.reduce((a, b) => a + b, 0);
    }
    assert.ok(hits < 60, `uniform crops hit the corner pixel ${hits}/200 times`);
  });
  it('pads samples smaller than the patch', () => {
    const p = randomCrop(sample(10, 6), [12, 8], new Rng(3));
    assert.deepStrictEqual([p.width, p.height], [12, 8]);
    assert.strictEqual(p.mask!.reduce((a, b) => a + b, 0), 1);
  });
});
