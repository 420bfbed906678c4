/**
 * Helpers for composing WASM kernels out of the backend's own registered kernels.
 * Calling `kernelFunc`s directly (instead of tf ops) keeps the intermediates off the
 * gradient tape and out of `tf.profile`, and avoids the engine's per-op bookkeeping.
 */
import { getKernel, KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

/** The slice of tfjs-backend-wasm's `BackendWasm` (or the cpu backend) these kernels use. */
export interface WasmBackendLike extends KernelBackend {
  disposeData(dataId: object, force?: boolean): boolean;
}

/** A kernel function as registered with the engine (TensorInfo in, TensorInfo out). */
export type RawKernelFunc = (args: { inputs: NamedTensorInfoMap; backend: KernelBackend; attrs?: NamedAttrMap }) => TensorInfo | TensorInfo[];

/** Runs the kernel `name` of `backendName` on TensorInfos; the caller owns (and must dispose) the result. */
export function callWasmKernel(backend: WasmBackendLike, name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}, backendName = 'wasm'): TensorInfo {
  const kernel = getKernel(name, backendName);
  if (!kernel) throw new Error(`medseg kernels: ${backendName} kernel '${name}' is not registered`);
  const out = (kernel.kernelFunc as unknown as RawKernelFunc)({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`medseg kernels: '${name}' returned several outputs`);
  return out;
}

/** Collects intermediates so one call frees them all, whatever path a kernel took. */
export class Scratch {
  private readonly held: TensorInfo[] = [];
  constructor(private readonly backend: WasmBackendLike, private readonly backendName = 'wasm') {}

  /** Runs a kernel and remembers its output for `dispose()`. */
  run(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const out = callWasmKernel(this.backend, name, inputs, attrs, this.backendName);
    this.held.push(out);
    return out;
  }

  /** Remembers a TensorInfo produced elsewhere. */
  keep(t: TensorInfo): TensorInfo {
    this.held.push(t);
    return t;
  }

  /** A zero-copy view of `x` with another shape (the backend's Reshape shares the buffer). */
  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** Frees every intermediate except `result` (which the caller returns to the engine). */
  dispose(result?: TensorInfo): void {
    for (const t of this.held) if (t !== result) this.backend.disposeData(t.dataId);
    this.held.length = 0;
  }
}
