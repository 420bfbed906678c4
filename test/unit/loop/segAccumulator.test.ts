import * as assert from 'assert';
import { SegAccumulator } from '../../../src/training/loop/validationMetrics';

const slice = (fg: number) => Uint8Array.from({ length: 16 }, (_, i) => (i < fg ? 1 : 0));

describe('validation Dice per case (SegAccumulator)', () => {
  it('scores a volume by its summed slices, so empty slices do not hide a missed region', () => {
    const a = new SegAccumulator('ET');
    // Case A: the region is missed on its one slice; two more slices are empty in truth and prediction.
    assert.strictEqual(a.add(slice(0), slice(4), 4, 4, undefined, 'A'), 0);
    assert.strictEqual(a.add(slice(0), slice(0), 4, 4, undefined, 'A'), 1, 'an empty slice alone scores 1');
    a.add(slice(0), slice(0), 4, 4, undefined, 'A');
    // Case B: found exactly.
    a.add(slice(4), slice(4), 4, 4, undefined, 'B');
    assert.strictEqual(a.result().dice, 0.5, 'case A 0, case B 1 (by slices it would be 0.75)');
  });

  it('treats each 2-D image as its own case', () => {
    const a = new SegAccumulator('tumour');
    a.add(slice(2), slice(4), 4, 4);
    a.add(slice(4), slice(4), 4, 4);
    assert.ok(Math.abs(a.result().dice - (2 / 3 + 1) / 2) < 1e-12);
  });
});
