/**
 * A faster `Conv2DBackpropInput` for the WASM backend (the stock one is a scalar C++ loop,
 * ~20× slower than the XNNPACK forward conv). It is also the forward pass of
 * `conv2dTranspose`, so it matters for inference as well as training.
 *
 * Routes, all on the backend's XNNPACK kernels:
 * - kernel == stride, no padding (the U-Net's 2×2/2 up-conv): the output windows do not
 *   overlap, so dx is one GEMM dy[N,Co]·Wᵀ[Co,kh·kw·Ci] followed by a depth-to-space shuffle.
 * - otherwise: dx is the forward correlation of dy (zero-stuffed by the stride when s > 1)
 *   with the filter rotated by 180° and its channel axes swapped, padded by k−1−pad.
 * Explicit paddings larger than k−1 (no valid route) go to the stock kernel.
 */
import { backend_util, Conv2DBackpropInputAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { RawKernelFunc, Scratch, WasmBackendLike } from './callWasmKernel';

let stockConfig: KernelConfig | undefined;

/** Remembers the backend's own kernel, used where no faster route applies. */
export function setStockConv2DBackpropInput(config: KernelConfig | undefined): void {
  stockConfig = config;
}

type Args = { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: WasmBackendLike; attrs: Conv2DBackpropInputAttrs };

/** Kernel function; exported for tests. */
export function conv2dBackpropInputWasm(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  const $dataFormat = backend_util.convertConv2DDataFormat(dataFormat);
  const info = backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, $dataFormat);
  const { batchSize, inHeight, inWidth, inChannels, outChannels, outHeight, outWidth,
    filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, padInfo } = info;
  const top = kh - 1 - padInfo.top;
  const left = kw - 1 - padInfo.left;
  if ($dataFormat !== 'channelsLast' || top < 0 || left < 0) return stock(args);

  const s = new Scratch(backend);
  try {
    let out: TensorInfo;
    const noPad = padInfo.top === 0 && padInfo.left === 0 && padInfo.bottom === 0 && padInfo.right === 0;
    if (kh === sh && kw === sw && noPad && inHeight === outHeight * sh && inWidth === outWidth * sw) {
      // dx[b, oh·s+i, ow·s+j, ci] = Σ_co dy[b,oh,ow,co] · W[i,j,ci,co]
      const wT = s.transpose(s.reshape(filter, [kh * kw * inChannels, outChannels]), [1, 0]);
      const y = s.run('BatchMatMul', {
        a: s.reshape(dy, [1, batchSize * outHeight * outWidth, outChannels]),
        b: s.reshape(wT, [1, outChannels, kh * kw * inChannels]),
      }, { transposeA: false, transposeB: false });
      const shuffled = s.transpose(s.reshape(y, [batchSize * outHeight, outWidth, kh, kw * inChannels]), [0, 2, 1, 3]);
      out = s.reshape(shuffled, [batchSize, inHeight, inWidth, inChannels]);
    } else {
      // Zero-stuff dy so a stride-s transposed conv becomes a stride-1 correlation. The
      // stuffed size is o·s (s−1 trailing zeros); the bottom/right pads below absorb that.
      let z = dy;
      if (sw > 1) {
        const col = s.run('PadV2', { x: s.reshape(z, [batchSize * outHeight * outWidth, 1, outChannels]) },
          { paddings: [[0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
        z = s.reshape(col, [batchSize, outHeight, outWidth * sw, outChannels]);
      }
      if (sh > 1) {
        const row = s.run('PadV2', { x: s.reshape(z, [batchSize * outHeight, 1, outWidth * sw * outChannels]) },
          { paddings: [[0, 0], [0, sh - 1], [0, 0]], constantValue: 0 });
        z = s.reshape(row, [batchSize, outHeight * sh, outWidth * sw, outChannels]);
      }
      // W[kh,kw,ci,co] -> rot180 and swap channels -> [kh,kw,co,ci].
      const flipped = s.transpose(s.run('Reverse', { x: filter }, { dims: [0, 1] }), [0, 1, 3, 2]);
      const bottom = inHeight + kh - 1 - outHeight * sh - top;
      const right = inWidth + kw - 1 - outWidth * sw - left;
      out = s.run('Conv2D', { x: z, filter: flipped }, {
        strides: [1, 1], dilations: [1, 1], dataFormat: 'NHWC',
        pad: [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]],
      });
      if (out.shape[1] !== inHeight || out.shape[2] !== inWidth) {
        out = s.run('Slice', { x: out }, { begin: [0, 0, 0, 0], size: [batchSize, inHeight, inWidth, inChannels] });
      }
    }
    s.dispose(out);
    return out;
  } catch (e) {
    s.dispose();
    throw e;
  }
}

function stock(args: Args): TensorInfo {
  if (!stockConfig) throw new Error('wasm Conv2DBackpropInput: no stock kernel to fall back to');
  return (stockConfig.kernelFunc as unknown as RawKernelFunc)(args as unknown as Parameters<RawKernelFunc>[0]) as TensorInfo;
}

/** Registration record for the engine (replaces the stock kernel). */
export const conv2dBackpropInputWasmConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInputWasm as unknown as KernelFunc,
};
