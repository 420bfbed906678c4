/**
 * `@tensorflow/tfjs-node` brings its own copy of tfjs-core and registers its backend
 * there. Our bundle has another copy, so the backend and its kernels are copied into
 * ours: tensors are plain data ids + shapes, so the kernels work across copies.
 */
import * as tf from '@tensorflow/tfjs-core';

interface NodeTf {
  findBackendFactory?(name: string): (() => tf.KernelBackend | Promise<tf.KernelBackend>) | null;
  getKernelsForBackend?(name: string): tf.KernelConfig[];
}

/** Registers the backend named `backendName` of the loaded tfjs-node module `mod` with our tfjs-core. */
export function adoptNodeBackend(mod: unknown, backendName: string): void {
  if (tf.findBackendFactory(backendName)) return;
  const nodeTf = mod as NodeTf;
  const factory = nodeTf.findBackendFactory?.(backendName);
  if (!factory) throw new Error(`the loaded module registers no '${backendName}' backend`);
  tf.registerBackend(backendName, factory, 3);
  for (const k of nodeTf.getKernelsForBackend?.(backendName) ?? []) {
    if (!tf.getKernel(k.kernelName, backendName)) tf.registerKernel(k);
  }
}
