import * as assert from 'assert';
import { diceFromCounts } from '../../../src/core/metrics/dice';
import {
  sliceGeometry, sliceToVoxel, voxelToSlice, orientationLabels, voxelToWorld, voxelIndex,
  percentiles, presetLimits, WINDOW_PRESETS, dragWindow,
  colormapLut, lutIndex, COLORMAPS,
  labelTableFor, classMap, classColors, distinctLabels, BRATS_LABELS,
  renderSlice, blend, compareColors, volumeOverlap, sliceOverlap, formatDice,
  labelCentroid, valueRange, statusLine, formatValue,
} from '../../../src/core/viewer';

/** A volume whose value encodes its voxel: v = i + 10 j + 100 k. */
function coded(nx: number, ny: number, nz: number): Int16Array {
  const d = new Int16Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) d[i + nx * (j + ny * k)] = i + 10 * j + 100 * k;
  return d;
}

describe('viewer geometry', () => {
  const dims = [4, 3, 2], spacing = [1, 2, 3];
  it('axial is radiological: R on the left, A on top', () => {
    const g = sliceGeometry(dims, spacing, 'axial');
    assert.deepStrictEqual([g.width, g.height, g.depth], [4, 3, 2]);
    assert.deepStrictEqual(sliceToVoxel(g, 0, 0, 1), [3, 2, 1]); // top-left = max i (R), max j (A)
    assert.deepStrictEqual(orientationLabels(g), { left: 'R', right: 'L', top: 'A', bottom: 'P' });
    assert.deepStrictEqual([g.pixelWidthMm, g.pixelHeightMm], [1, 2]);
  });
  it('neurological axial puts L on the left', () => {
    const g = sliceGeometry(dims, spacing, 'axial', false);
    assert.deepStrictEqual(sliceToVoxel(g, 0, 0, 0), [0, 2, 0]);
    assert.strictEqual(orientationLabels(g).left, 'L');
  });
  it('coronal and sagittal have S on top and use the right spacing', () => {
    const c = sliceGeometry(dims, spacing, 'coronal');
    assert.deepStrictEqual([c.width, c.height, c.depth, c.pixelHeightMm], [4, 2, 3, 3]);
    assert.deepStrictEqual(orientationLabels(c), { left: 'R', right: 'L', top: 'S', bottom: 'I' });
    const s = sliceGeometry(dims, spacing, 'sagittal');
    assert.deepStrictEqual([s.width, s.height, s.depth], [3, 2, 4]);
    assert.deepStrictEqual(orientationLabels(s), { left: 'A', right: 'P', top: 'S', bottom: 'I' });
    assert.deepStrictEqual(sliceToVoxel(s, 0, 0, 2), [2, 2, 1]);
  });
  it('2-D images are shown as stored (row 0 on top)', () => {
    const g = sliceGeometry([5, 4, 1], [1, 1, 1], 'image');
    assert.deepStrictEqual(sliceToVoxel(g, 1, 0, 0), [1, 0, 0]);
    assert.strictEqual(orientationLabels(g).left, '');
  });
  it('voxelToSlice inverts sliceToVoxel for every plane', () => {
    for (const p of ['axial', 'coronal', 'sagittal', 'image'] as const) {
      const g = sliceGeometry(dims, spacing, p);
      const vox = sliceToVoxel(g, 1, 1, 1);
      assert.deepStrictEqual(voxelToSlice(g, vox), { u: 1, v: 1, index: 1 });
    }
  });
  it('maps voxels to world mm through the affine', () => {
    assert.deepStrictEqual(voxelToWorld([2, 0, 0, -10, 0, 2, 0, 5, 0, 0, 3, 1, 0, 0, 0, 1], [1, 2, 3]), [-8, 9, 10]);
    assert.strictEqual(voxelIndex(dims, [1, 2, 1]), 1 + 4 * (2 + 3));
  });
});

