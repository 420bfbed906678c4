import * as assert from 'assert';
import { NdArray } from '../../../src/core/volume/NdArray';
import { computeStats } from '../../../src/core/tensor/tensorStats';
import { downsampleSteps, extractPlane, stepFor, viewShape } from '../../../src/core/tensor/slicePlane';
import { detectLayout } from '../../../src/core/tensor/detectLayout';
import { planeToCsv, formatValue } from '../../../src/core/tensor/planeToCsv';
import { decodeBase64, encodeBase64 } from '../../../src/core/tensor/base64';
import { decodeTensorBytes, halfToFloat } from '../../../src/core/tensor/decodeTensorBytes';
import { renderPlaneRgba } from '../../../src/core/tensor/renderPlaneRgba';
import { asColormapName, colormapLut } from '../../../src/core/viewer/colormaps';
import { unquoteEvaluateResult, languageOfSessionType } from '../../../src/core/tensor/debugExpressions';
import { checkpointTensors, parseCheckpointManifest } from '../../../src/core/tensor/checkpointTensors';

const arange = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => i);

describe('tensor stats', () => {
  it('computes min/max/mean/std and counts NaN/Inf apart', () => {
    const a: NdArray = { data: Float32Array.of(1, 2, 3, 4, NaN, Infinity, -Infinity), shape: [7], dtype: 'float32' };
    const s = computeStats(a);
    assert.deepStrictEqual([s.min, s.max, s.mean, s.finiteCount, s.nanCount, s.posInfCount, s.negInfCount], [1, 4, 2.5, 4, 1, 1, 1]);
    assert.ok(Math.abs(s.std - Math.sqrt(1.25)) < 1e-12);
    assert.strictEqual(s.histogram.counts.reduce((x, y) => x + y, 0), 4);
    assert.strictEqual(s.labels, undefined, 'float with fractions/NaN is no mask');
  });
  it('detects integer masks as labels and continuous images as not', () => {
    const mask: NdArray = { data: Uint8Array.from({ length: 100 }, (_, i) => i % 3), shape: [10, 10], dtype: 'uint8' };
    assert.deepStrictEqual(computeStats(mask).labels, [0, 1, 2]);
    const img: NdArray = { data: Int16Array.from({ length: 1000 }, (_, i) => i - 500), shape: [1000], dtype: 'int16' };
    assert.strictEqual(computeStats(img).labels, undefined);
  });
  it('gives robust percentiles inside [min, max]', () => {
    const s = computeStats({ data: arange(10000), shape: [100, 100], dtype: 'float32' });
    assert.ok(Math.abs(s.p1 - 100) < 5 && Math.abs(s.p99 - 9900) < 5, `${s.p1} ${s.p99}`);
  });
  it('handles all-NaN and empty tensors', () => {
    const s = computeStats({ data: Float32Array.of(NaN), shape: [1], dtype: 'float32' });
    assert.ok(Number.isNaN(s.min) && Number.isNaN(s.mean));
    assert.strictEqual(computeStats({ data: new Float32Array(0), shape: [0, 3], dtype: 'float32' }).size, 0);
  });
});

