/**
 * CPU backend + tfjs-core gradients for the loop tests. The gradient registrations are
 * imported by path so esbuild bundles them (Node cannot require that ESM file).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../../../node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js';

/** Selects the cpu backend. */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}
