/**
 * Drives the header → prepare → chunks → release exchange of `debugExpressions` through
 * any `evaluate` function (the host's DAP `evaluate`; a python3 child process in tests),
 * enforcing the size cap by downsampling in the debuggee.
 */
import { MedSegError } from '../util/MedSegError';
import { NdArray, sizeOf } from '../volume/NdArray';
import { decodeBase64 } from './base64';
import { decodeTensorBytes, itemSizeOf } from './decodeTensorBytes';
import { DebugLanguage, expressionsFor, makeStashKey, parseHeader, unquoteEvaluateResult } from './debugExpressions';
import { downsampleSteps } from './slicePlane';

/** Evaluates one expression in the paused debuggee and returns the adapter's result string. */
export type EvaluateFn = (expression: string) => Promise<string>;

/** Options of `fetchDebugTensor`. */
export interface FetchOptions {
  /** Most bytes moved over the wire; larger tensors are strided down in the debuggee (default 64 MiB). */
  maxBytes?: number;
  /** Raw bytes per `chunk` request (default 768 KiB = 1 MiB of base64). */
  chunkBytes?: number;
  /** Called after each chunk with (bytes so far, total). */
  onProgress?: (done: number, total: number) => void;
  /** Checked between chunks; return true to abort. */
  isCancelled?: () => boolean;
}

/** A tensor read from a debuggee. */
export interface DebugTensor {
  array: NdArray;
  /** The shape in the debuggee (before downsampling). */
  sourceShape: number[];
  /** Per-axis stride applied in the debuggee (all 1 when nothing was dropped). */
  steps: number[];
  kind: string;
  /** Set when the tensor was downsampled, for the UI. */
  note?: string;
}

let seq = 0;

/** Reads the value of `expression` from a paused debuggee of `language`. */
export async function fetchDebugTensor(evaluate: EvaluateFn, language: DebugLanguage, expression: string, options: FetchOptions = {}): Promise<DebugTensor> {
  const ex = expressionsFor(language);
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const chunkBytes = Math.max(3, Math.floor((options.chunkBytes ?? 768 * 1024) / 3) * 3);
  const key = makeStashKey(++seq);
  const header = parseHeader(await evaluate(ex.header(expression, key)));
  try {
    const item = itemSizeOf(header.dtype);
    const steps = downsampleSteps(header.shape, Math.max(1, Math.floor(maxBytes / item)));
    const shape = header.shape.map((n, a) => Math.ceil(n / steps[a]!));
    const expected = sizeOf(shape) * item;
    const nbytes = Number(unquoteEvaluateResult(await evaluate(ex.prepare(key, steps))));
    if (nbytes !== expected) throw new MedSegError('size-mismatch', `the debuggee prepared ${nbytes} bytes, expected ${expected}`);
    const bytes = new Uint8Array(nbytes);
    for (let off = 0; off < nbytes; off += chunkBytes) {
      if (options.isCancelled?.()) throw new MedSegError('cancelled', 'reading the tensor was cancelled');
      const len = Math.min(chunkBytes, nbytes - off);
      const part = decodeBase64(unquoteEvaluateResult(await evaluate(ex.chunk(key, off, len))));
      if (part.length !== len) throw new MedSegError('truncated', `chunk at ${off} has ${part.length} bytes, expected ${len} (the debug adapter may truncate long strings)`);
      bytes.set(part, off);
      options.onProgress?.(off + len, nbytes);
    }
    const downsampled = steps.some((s) => s > 1);
    return {
      array: decodeTensorBytes(bytes, shape, header.dtype),
      sourceShape: header.shape, steps, kind: header.kind,
      note: downsampled
        ? `${formatBytes(sizeOf(header.shape) * item)} exceeds the ${formatBytes(maxBytes)} cap: showing every [${steps.join(', ')}]-th element per axis`
        : undefined,
    };
  } finally {
    // Best effort: a failed release only leaves a small stash entry in the debuggee.
    await evaluate(ex.release(key)).catch(() => undefined);
  }
}

/** "12.3 MB"-style size. */
export function formatBytes(n: number): string {
  const u = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return `${i ? n.toFixed(1) : n} ${u[i]}`;
}
