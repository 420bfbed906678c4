import { Gunzip } from 'fflate';
import { MedSegError } from '../util/MedSegError';

/** True when `bytes` starts with the gzip magic (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Streams a gzip member and keeps only the first `limit` output bytes.
 *
 * Why streaming rather than `gunzipSync`: fflate sizes its output from the gzip trailer,
 * which is garbage in a truncated file, and a header must be checked against `maxVoxels`
 * *before* the whole volume is inflated. Stops feeding input once `limit` bytes are out.
 * Returns fewer than `limit` bytes when the stream ends early; throws `MedSegError`
 * (`truncated` / `corrupt-gzip`) when the stream is damaged before `limit` was reached.
 */
export function gunzipPrefix(bytes: Uint8Array, limit: number, file: string, chunkSize = 1 << 20): Uint8Array {
  return gunzipRange(bytes, 0, limit, file, chunkSize);
}

/**
 * Like {@link gunzipPrefix} but drops the first `skip` output bytes: returns output bytes
 * `[skip, skip + limit)` in a fresh, exactly sized buffer (so typed-array views on it are
 * aligned and own their memory).
 */
export function gunzipRange(bytes: Uint8Array, skip: number, limit: number, file: string, chunkSize = 1 << 20): Uint8Array {
  const out = new Uint8Array(limit);
  let filled = 0;
  let seen = 0;
  let ended = false;
  const g = new Gunzip((chunk, final) => {
    const start = Math.max(0, skip - seen);
    seen += chunk.length;
    if (filled < limit && start < chunk.length) {
      const n = Math.min(chunk.length - start, limit - filled);
      out.set(chunk.subarray(start, start + n), filled);
      filled += n;
    }
    if (final) ended = true;
  });
  try {
    for (let off = 0; off < bytes.length && filled < limit; off += chunkSize) {
      const end = Math.min(bytes.length, off + chunkSize);
      g.push(bytes.subarray(off, end), end === bytes.length);
    }
  } catch (err) {
    if (filled >= limit) return out;
    const msg = err instanceof Error ? err.message : String(err);
    const code = /unexpected EOF/i.test(msg) ? 'truncated' : 'corrupt-gzip';
    throw new MedSegError(code, `gzip stream is ${code === 'truncated' ? 'truncated' : 'corrupt'} (${msg})`, file, { cause: err });
  }
  if (filled < limit && !ended && bytes.length > 0) {
    throw new MedSegError('truncated', `gzip stream ended after ${filled} bytes`, file);
  }
  return filled === limit ? out : out.subarray(0, filled);
}