describe('windowing', () => {
  it('percentiles match numpy linear interpolation for ints and floats', () => {
    const ints = new Int16Array([5, 1, 3, 2, 4, 10, 0, 7, 8, 6]);
    // np.percentile(range(0..8)+[10], [0, 50, 95, 100]) on sorted [0,1,2,3,4,5,6,7,8,10]
    const [a, b, c, d] = percentiles(ints, [0, 50, 95, 100]);
    assert.deepStrictEqual([a, b, d], [0, 4.5, 10]);
    assert.ok(Math.abs(c - 9.1) < 1e-9);
    const floats = new Float32Array([0.5, NaN, 0.25, 1.5, -2]);
    const [p0, p50, p100] = percentiles(floats, [0, 50, 100]);
    assert.deepStrictEqual([p0, p50, p100], [-2, 0.375, 1.5]);
  });
  it('8/16-bit percentiles (one histogram pass) equal the general path, negatives and a first-frame count included', () => {
    let seed = 7;
    const rand = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    const ps = [0, 0.5, 1, 50, 99.5, 100];
    const values = Array.from({ length: 5000 }, () => Math.round(rand() * 3000 - 1000));
    const general = (xs: number[], n: number): number[] => percentiles(Int32Array.from(xs), ps, n);
    assert.deepStrictEqual(percentiles(Int16Array.from(values), ps), general(values, values.length));
    assert.deepStrictEqual(percentiles(Int16Array.from(values), ps, 1234), general(values, 1234));
    const bytes = values.map((v) => (v + 1000) % 256);
    assert.deepStrictEqual(percentiles(Uint8Array.from(bytes), ps), general(bytes, bytes.length));
    assert.deepStrictEqual(percentiles(Int8Array.from(bytes.map((b) => b - 128)), ps), general(bytes.map((b) => b - 128), bytes.length));
    assert.deepStrictEqual(percentiles(new Uint16Array(0), [50]), [0]);
  });
  it('presets never give a zero-width window', () => {
    const flat = new Uint8Array(100).fill(7);
    const w = presetLimits(WINDOW_PRESETS[0], flat);
    assert.ok(w.high > w.low);
  });
  it('right-drag widens horizontally and moves the level vertically', () => {
    const w = dragWindow({ low: 0, high: 100 }, 10, 0, 512);
    assert.ok(w.high - w.low > 100);
    const l = dragWindow({ low: 0, high: 100 }, 0, 10, 512);
    assert.ok(l.low > 0 && Math.abs(l.high - l.low - 100) < 1e-9);
  });
});

describe('colormaps and labels', () => {
  it('every colormap has 256 opaque entries; grey is the identity', () => {
    for (const c of COLORMAPS) assert.strictEqual(colormapLut(c).length, 1024);
    const g = colormapLut('grey');
    assert.deepStrictEqual([...g.slice(128 * 4, 128 * 4 + 4)], [128, 128, 128, 255]);
    assert.strictEqual(lutIndex(40, 0, 80), 128);
    assert.strictEqual(lutIndex(-5, 0, 100), 0);
    assert.strictEqual(lutIndex(500, 0, 100), 255);
  });
  it('recognises BraTS and binary label sets', () => {
    assert.strictEqual(labelTableFor([0, 1, 2, 4]).id, 'brats');
    assert.strictEqual(labelTableFor([0, 1]).id, 'binary');
    assert.strictEqual(labelTableFor([0, 3, 7]).id, 'generic');
    assert.deepStrictEqual(distinctLabels(new Uint8Array([0, 4, 4, 2, 0])), [0, 2, 4]);
  });
  it('region views map BraTS labels to WT / TC / ET', () => {
    const wt = classMap('WT', BRATS_LABELS), tc = classMap('TC', BRATS_LABELS), et = classMap('ET', BRATS_LABELS);
    assert.deepStrictEqual([wt[1], wt[2], wt[4]], [1, 1, 1]);
    assert.deepStrictEqual([tc[1], tc[2], tc[4]], [1, 0, 1]);
    assert.deepStrictEqual([et[1], et[2], et[4]], [0, 0, 1]);
    const hidden = classMap('labels', BRATS_LABELS, new Set([2]));
    assert.deepStrictEqual([hidden[1], hidden[2], hidden[4]], [1, 0, 4]);
  });
});

