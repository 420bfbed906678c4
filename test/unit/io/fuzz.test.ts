import * as assert from 'assert';
import * as fs from 'fs';
import { gunzipSync, gzipSync } from 'fflate';
import { readVolume, readMatVariables, readNpy, readNpz } from '../../../src/core/io';
import { writeNpy } from '../../helpers/writeNpy';
import type { ReadVolumeOptions } from '../../../src/core/io';
import { MedSegError } from '../../../src/core/util/MedSegError';
import { mulberry32 } from '../../../src/core/util/random';
import { sharedData } from '../../helpers/paths';

/** Seeded PRNG so every failure is reproducible from its case number. */
const rng = mulberry32;

interface Base { name: string; bytes: Uint8Array; companion?: Uint8Array; fields: number[]; gz: boolean }

const file = (...p: string[]): Uint8Array => new Uint8Array(fs.readFileSync(sharedData(...p)));
const NIFTI1_FIELDS = [0, 40, 42, 44, 46, 48, 50, 70, 72, 76, 80, 108, 112, 116, 252, 254, 256, 280, 344];
const NIFTI2_FIELDS = [0, 4, 12, 14, 16, 24, 32, 40, 104, 168, 176, 344, 348, 352, 400];

/** A tiny NIfTI-2 single file built from a real NIfTI-2 header (4×4×4 float32). */
function smallNifti2(): Uint8Array {
  const hdr = gunzipSync(file('nifti-format/nifti-reader-js/avg152T1_LR_nifti2.nii.gz')).subarray(0, 540);
  const out = new Uint8Array(544 + 64 * 4);
  out.set(hdr);
  const v = new DataView(out.buffer);
  [3, 4, 4, 4, 1, 1, 1, 1].forEach((d, i) => v.setBigInt64(16 + 8 * i, BigInt(d), true));
  v.setInt16(12, 16, true);
  v.setInt16(14, 32, true);
  v.setBigInt64(168, 544n, true);
  new Float32Array(out.buffer, 544, 64).forEach((_, i, a) => { a[i] = i; });
  return out;
}

function bases(): Base[] {
  const nf = 'nifti-format/nifti-reader-js';
  const nv = 'nifti-format/niivue-demo-format';
  return [
    { name: '5D_small.nii', bytes: file(nf, '5D_small.nii'), fields: NIFTI1_FIELDS, gz: false },
    { name: 'low_res.nii.gz', bytes: file(nv, 'low_res.nii.gz'), fields: NIFTI1_FIELDS, gz: true },
    { name: 'minimal.nii.gz', bytes: file(nv, 'minimal.nii.gz'), fields: NIFTI1_FIELDS, gz: true },
    { name: 'hippo.nii.gz', bytes: file(nv, 'hippo.nii.gz'), fields: NIFTI1_FIELDS, gz: true },
    { name: 'ras.hdr', bytes: file(nv, 'ras.hdr'), companion: file(nv, 'ras.img'), fields: NIFTI1_FIELDS, gz: false },
    { name: 'small2.nii', bytes: smallNifti2(), fields: NIFTI2_FIELDS, gz: false },
    { name: 'mask.png', bytes: file('figshare-brain-tumor/masks/1_mask.png'), fields: [8, 16, 20, 24, 25, 28, 33], gz: false },
    { name: 'small.jpg', bytes: file('figshare-brain-tumor/images/1.jpg'), fields: [2, 4, 20, 100, 160, 163, 165], gz: false },
    { name: 'case.mat', bytes: file('figshare-brain-tumor/mat/1.mat'), fields: [512, 520, 528, 536, 560, 600, 700, 800, 1000, 1200], gz: false },
    { name: 'label.mat', bytes: file('figshare-brain-tumor/author_files/label.mat'), fields: [124, 126, 128, 132, 136, 140, 144], gz: false },
    { name: 'arr.npy', bytes: writeNpy({ data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3], dtype: 'float32' }), fields: [6, 8, 9, 20, 30, 40, 50], gz: false },
  ];
}

const INTERESTING = [0, 1, -1, 2, 3, 7, 8, 255, 256, 348, 540, 32767, -32768, 65535, 1e9, -1e9, NaN, Infinity, 1e30, 0.5];

