/**
 * AddN for the tfjs WebGPU backend that respects the device's storage-buffer limit.
 *
 * tfjs-backend-webgpu 4.22 compiles AddN of n tensors into one shader with n + 1 storage
 * buffers. A training step sums all gradients' squared norms with addN (one input per
 * variable: 39 for the small U-Net), far above the limit of Dawn's OpenGL backend (16) or a
 * core device's default (8): the pipeline is invalid, tfjs does not notice, and the sum reads
 * as garbage. Its Concat kernel already splits by `maxStorageBuffersPerShaderStage - 1`;
 * this does the same for AddN by summing chunks, then the partial sums.
 */
import * as tf from '@tensorflow/tfjs-core';

type KernelFunc = tf.KernelConfig['kernelFunc'];

/** The WebGPU backend fields used here (WebGPUBackend is not part of tfjs-core's types). */
interface WebGpuBackendLike {
  device?: { limits?: { maxStorageBuffersPerShaderStage?: number } };
  disposeData(dataId: object): boolean;
}

let registered = false;

/**
 * Replaces the registered 'webgpu' AddN kernel with a chunking wrapper around it. Call after
 * the tfjs WebGPU package has loaded (it registers the original). Idempotent.
 */
export function registerChunkedAddN(): void {
  if (registered) return;
  const original = tf.getKernel(tf.AddN, 'webgpu');
  if (!original) return;
  const inner: KernelFunc = original.kernelFunc;
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    // AddN receives its tensors as an array passed where a name → tensor map is declared.
    const tensors = inputs as unknown as tf.TensorInfo[];
    const b = backend as WebGpuBackendLike;
    const limit = b.device?.limits?.maxStorageBuffersPerShaderStage ?? 8;
    const chunk = Math.max(2, limit - 1); // one buffer is the output
    return sumInChunks(tensors, chunk, (part) => inner({ inputs: part as unknown as tf.NamedTensorInfoMap, backend, attrs }) as tf.TensorInfo, b);
  };
  tf.unregisterKernel(tf.AddN, 'webgpu');
  tf.registerKernel({ ...original, kernelFunc });
  registered = true;
}

/**
 * Sums `tensors` with `add` taking at most `chunk` inputs at a time. Partial sums this
 * function created are freed once used; the inputs belong to the caller.
 */
export function sumInChunks<T extends { dataId: object }>(tensors: T[], chunk: number, add: (part: T[]) => T, backend: { disposeData(dataId: object): boolean }): T {
  if (tensors.length <= chunk) return add(tensors);
  const partials: T[] = [];
  const owned = new Set<T>();
  for (let i = 0; i < tensors.length; i += chunk) {
    const part = tensors.slice(i, i + chunk);
    if (part.length === 1) {
      partials.push(part[0]);
    } else {
      const s = add(part);
      partials.push(s);
      owned.add(s);
    }
  }
  const total = sumInChunks(partials, chunk, add, backend);
  for (const t of owned) if (t !== total) backend.disposeData(t.dataId);
  return total;
}
