/**
 * `Tile` for the WASM backend as block copies on the WASM heap. The stock kernel computes
 * a multi-index per element; tfjs-core's batch-norm gradient tiles per-channel vectors to
 * the full activation shape several times per layer, which made Tile the largest single
 * kernel of a U-Net training step (~28% of a 64² step).
 *
 * Axes are filled innermost first: after axis `a`, every block whose outer indices lie in
 * the first repetition is complete, so axis `a` is replicated with contiguous copyWithin
 * (memmove), doubling the copied span each time.
 */
import { KernelConfig, KernelFunc, TensorInfo, TileAttrs, util } from '@tensorflow/tfjs-core';
import { WasmBackendLike } from './callWasmKernel';

interface HeapBackend extends WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Kernel function; exported for tests. */
export function tileWasm(args: { inputs: { x: TensorInfo }; backend: HeapBackend; attrs: TileAttrs }): TensorInfo {
  const { inputs: { x }, backend, attrs: { reps } } = args;
  if (x.dtype === 'string' || x.dtype === 'complex64') throw new Error(`wasm Tile: dtype ${x.dtype} is not supported`);
  const r = x.shape.length;
  const outShape = x.shape.map((d, i) => d * reps[i]);
  const out = backend.makeOutput(outShape, x.dtype);
  if (util.sizeFromShape(outShape) === 0) return out;
  // Views after makeOutput: allocating may grow (and detach) the heap buffer.
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  if (r === 0) { dst[0] = src[0]; return out; }
  // inner[a] = elements of one out-block spanning axes > a.
  const inner = new Array<number>(r + 1).fill(1);
  for (let a = r - 1; a >= 0; a--) inner[a] = inner[a + 1] * outShape[a];

  // Place x's rows (last axis) at the first repetition of every axis.
  const rowLen = x.shape[r - 1];
  const rows = util.sizeFromShape(x.shape) / rowLen;
  const idx = new Array<number>(r - 1).fill(0);
  for (let row = 0; row < rows; row++) {
    let off = 0;
    for (let a = 0; a < r - 1; a++) off += idx[a] * inner[a + 1];
    dst.set(src.subarray(row * rowLen, (row + 1) * rowLen), off);
    for (let a = r - 2; a >= 0; a--) { if (++idx[a] < x.shape[a]) break; idx[a] = 0; }
  }
  // Replicate along each axis, innermost first.
  for (let a = r - 1; a >= 0; a--) {
    if (reps[a] === 1) continue;
    const block = x.shape[a] * inner[a + 1]; // filled part along axis a
    const full = inner[a];                   // = block * reps[a]
    const prefixes = x.shape.slice(0, a).reduce((p, d) => p * d, 1);
    const pidx = new Array<number>(a).fill(0);
    for (let p = 0; p < prefixes; p++) {
      let base = 0;
      for (let j = 0; j < a; j++) base += pidx[j] * inner[j + 1];
      for (let filled = block; filled < full; filled *= 2) {
        dst.copyWithin(base + filled, base, base + Math.min(filled, full - filled));
      }
      for (let j = a - 1; j >= 0; j--) { if (++pidx[j] < x.shape[j]) break; pidx[j] = 0; }
    }
  }
  return out;
}

/** Registration record for the engine (replaces the stock kernel). */
export const tileWasmConfig: KernelConfig = {
  kernelName: 'Tile',
  backendName: 'wasm',
  kernelFunc: tileWasm as unknown as KernelFunc,
};