function mutate(b: Uint8Array, base: Base, r: () => number): Uint8Array {
  const out = b.slice();
  const v = new DataView(out.buffer);
  const op = Math.floor(r() * 5);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  if (op === 0) {
    const n = 1 + Math.floor(r() * 8);
    for (let i = 0; i < n; i++) out[Math.floor(r() * Math.min(out.length, 600))] = Math.floor(r() * 256);
  } else if (op === 1) {
    const off = pick(base.fields) + (r() < 0.3 ? 2 * Math.floor(r() * 4) : 0);
    if (off + 8 > out.length) return out.subarray(0, Math.floor(r() * out.length));
    const x = pick(INTERESTING);
    const le = r() < 0.8;
    const w = pick(['i16', 'i32', 'f32', 'f64', 'i64'] as const);
    if (w === 'i16') v.setInt16(off, Number.isFinite(x) ? x : 0, le);
    else if (w === 'i32') v.setInt32(off, Number.isFinite(x) ? x : 0, le);
    else if (w === 'f32') v.setFloat32(off, x, le);
    else if (w === 'f64') v.setFloat64(off, x, le);
    else v.setBigInt64(off, BigInt(Number.isFinite(x) ? Math.trunc(x) : 0), le);
  } else if (op === 2) {
    return out.subarray(0, Math.floor(r() * out.length));
  } else if (op === 3) {
    const extra = Uint8Array.from({ length: 1 + Math.floor(r() * 64) }, () => Math.floor(r() * 256));
    const joined = new Uint8Array(out.length + extra.length);
    joined.set(out); joined.set(extra, out.length);
    return joined;
  } else {
    const start = Math.floor(r() * out.length);
    const n = 1 + Math.floor(r() * 32);
    for (let i = start; i < Math.min(out.length, start + n); i++) out[i] ^= 1 << Math.floor(r() * 8);
  }
  return out;
}

describe('io: fuzzing real headers', function () {
  it('600 seeded mutations each read or throw MedSegError, none hangs', async function () {
    const all = bases();
    // Well above every base file (largest: hippo, 0.9 M voxels) but low enough that a mutated size stays cheap.
    const opts: ReadVolumeOptions = { maxVoxels: 1 << 21 };
    const outcome = { ok: 0, refused: 0 };
    const codes = new Map<string, number>();
    let slowest = 0;
    let slowestCase = '';
    for (let k = 0; k < 600; k++) {
      const r = rng(1000 + k);
      const base = all[k % all.length];
      let bytes: Uint8Array;
      if (base.gz && r() < 0.6) bytes = gzipSync(mutate(gunzipSync(base.bytes), base, r)); // header logic behind valid gzip
      else bytes = mutate(base.bytes, base, r);
      let companion = base.companion;
      if (companion && r() < 0.3) companion = companion.subarray(0, Math.floor(r() * companion.length));
      const t0 = Date.now();
      try {
        const v = await readVolume(base.name, bytes, { ...opts, companion });
        assert.strictEqual(v.data.length, v.dims.reduce((a, b) => a * b, 1), `case ${k}: data length`);
        assert.strictEqual(v.affine.length, 16);
        outcome.ok++;
      } catch (e) {
        if (!(e instanceof MedSegError)) assert.fail(`case ${k} (${base.name}) threw ${String(e)}`);
        assert.ok(e.file === base.name || e.file === base.name.replace('.hdr', '.img'), `case ${k}: error names the file (${e.file})`);
        codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
        outcome.refused++;
      }
      // Side readers that the inspector uses.
      try {
        if (base.name.endsWith('.mat')) await readMatVariables(base.name, bytes);
        if (base.name.endsWith('.npy')) { readNpy(base.name, bytes); readNpz(base.name, bytes); }
      } catch (e) {
        if (!(e instanceof MedSegError)) assert.fail(`case ${k} (${base.name}) side reader threw ${String(e)}`);
      }
      const ms = Date.now() - t0;
      if (ms > slowest) { slowest = ms; slowestCase = `${k} (${base.name})`; }
    }
    console.log(`    ${outcome.ok} read, ${outcome.refused} refused (${[...codes].map(([c, n]) => `${c}:${n}`).join(' ')}); slowest case ${slowest} ms: ${slowestCase}`);
    assert.ok(outcome.refused > 100 && outcome.ok > 50, 'mutations exercise both outcomes');
    assert.ok(slowest < 5000, `slowest case ${slowest} ms`);
  });
});
