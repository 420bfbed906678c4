/**
 * The viewer's file server and the webview's fetcher, over real HTTP on 127.0.0.1 (Node's
 * fetch inflates `Content-Encoding: gzip` as a browser does): a served NIfTI comes back
 * inflated, unknown and withdrawn paths are refused, and a fetch that fails falls back to
 * the host's bytes with a message naming the file.
 */
import * as assert from 'assert';
import * as zlib from 'zlib';
import { ViewerFileServer } from '../../../src/extension/viewer/ViewerFileServer';
import { LayerFetcher } from '../../../webview/viewer/LayerFetcher';
import type { WireLayer } from '../../../src/core/protocol/viewerProtocol';
import { loadWithCompanion, niftiTestFiles } from '../io/niftiFiles';

describe('viewer: the file server and the webview fetcher', function () {
  let server: ViewerFileServer;
  let base: string;
  const gz = loadWithCompanion(niftiTestFiles(false).find((f) => f.endsWith('_t1.nii.gz'))!).bytes;
  const plain = zlib.gunzipSync(gz);

  beforeEach(async function () {
    server = new ViewerFileServer(async (local) => local);
    base = (await server.start())!;
  });
  afterEach(() => server.dispose());

  it('listens on 127.0.0.1 only and serves a gzipped file with Content-Encoding: gzip', async function () {
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const key = server.add(gz, true);
    const r = await fetch(base + key);
    assert.strictEqual(r.status, 200);
    assert.strictEqual(r.headers.get('content-encoding'), 'gzip');
    assert.strictEqual(r.headers.get('content-length'), String(gz.length), 'the stored bytes cross');
    assert.ok(Buffer.from(await r.arrayBuffer()).equals(plain), 'the client gets the inflated NIfTI');
  });

  it('refuses unknown paths, other methods, and paths withdrawn when their viewer closed', async function () {
    const key = server.add(gz, true);
    assert.strictEqual((await fetch(`${base}not-a-key`)).status, 404);
    assert.strictEqual((await fetch(base + key, { method: 'POST', body: 'x' })).status, 404);
    server.remove(key);
    assert.strictEqual((await fetch(base + key)).status, 404);
  });

  it('stops listening when disposed', async function () {
    server.dispose();
    await assert.rejects(fetch(`${base}x`));
  });

  it('the fetcher returns the layer with the inflated bytes, and asks the host only when a fetch fails', async function () {
    const asked: string[] = [];
    const logs: string[] = [];
    const fetcher = new LayerFetcher(async (url) => { asked.push(url); return gz; }, (m) => logs.push(m));
    const layer = (url: string): WireLayer => ({ role: 'image', name: 't1', encoded: { file: 'case_t1.nii.gz', url, dims: [1, 1, 1], storedBytes: gz.length } });
    const timing: { fetchMs?: number } = {};
    const ok = await fetcher.fetch(layer(base + server.add(gz, true)), timing);
    assert.ok(Buffer.from(ok.encoded!.bytes!).equals(plain));
    assert.ok(timing.fetchMs! >= 0);
    assert.deepStrictEqual(asked, []);
    const bad = await fetcher.fetch(layer(`${base}withdrawn`), {});
    assert.strictEqual(bad.encoded!.bytes, gz, 'the host\'s bytes');
    assert.deepStrictEqual(asked, [`${base}withdrawn`]);
    assert.match(logs.join('\n'), /case_t1\.nii\.gz: could not fetch its bytes \(HTTP 404/);
  });
});
