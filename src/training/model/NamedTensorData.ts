import type * as tf from '@tensorflow/tfjs-core';

/** A plain, serialisable copy of one tensor: the unit of checkpoints and optimiser state. */
export interface NamedTensorData {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** A model or loss variable with its stable, checkpoint-facing name. */
export interface NamedVariable {
  /** Stable name, e.g. `enc0/conv1/kernel`; tfjs's own variable names are global and not stable. */
  name: string;
  variable: tf.Variable;
  /** True for convolution/dense kernels: the weights AdamW decays (not biases, norm parameters, PReLU slopes). */
  decay: boolean;
}
