/**
 * Cast for the tfjs WebGPU backend that really converts int32/bool data to float32.
 *
 * tfjs-backend-webgpu 4.22 treats int32 → float32 and bool → float32 as lossless and returns
 * the input's buffer (still i32) under a float32 label. Shaders are generated from the
 * buffer's type, and some (Transpose, which mean/sum over inner axes use) then fail WGSL
 * validation ("expected 'f32', got 'i32'"): the kernel silently produces garbage and the
 * loss reads NaN. Masks made with `tf.cast(tf.greater(…), 'float32')` or one-hot targets hit
 * this. Here those casts run a copy shader whose input getter converts to f32.
 */
import * as tf from '@tensorflow/tfjs-core';

type KernelFunc = tf.KernelConfig['kernelFunc'];

/** The WebGPU backend method used here (WebGPUBackend is not part of tfjs-core's types). */
interface WebGpuBackendLike {
  runWebGPUProgram(program: object, inputs: tf.TensorInfo[], outputDtype: tf.DataType): tf.TensorInfo;
}

const WORKGROUP_X = 128;

/**
 * A program in the shape tfjs-backend-webgpu compiles (duck-typed like its UnaryOpProgram).
 * `getAByOutputIndex` is generated as `f32(A[i])`, so the copy converts.
 */
export class ToFloatProgram {
  readonly variableNames = ['A'];
  readonly size = true;
  readonly workgroupSize: [number, number, number] = [WORKGROUP_X, 1, 1];
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  readonly shaderKey = 'medseg_to_float';

  constructor(readonly outputShape: number[]) {
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    const n = outputShape.reduce((p, d) => p * d, 1);
    this.dispatch = [Math.ceil(n / WORKGROUP_X), 1, 1];
  }

  /** WGSL body; tfjs adds the bindings, getters and the `main` entry point wrapper. */
  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          setOutputAtIndex(index, getAByOutputIndex(index));
        }
      }`;
  }
}

let registered = false;

/**
 * Replaces the registered 'webgpu' Cast kernel with one that converts int32/bool → float32
 * on the GPU and defers to the original for everything else. Call after the tfjs WebGPU
 * package has loaded. Idempotent.
 */
export function registerFloatCast(): void {
  if (registered) return;
  const original = tf.getKernel(tf.Cast, 'webgpu');
  if (!original) return;
  const inner: KernelFunc = original.kernelFunc;
  const kernelFunc: KernelFunc = (args) => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    const dtype = (args.attrs as { dtype?: tf.DataType } | undefined)?.dtype;
    if (dtype === 'float32' && (x.dtype === 'int32' || x.dtype === 'bool')) {
      // Scalars and empty tensors included: the backend uploads CPU-held values first.
      return (args.backend as WebGpuBackendLike).runWebGPUProgram(new ToFloatProgram([...x.shape]), [x], 'float32');
    }
    return inner(args);
  };
  tf.unregisterKernel(tf.Cast, 'webgpu');
  tf.registerKernel({ ...original, kernelFunc });
  registered = true;
}
