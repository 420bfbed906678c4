/**
 * `Conv2DBackpropFilter` for the WASM backend, which tfjs-backend-wasm 4.22 lacks.
 *
 * The filter gradient is itself a convolution once batch and channel axes swap roles:
 *   dW[kh,kw,ci,co] = Σ_{b,oh,ow} x[b, oh·s+kh−pt, ow·s+kw−pl, ci] · dy[b,oh,ow,co]
 * Reading x as an image batch of `ci` single images with `b` channels ([ci,H,W,b]) and dy
 * as a filter of size oH×oW with `b` inputs and `co` outputs ([oH,oW,b,co]), this is a
 * forward conv with dilation `s` (the original stride) and output size kh×kw. That runs
 * on the backend's XNNPACK `Conv2D` (SIMD GEMM), instead of a scalar loop or the
 * transposed-A BatchMatMul, which tfjs-wasm computes without XNNPACK.
 */
import { backend_util, Conv2DBackpropFilterAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { Scratch, WasmBackendLike } from './callWasmKernel';

type Args = { inputs: { x: TensorInfo; dy: TensorInfo }; backend: WasmBackendLike; attrs: Conv2DBackpropFilterAttrs };

/**
 * Kernel function; exported for tests. `backendName` picks whose Conv2D/Transpose kernels run
 * it: the same route also replaces the cpu backend's 7-deep scalar loop.
 */
export function conv2dBackpropFilterWasm(args: Args, backendName = 'wasm'): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  if (backend_util.convertConv2DDataFormat(dataFormat) !== 'channelsLast') {
    throw new Error(`${backendName} Conv2DBackpropFilter supports NHWC only, got ${dataFormat}`);
  }
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const { inChannels, outChannels, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const s = new Scratch(backend, backendName);
  try {
    // dy-as-image packs x as XNNPACK weights: only worth it while x is not much wider than dy
    // (a 16→1 head would pack 16× more than it saves).
    const dyRoute = strideHeight === 1 && strideWidth === 1 && inChannels > outChannels && inChannels <= 4 * outChannels
      && Math.max(padInfo.top, padInfo.bottom) < filterHeight && Math.max(padInfo.left, padInfo.right) < filterWidth;
    const out = dyRoute ? dyAsImage(s, x, dy, info) : xAsImage(s, x, dy, info);
    s.dispose(out);
    return out;
  } catch (e) {
    s.dispose();
    throw e;
  }
}

/** x as Ci images with B channels, dy as an oH×oW filter (dilated by the stride). */
function xAsImage(s: Scratch, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outChannels, outHeight, outWidth,
    filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const filterShape = [filterHeight, filterWidth, inChannels, outChannels];
    // Transposes run on merged (rank-3) shapes: tfjs-wasm's generic rank-4 transpose is ~3×
    // slower for the same permutation.
    // [B,H,W,Ci] -> [Ci,H,W,B]: Ci "images" with B "channels".
    const xT = s.reshape(s.transpose(s.reshape(x, [batchSize, inHeight * inWidth, inChannels]), [2, 1, 0]),
      [inChannels, inHeight, inWidth, batchSize]);
    // [B,oH,oW,Co] -> [oH,oW,B,Co]: an oH×oW filter from B to Co channels (same bytes when B = 1).
    const dyT = batchSize === 1 ? s.reshape(dy, [outHeight, outWidth, 1, outChannels])
      : s.reshape(s.transpose(s.reshape(dy, [batchSize, outHeight * outWidth, outChannels]), [1, 0, 2]), [outHeight, outWidth, batchSize, outChannels]);
    // Pad only as far as the last tap needs; XNNPACK pads must be non-negative, and a
    // larger output (rows the stride skipped) is sliced off below.
    const padBottom = Math.max(0, (outHeight - 1) * strideHeight + filterHeight - inHeight - padInfo.top);
    const padRight = Math.max(0, (outWidth - 1) * strideWidth + filterWidth - inWidth - padInfo.left);
    let w = s.run('Conv2D', { x: xT, filter: dyT }, {
      strides: [1, 1], dilations: [strideHeight, strideWidth], dataFormat: 'NHWC',
      pad: [[0, 0], [padInfo.top, padBottom], [padInfo.left, padRight], [0, 0]],
    });
    if (w.shape[1] !== filterHeight || w.shape[2] !== filterWidth) {
      w = s.run('Slice', { x: w }, { begin: [0, 0, 0, 0], size: [inChannels, filterHeight, filterWidth, outChannels] });
    }
    // [Ci,kH,kW,Co] -> [kH,kW,Ci,Co] (same bytes when Ci = 1).
    return inChannels === 1 ? s.reshape(w, filterShape)
      : s.reshape(s.transpose(s.reshape(w, [inChannels, filterHeight * filterWidth, outChannels]), [1, 0, 2]), filterShape);
}

/**
 * Stride 1 only: dy as Co images with B channels, x as an H×W filter. The correlation then
 * runs backwards over the taps (out[j] = dW[k−1−j]), so the small result is flipped. Cheaper
 * when Ci > Co (the decoder's concat convs): the slow channel-to-batch transpose moves dy, the
 * smaller tensor, and XNNPACK gets the wider output (Ci).
 */
function dyAsImage(s: Scratch, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outChannels, outHeight, outWidth, filterHeight, filterWidth, padInfo } = info;
  const dyT = s.reshape(s.transpose(s.reshape(dy, [batchSize, outHeight * outWidth, outChannels]), [2, 1, 0]),
    [outChannels, outHeight, outWidth, batchSize]);
  const xT = batchSize === 1 ? s.reshape(x, [inHeight, inWidth, 1, inChannels])
    : s.reshape(s.transpose(s.reshape(x, [batchSize, inHeight * inWidth, inChannels]), [1, 0, 2]), [inHeight, inWidth, batchSize, inChannels]);
  const w = s.run('Conv2D', { x: dyT, filter: xT }, {
    strides: [1, 1], dilations: [1, 1], dataFormat: 'NHWC',
    pad: [[0, 0], [filterHeight - 1 - padInfo.top, filterHeight - 1 - padInfo.bottom],
      [filterWidth - 1 - padInfo.left, filterWidth - 1 - padInfo.right], [0, 0]],
  });
  // [Co,kH,kW,Ci] flipped -> [kH,kW,Ci,Co].
  const flipped = s.run('Reverse', { x: w }, { dims: [1, 2] });
  return s.reshape(s.transpose(s.reshape(flipped, [outChannels, filterHeight * filterWidth, inChannels]), [1, 2, 0]),
    [filterHeight, filterWidth, inChannels, outChannels]);
}

/** Registration record for the engine. */
export const conv2dBackpropFilterWasmConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilterWasm as unknown as KernelFunc,
};

/** The same kernel for the cpu backend (pure-JS fallback), through its forward Conv2D. */
export const conv2dBackpropFilterCpuConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'cpu',
  kernelFunc: ((args: Args) => conv2dBackpropFilterWasm(args, 'cpu')) as unknown as KernelFunc,
};
