/**
 * What the viewer sends for a NIfTI file (its bytes as stored, checked from the header by
 * the host) decodes in the webview to exactly what the host used to send: the core
 * reader's volume in its stored dtype, canonical RAS, first frame, with the dims the host
 * predicted from the header.
 */
import * as assert from 'assert';
import { canonicalDims, gzipTrailerSize, niftiLayout, readVolume, toCanonicalRAS } from '../../../src/core/io';
import { MAX_VIEWER_VOXELS, decodeViewerLayer, firstFrame } from '../../../src/core/viewer/viewerLayer';
import { loadWithCompanion, niftiTestFiles, shortName } from '../io/niftiFiles';
import * as path from 'path';
import * as zlib from 'zlib';

describe('viewer: NIfTI layers sent as stored and decoded by the webview', function () {
  for (const file of niftiTestFiles(false)) {
    it(`${shortName(file)}: header layout and webview decode match the full host read`, async function () {
      const name = path.basename(file);
      const { bytes, companion } = loadWithCompanion(file);
      let full;
      try {
        full = firstFrame(toCanonicalRAS(await readVolume(name, bytes, { companion, maxVoxels: MAX_VIEWER_VOXELS })));
      } catch {
        assert.throws(() => niftiLayout(name, bytes, { companion, maxVoxels: MAX_VIEWER_VOXELS }), 'what the reader refuses, the header check refuses');
        return;
      }
      const l = niftiLayout(name, bytes, { companion, maxVoxels: MAX_VIEWER_VOXELS });
      const dims = canonicalDims(l.dims, l.affine).dims.slice(0, 3);
      assert.deepStrictEqual(dims, full.dims.slice(0, 3));
      assert.strictEqual(l.sourceDtype, full.sourceDtype);
      const src = companion ?? bytes;
      if (l.gzipped) assert.strictEqual(gzipTrailerSize(src), zlib.gunzipSync(src).length, 'the trailer records the inflated size');
      let pauses = 0;
      const pause = async (): Promise<void> => { pauses++; await new Promise((r) => setImmediate(r)); };
      const layer = await decodeViewerLayer({ role: 'image', name, encoded: { file: name, bytes, companion, dims, storedBytes: bytes.length } }, {}, pause);
      if (l.gzipped && l.dataEnd > 2 ** 21) assert.ok(pauses > 0, 'the inflate paused every ~1 MB');
      assert.strictEqual(layer.volume.data.constructor, full.data.constructor, 'stored dtype');
      assert.deepStrictEqual(layer.volume.dims, full.dims);
      assert.deepStrictEqual(layer.volume.affine, full.affine);
      assert.ok(layer.volume.data.every((v, i) => Object.is(v, full.data[i])), 'same voxels');
    });
  }

  it('a fetched file (inflated by the browser) decodes into a view of its own bytes, without a copy', async function () {
    const file = niftiTestFiles(false).find((f) => f.endsWith('_t1.nii.gz'))!;
    const gz = loadWithCompanion(file).bytes;
    const plain = new Uint8Array(zlib.gunzipSync(gz));
    const full = firstFrame(toCanonicalRAS(await readVolume('t1.nii.gz', gz)));
    const l = niftiLayout('t1.nii.gz', gz);
    const dims = canonicalDims(l.dims, l.affine).dims.slice(0, 3);
    const layer = await decodeViewerLayer({ role: 'image', name: 't1', encoded: { file: 't1.nii.gz', bytes: plain, dims, storedBytes: gz.length } });
    assert.strictEqual(layer.volume.data.buffer, plain.buffer, 'the voxels view the fetched bytes');
    assert.deepStrictEqual(layer.volume.dims, full.dims);
    assert.ok(layer.volume.data.every((v, i) => Object.is(v, full.data[i])), 'same voxels as the host read');
  });

  it('a truncated .nii.gz: the trailer no longer matches, and decoding names the file', async function () {
    const file = niftiTestFiles(false).find((f) => f.endsWith('_t1.nii.gz'))!;
    const bytes = loadWithCompanion(file).bytes;
    const cut = bytes.slice(0, Math.floor(bytes.length / 3));
    const l = niftiLayout('cut_t1.nii.gz', cut);
    assert.notStrictEqual(gzipTrailerSize(cut), l.dataEnd);
    await assert.rejects(decodeViewerLayer({ role: 'image', name: 't1', encoded: { file: 'cut_t1.nii.gz', bytes: cut, dims: [1, 1, 1], storedBytes: cut.length } }),
      /cut_t1\.nii\.gz: gzip stream is truncated/);
  });
});
