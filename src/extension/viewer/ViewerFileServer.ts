import * as http from 'http';
import type { AddressInfo } from 'net';
import { randomBytes } from 'crypto';
import { Disposable } from '../../core/util/Disposable';

/**
 * Serves the stored bytes of the NIfTI files a viewer shows over HTTP on 127.0.0.1, each
 * under an unguessable path, for as long as the viewer holds them.
 *
 * Why: under code-server (and any remote window) the webview channel is a websocket that the
 * workbench relays on the same browser thread as the viewer's own work, one message after
 * another, and the webview then inflated each volume on that thread too. A `fetch` of the
 * file with `Content-Encoding: gzip` moves both off that thread: the browser's network
 * process receives and inflates, and the viewer gets the plain NIfTI bytes. The URL is the
 * one `asExternalUri` gives (code-server's `/proxy/<port>/`, a forwarded port in a remote
 * window, the address itself on the desktop). Anything that fails on this path falls back
 * to the channel, so the server is a speed-up, never a requirement.
 */
export class ViewerFileServer extends Disposable {
  private readonly files = new Map<string, { bytes: Uint8Array; gzipped: boolean }>();
  private base: Promise<string | undefined> | undefined;

  /** `externalUri` maps the server's local URL to the one the webview reaches (`vscode.env.asExternalUri`). */
  constructor(private readonly externalUri: (local: string) => Promise<string>) {
    super();
  }

  /**
   * The base URL of the served files as the webview reaches it (a file is `base + path`),
   * starting the server the first time; undefined where it cannot start.
   */
  start(): Promise<string | undefined> {
    this.base ??= this.listen().catch(() => undefined);
    return this.base;
  }

  /** Serves `bytes` (as stored; `gzipped` sends them with `Content-Encoding: gzip`) under a new path; returns it. */
  add(bytes: Uint8Array, gzipped: boolean): string {
    const key = randomBytes(24).toString('base64url');
    this.files.set(key, { bytes, gzipped });
    return key;
  }

  /** Stops serving a path (the viewer that held it closed). */
  remove(key: string): void {
    this.files.delete(key);
  }

  private async listen(): Promise<string> {
    const server = http.createServer((req, res) => this.handle(req, res));
    this._register({ dispose: () => { server.close(); server.closeAllConnections?.(); } });
    await new Promise<void>((resolve, reject) => {
      // Kept after listening: an error then (a failed accept) must not end the extension host.
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    server.unref();
    const port = (server.address() as AddressInfo).port;
    return (await this.externalUri(`http://127.0.0.1:${port}/`)).replace(/\/?$/, '/');
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const key = (req.url ?? '').split('?')[0].split('/').pop() ?? '';
    const file = req.method === 'GET' ? this.files.get(key) : undefined;
    // Any origin may ask: the path is the capability (24 random bytes), and only 127.0.0.1 listens.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(file.bytes.byteLength),
      ...(file.gzipped ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(file.bytes);
  }

  override dispose(): void {
    this.files.clear();
    super.dispose();
  }
}