describe('renderSlice', () => {
  const nx = 4, ny = 3, nz = 2;
  const data = coded(nx, ny, nz);
  it('windows intensities through the colormap in display orientation', () => {
    const g = sliceGeometry([nx, ny, nz], [1, 1, 1], 'axial');
    const out = new Uint8ClampedArray(g.width * g.height * 4);
    renderSlice({ geometry: g, index: 1, image: { data, limits: { low: 0, high: 200 }, lut: colormapLut('grey') } }, out);
    for (let v = 0; v < g.height; v++) for (let u = 0; u < g.width; u++) {
      const val = data[voxelIndex([nx, ny, nz], sliceToVoxel(g, u, v, 1))];
      assert.strictEqual(out[(v * g.width + u) * 4], lutIndex(val, 0, 200));
    }
  });
  it('blends labels, and outline keeps only boundary pixels', () => {
    const g = sliceGeometry([5, 5, 1], [1, 1, 1], 'image');
    const img = new Uint8Array(25).fill(100);
    const seg = new Uint8Array(25);
    for (let j = 1; j < 4; j++) for (let i = 1; i < 4; i++) seg[i + 5 * j] = 2;
    const colors = classColors('labels', BRATS_LABELS, 0.5);
    const fill = new Uint8ClampedArray(100), line = new Uint8ClampedArray(100);
    const base = { geometry: g, index: 0, image: { data: img, limits: { low: 0, high: 255 }, lut: colormapLut('grey') } };
    renderSlice({ ...base, labels: { data: seg, classMap: classMap('labels', BRATS_LABELS), colors, outline: false } }, fill);
    renderSlice({ ...base, labels: { data: seg, classMap: classMap('labels', BRATS_LABELS), colors, outline: true } }, line);
    const a = colors[2 * 4 + 3];
    assert.strictEqual(fill[(2 * 5 + 2) * 4 + 1], blend(100, 220, a)); // centre filled (oedema green)
    assert.strictEqual(line[(2 * 5 + 2) * 4 + 1], 100); // centre not drawn in outline mode
    assert.strictEqual(line[(1 * 5 + 1) * 4 + 1], blend(100, 220, a)); // border drawn
    assert.strictEqual(fill[0], 100); // background untouched
  });
  it('colours TP / FP / FN in compare mode and computes Dice', () => {
    const g = sliceGeometry([4, 1, 1], [1, 1, 1], 'image');
    const truth = new Uint8Array([1, 1, 0, 0]), pred = new Uint8Array([1, 0, 1, 0]);
    const out = new Uint8ClampedArray(16);
    const cm = classMap('labels', labelTableFor([0, 1]));
    renderSlice({ geometry: g, index: 0, compare: { truth, prediction: pred, classMap: cm, opacity: 1, outline: false } }, out);
    const c = compareColors(1);
    assert.deepStrictEqual([...out.slice(0, 3)], [...c.slice(4, 7)]); // TP
    assert.deepStrictEqual([...out.slice(4, 7)], [...c.slice(12, 15)]); // FN
    assert.deepStrictEqual([...out.slice(8, 11)], [...c.slice(8, 11)]); // FP
    assert.deepStrictEqual([...out.slice(12, 15)], [0, 0, 0]);
    const counts = volumeOverlap(truth, pred, cm);
    assert.deepStrictEqual(counts, { tp: 1, fp: 1, fn: 1, tn: 1 });
    assert.strictEqual(diceFromCounts(counts), 0.5);
    assert.deepStrictEqual(sliceOverlap(g, 0, truth, pred, cm), counts);
    // One Dice: both masks empty is core's emptyValue; the viewer asks for NaN and shows "—".
    assert.strictEqual(diceFromCounts({ tp: 0, fp: 0, fn: 0, tn: 4 }), 1);
    assert.strictEqual(formatDice(diceFromCounts({ tp: 0, fp: 0, fn: 0, tn: 4 }, { emptyValue: NaN })), '—');
    assert.strictEqual(formatDice(0.5), '0.500');
  });
});

describe('volume stats and status line', () => {
  it('finds the label centroid and the value range', () => {
    const seg = new Uint8Array(4 * 3 * 2);
    seg[voxelIndex([4, 3, 2], [1, 2, 1])] = 2;
    seg[voxelIndex([4, 3, 2], [3, 2, 1])] = 4;
    assert.deepStrictEqual(labelCentroid(seg, [4, 3, 2]), [2, 2, 1]);
    assert.strictEqual(labelCentroid(new Uint8Array(24), [4, 3, 2]), undefined);
    assert.strictEqual(valueRange(new Int16Array([-5, 3, 10])), 15);
    assert.strictEqual(valueRange(new Int16Array([7, 7])), 1);
  });
  it('lists voxel, mm, every intensity and the named label', () => {
    const dims = [2, 1, 1];
    const line = statusLine([1, 0, 0], dims, [1, 0, 0, -10, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], [
      { name: 'flair', role: 'image', volume: { data: new Int16Array([5, 7]) } },
      { name: 't1', role: 'image', volume: { data: new Float32Array([0, 1.23456]) } },
      { name: 'seg', role: 'labels', volume: { data: new Uint8Array([0, 4]) } },
    ], BRATS_LABELS);
    assert.strictEqual(line, 'voxel (1, 0, 0) · -9.0, 0.0, 0.0 mm · flair 7 · t1 1.235 · label 4 Enhancing');
    assert.strictEqual(formatValue(3), '3');
  });
});

describe('viewer UI state', () => {
  it('restores a saved state only for the same content, clamping the cursor', async () => {
    const { restoreUiState, defaultUiState } = await import('../../../webview/viewer/viewerState');
    const saved = { ...defaultUiState('a.nii', [10, 10, 10]), cursor: [3, 4, 99], colormap: 'hot' };
    const same = restoreUiState(saved, 'a.nii', [10, 10, 10]);
    assert.deepStrictEqual(same.cursor, [3, 4, 5]);
    assert.strictEqual(same.colormap, 'hot');
    const other = restoreUiState(saved, 'b.nii', [10, 10, 10], [1, 2, 3]);
    assert.deepStrictEqual(other.cursor, [1, 2, 3]);
    assert.strictEqual(other.colormap, 'grey');
  });
});
