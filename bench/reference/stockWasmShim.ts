/**
 * The "before" baseline of the train benchmark: tfjs-backend-wasm's stock kernels plus the
 * reference Conv2DBackpropFilter shim from the issue (per-tap strided slices and a
 * transposed-A BatchMatMul, which tfjs-wasm runs in a scalar loop, not XNNPACK). Without a
 * Conv2DBackpropFilter the stock WASM backend cannot train at all.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Registers the reference shim for 'wasm' (the caller removes MedSeg's kernels first). */
export function registerReferenceShim(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) => {
      const x = inputs.x as tf.Tensor4D, dy = inputs.dy as tf.Tensor4D;
      const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      const info = tf.backend_util.computeConv2DInfo(x.shape, a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
      const { batchSize, inChannels, outChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
      return tf.tidy(() => {
        const xp = tf.pad(x, [[0, 0], [padInfo.top, padInfo.bottom], [padInfo.left, padInfo.right], [0, 0]]);
        const n = batchSize * outHeight * outWidth;
        const dy2 = tf.reshape(dy, [n, outChannels]);
        const taps: tf.Tensor[] = [];
        for (let kh = 0; kh < filterHeight; kh++) {
          for (let kw = 0; kw < filterWidth; kw++) {
            const sl = tf.stridedSlice(xp, [0, kh, kw, 0],
              [batchSize, kh + (outHeight - 1) * strideHeight + 1, kw + (outWidth - 1) * strideWidth + 1, inChannels],
              [1, strideHeight, strideWidth, 1]);
            taps.push(tf.matMul(tf.reshape(sl, [n, inChannels]), dy2, true, false));
          }
        }
        return tf.reshape(tf.stack(taps), a.filterShape);
      }) as unknown as tf.TensorInfo;
    },
  });
}
