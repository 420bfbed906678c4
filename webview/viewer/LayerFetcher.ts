import type { LayerTiming, WireLayer } from '../../src/core/protocol/viewerProtocol';

/**
 * Fetches the stored files of one content's served layers (`encoded.url`, see the host's
 * `ViewerFileServer`). A gzipped file comes back inflated by the browser's network process,
 * off this thread. The first layer is fetched alone, since the first slice waits for it. The
 * others start together once its bytes are in (measured on this 2-core machine: a BraTS case
 * fetched all at once showed its first slice only with the last file).
 *
 * A failed fetch (no server, a proxy that refuses, a cut stream) asks the host for the bytes
 * on the channel instead, and says so through `log`. Layers that came with their bytes, or
 * decoded, are returned as they are.
 */
export class LayerFetcher {
  private first: Promise<unknown> | undefined;

  constructor(
    private readonly askHost: (url: string) => Promise<Uint8Array>,
    private readonly log: (message: string) => void,
  ) {}

  /** The layer with its bytes; `timing.fetchMs` gets the time from this call until they were in. */
  async fetch(l: WireLayer, timing: Pick<LayerTiming, 'fetchMs'>): Promise<WireLayer> {
    const e = l.encoded;
    if (!e?.url || e.bytes) return l;
    const url = e.url;
    const t0 = performance.now();
    const body = (this.first ?? Promise.resolve()).then(() => fetchBytes(url));
    this.first ??= body.catch(() => undefined);
    let bytes: Uint8Array;
    try {
      bytes = await body;
    } catch (err) {
      this.log(`${e.file}: could not fetch its bytes (${err instanceof Error ? err.message : String(err)}); asking the host`);
      bytes = await this.askHost(url);
    }
    timing.fetchMs = performance.now() - t0;
    return { ...l, encoded: { ...e, bytes } };
  }
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`HTTP ${r.status} ${r.statusText}`);
  return new Uint8Array(await r.arrayBuffer());
}