describe('plane slicing', () => {
  const t: NdArray = { data: arange(2 * 3 * 4), shape: [2, 3, 4], dtype: 'float32' };
  it('slices any two axes with indices for the rest (C order)', () => {
    const p = extractPlane(t, { rowAxis: 1, colAxis: 2, indices: [1, 0, 0] });
    assert.deepStrictEqual([p.rows, p.cols], [3, 4]);
    assert.deepStrictEqual([...p.values], [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
    const q = extractPlane(t, { rowAxis: 2, colAxis: 0, indices: [0, 2, 0] });
    assert.deepStrictEqual([...q.values], [8, 20, 9, 21, 10, 22, 11, 23]);
  });
  it('honours fortranOrder', () => {
    const f: NdArray = { data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3], dtype: 'float32', fortranOrder: true };
    assert.deepStrictEqual([...extractPlane(f, { rowAxis: 0, colAxis: 1, indices: [0, 0] }).values], [1, 3, 5, 2, 4, 6]);
  });
  it('reads windows and strided samples', () => {
    const big: NdArray = { data: arange(100), shape: [10, 10], dtype: 'float32' };
    const w = extractPlane(big, { rowAxis: 0, colAxis: 1, indices: [0, 0] }, { row0: 2, rows: 2, col0: 7, cols: 10 });
    assert.deepStrictEqual([w.rows, w.cols, ...w.values], [2, 3, 27, 28, 29, 37, 38, 39]);
    const d = extractPlane(big, { rowAxis: 0, colAxis: 1, indices: [0, 0] }, { rowStep: stepFor(10, 4), colStep: 5 });
    assert.deepStrictEqual([d.rows, d.cols, ...d.values], [4, 2, 0, 5, 30, 35, 60, 65, 90, 95]);
  });
  it('views scalars and vectors as one row', () => {
    assert.deepStrictEqual(viewShape([]), [1, 1]);
    assert.deepStrictEqual([...extractPlane({ data: Float32Array.of(7, 8), shape: [2], dtype: 'float32' }, { rowAxis: 0, colAxis: 1, indices: [] }).values], [7, 8]);
    assert.deepStrictEqual([...extractPlane({ data: Float32Array.of(7), shape: [], dtype: 'float32' }, { rowAxis: 0, colAxis: 1, indices: [] }).values], [7]);
  });
  it('rejects bad axes with a MedSegError', () => {
    assert.throws(() => extractPlane(t, { rowAxis: 1, colAxis: 1, indices: [] }), { name: 'MedSegError' });
  });
  it('downsamples the largest axes first under a cap', () => {
    assert.deepStrictEqual(downsampleSteps([2, 3, 512, 512], 2 * 3 * 128 * 128), [1, 1, 4, 4]);
    assert.deepStrictEqual(downsampleSteps([5, 5], 100), [1, 1]);
  });
});

describe('layout detection', () => {
  it('recognises channel-first, channel-last and volumes', () => {
    assert.strictEqual(detectLayout([8, 3, 64, 64]).kind, 'NCHW');
    assert.strictEqual(detectLayout([8, 64, 64, 3]).kind, 'NHWC');
    assert.deepStrictEqual([detectLayout([8, 64, 64, 3]).rowAxis, detectLayout([8, 64, 64, 3]).colAxis], [1, 2]);
    assert.strictEqual(detectLayout([3, 128, 128]).kind, 'CHW');
    assert.strictEqual(detectLayout([128, 128, 3]).kind, 'HWC');
    assert.strictEqual(detectLayout([40, 128, 128]).kind, 'DHW');
    assert.strictEqual(detectLayout([1, 4, 32, 64, 64]).kind, 'NCDHW');
    assert.strictEqual(detectLayout([]).kind, 'scalar');
  });
});

describe('CSV, base64, dtype decoding, colormaps', () => {
  it('writes CSV NumPy can read back', () => {
    assert.strictEqual(planeToCsv(Float32Array.of(0.1, NaN, Infinity, -2), 2, 2, 'float32'), '0.100000001,nan\ninf,-2\n');
    assert.strictEqual(formatValue(3, 'int64'), '3');
  });
  it('round-trips base64', () => {
    for (let n = 0; n < 10; n++) {
      const b = Uint8Array.from({ length: n * 7 + 1 }, (_, i) => (i * 37 + n) & 255);
      assert.deepStrictEqual(decodeBase64(encodeBase64(b)), b);
    }
    assert.throws(() => decodeBase64('ab$c'), { name: 'MedSegError' });
  });
  it('decodes little-endian bytes per dtype', () => {
    const i64 = new BigInt64Array([-5n, 2n ** 40n]);
    assert.deepStrictEqual([...decodeTensorBytes(new Uint8Array(i64.buffer), [2], 'int64').data], [-5, 2 ** 40]);
    assert.strictEqual(halfToFloat(0x3c00), 1);
    assert.strictEqual(halfToFloat(0xc000), -2);
    assert.throws(() => decodeTensorBytes(new Uint8Array(3), [1], 'float32'), { name: 'MedSegError' });
    assert.throws(() => decodeTensorBytes(new Uint8Array(8), [1], 'complex64'), /cannot be inspected/);
  });
  it('renders with a LUT and labels', () => {
    const out = new Uint8ClampedArray(12);
    renderPlaneRgba([0, 1, NaN], 0, 1, colormapLut('grey'), false, out);
    assert.deepStrictEqual([...out], [0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 0]);
    renderPlaneRgba([0, 1], 0, 1, colormapLut('viridis'), false, out);
    assert.deepStrictEqual([...out.subarray(0, 8)], [68, 1, 84, 255, 253, 231, 37, 255]);
    // One table for viewer and inspector; a state saved under the inspector's old 'gray' falls back.
    assert.strictEqual(asColormapName('gray'), 'grey');
    assert.strictEqual(asColormapName('magma'), 'magma');
  });
  it('unquotes adapter renderings and maps session types', () => {
    assert.strictEqual(unquoteEvaluateResult(`'{"a": 1}'`), '{"a": 1}');
    assert.strictEqual(unquoteEvaluateResult(`"{\\"a\\": 1}"`), '{"a": 1}');
    assert.strictEqual(unquoteEvaluateResult('QUJD'), 'QUJD');
    assert.strictEqual(languageOfSessionType('pwa-node'), 'javascript');
    assert.strictEqual(languageOfSessionType('debugpy'), 'python');
  });
});

describe('checkpoint tensors', () => {
  const manifest = {
    format: 'medseg-checkpoint-1', epoch: 1, weights: [{ name: 'enc1/conv/kernel', shape: [3, 3, 1, 2], offset: 0 }, { name: 'enc1/conv/bias', shape: [2], offset: 18 }],
    optimizer: { tensors: [{ name: 'enc1/conv/kernel/m', shape: [2], offset: 0 }], state: {} },
  };
  it('reads weights and optimiser slots by name', () => {
    const w = new Uint8Array(Float32Array.from({ length: 20 }, (_, i) => i).buffer);
    const o = new Uint8Array(Float32Array.of(7, 8).buffer);
    const t = checkpointTensors(parseCheckpointManifest(JSON.stringify(manifest)), w, o);
    assert.deepStrictEqual(Object.keys(t), ['enc1/conv/kernel', 'enc1/conv/bias', 'optimizer/enc1/conv/kernel/m']);
    assert.deepStrictEqual([...t['enc1/conv/bias']!.data], [18, 19]);
    assert.deepStrictEqual(t['enc1/conv/kernel']!.shape, [3, 3, 1, 2]);
    assert.deepStrictEqual([...t['optimizer/enc1/conv/kernel/m']!.data], [7, 8]);
  });
  it('rejects truncated files and unknown formats', () => {
    assert.throws(() => checkpointTensors(parseCheckpointManifest(JSON.stringify(manifest)), new Uint8Array(40)), /runs past the end/);
    assert.throws(() => parseCheckpointManifest('{"format": "other"}'), { name: 'MedSegError' });
  });
});
