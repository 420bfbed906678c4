import * as assert from 'node:assert/strict';
import { binaryOpening, headBox, otsuThreshold } from '../../../src/core/preprocessing/headCrop';
import type { Sample2D } from '../../../src/core/preprocessing/Sample2D';
import { prepareSample, unprepareProbs } from '../../../src/training/data/prepareSample';

/** A 100×80 slice: noisy dark background, a bright "head" ellipse, a few bright specks, a tumour square inside. */
function slice(): Sample2D {
  const w = 100, h = 80;
  const image = new Float32Array(w * h);
  const mask = new Uint8Array(w * h);
  let seed = 3;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inHead = ((x - 40) / 25) ** 2 + ((y - 50) / 30) ** 2 <= 1;
      image[y * w + x] = inHead ? 100 + 20 * rnd() : 8 * rnd();
      if (x >= 35 && x < 45 && y >= 40 && y < 50) mask[y * w + x] = 1;
    }
  }
  // Specks far from the head: one pixel each, removed by the opening.
  for (const [x, y] of [[95, 5], [90, 70], [5, 5]]) image[y * w + x] = 150;
  return { id: 'p', image, width: w, height: h, channels: 1, mask, label: 0 };
}

describe('core/preprocessing headCrop', () => {
  it('otsuThreshold separates two intensity groups', () => {
    const t = otsuThreshold([0, 1, 2, 1, 0, 100, 101, 99, 100]);
    assert.ok(t > 2 && t < 99, `threshold ${t}`);
  });

  it('binaryOpening removes specks smaller than the structuring element and keeps blobs', () => {
    const m = new Uint8Array(20 * 20);
    m[2 * 20 + 2] = 1;
    for (let y = 8; y < 16; y++) for (let x = 8; x < 16; x++) m[y * 20 + x] = 1;
    const o = binaryOpening(m, 20, 20, 1);
    assert.equal(o[2 * 20 + 2], 0);
    assert.equal(o.reduce((a, b) => a + b, 0), 64);
  });

  it('headBox is a square around the largest component with a 4 % margin, ignoring specks', () => {
    const s = slice();
    const b = headBox(s.image, s.width, s.height, 1);
    // Ellipse spans x 15..65 (51 px), y 20..79 (60 px, cut by the bottom edge): side 60 → 60·1.08 ≈ 65, centred on (40.5, 50).
    assert.ok(Math.abs(b.size - 65) <= 2, `size ${b.size}`);
    assert.ok(Math.abs(b.x + b.size / 2 - 40.5) <= 1.5 && Math.abs(b.y + b.size / 2 - 50) <= 1.5, JSON.stringify(b));
    assert.ok(b.y + b.size > 80, 'the square box reaches past the bottom edge');
  });

  it('prepareSample with cropHead crops the same box, and unprepare maps back onto the original grid', () => {
    const s = slice();
    const { sample, info } = prepareSample(s, { inputSize: 32, cropNonzero: true, cropHead: true, normalization: 'zscore' });
    assert.equal(sample.width, 32);
    const b = headBox(s.image, s.width, s.height, 1);
    assert.deepEqual([info.cropX, info.cropY, info.cropW, info.cropH], [b.x, b.y, b.size, b.size]);
    // Rows of the box below the image are zero-filled; the map comes back onto the original grid only.
    const probs = Float32Array.from(sample.mask as Uint8Array);
    const soft = unprepareProbs(probs, 1, info, 32);
    assert.equal(soft.length, s.width * s.height);
    let inter2 = 0, sum2 = 0;
    for (let i = 0; i < soft.length; i++) { const p = soft[i] > 0.5 ? 1 : 0; inter2 += p & (s.mask as Uint8Array)[i]; sum2 += p + (s.mask as Uint8Array)[i]; }
    assert.ok((2 * inter2) / sum2 > 0.85, `bilinear round-trip Dice ${(2 * inter2) / sum2}`);
  });

  it('falls back to the whole image when nothing is above the threshold', () => {
    const b = headBox(new Float32Array(30 * 20), 30, 20, 1);
    assert.ok(b.size >= 30 && b.x <= 0 && b.y <= 0, JSON.stringify(b));
  });
});
