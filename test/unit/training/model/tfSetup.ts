/**
 * Test setup for the training layer: the cpu backend plus tfjs-core's gradient registrations.
 * tfjs-core's CommonJS bundle (what Node loads when packages stay external) registers no
 * gradients, and its ESM `register_all_gradients` cannot be loaded by Node directly, so it is
 * imported by path: esbuild then bundles it into the test, and it registers into tfjs's global
 * registry shared with the CJS core. The worker bundle imports it by package name instead.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../../../../node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js';

/** Selects the cpu backend; call in a mocha `before`. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}
