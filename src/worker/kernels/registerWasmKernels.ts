/**
 * Registers MedSeg's WASM training kernels (the backward convolutions tfjs-backend-wasm
 * lacks or runs slowly, and a copy-based Tile). Idempotent; `unregisterWasmKernels`
 * restores the stock set so benchmarks can compare both in one process.
 */
import { getKernel, KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterCpuConfig, conv2dBackpropFilterWasmConfig } from './conv2dBackpropFilterWasm';
import { conv2dBackpropInputWasmConfig, setStockConv2DBackpropInput } from './conv2dBackpropInputWasm';
import { tileWasmConfig } from './tileWasm';

const CUSTOM: KernelConfig[] = [conv2dBackpropFilterWasmConfig, conv2dBackpropInputWasmConfig, tileWasmConfig];
/** The stock kernel each custom one replaced (undefined: the backend had none). */
const stock = new Map<string, KernelConfig | undefined>();
/** What is registered for each name while ours are active. */
const active = new Map<string, KernelConfig>();

/** Names of the kernels registered by `registerWasmKernels`. */
export const WASM_KERNEL_NAMES: readonly string[] = CUSTOM.map((k) => k.kernelName);

/**
 * Registers the custom kernels for 'wasm', replacing stock ones (kept for fallback and for
 * `unregisterWasmKernels`). Call after `@tensorflow/tfjs-backend-wasm` is imported (it
 * registers its kernels on import). Returns the names registered.
 */
export function registerWasmKernels(): string[] {
  for (const k of CUSTOM) {
    const current = getKernel(k.kernelName, 'wasm');
    if (current && current === active.get(k.kernelName)) continue;
    if (current) unregisterKernel(k.kernelName, 'wasm');
    stock.set(k.kernelName, current);
    if (k.kernelName === 'Conv2DBackpropInput') setStockConv2DBackpropInput(current);
    // Stock kernels bind their wasm exports in setupFunc, which only runs for kernels
    // registered when the backend initialises: run it with ours so a fallback or a later
    // unregisterWasmKernels() finds the stock kernel ready.
    const config: KernelConfig = {
      ...k,
      setupFunc: (backend) => {
        current?.setupFunc?.(backend);
        k.setupFunc?.(backend);
      },
    };
    active.set(k.kernelName, config);
    registerKernel(config);
  }
  return [...WASM_KERNEL_NAMES];
}

/** Puts back the stock kernels (and removes those the backend never had). */
export function unregisterWasmKernels(): void {
  for (const k of CUSTOM) {
    if (getKernel(k.kernelName, 'wasm') !== active.get(k.kernelName)) continue;
    unregisterKernel(k.kernelName, 'wasm');
    active.delete(k.kernelName);
    const orig = stock.get(k.kernelName);
    if (orig) registerKernel(orig);
  }
}

/** Whether the custom kernels are the ones currently registered. */
export function wasmKernelsRegistered(): boolean {
  return CUSTOM.every((k) => active.has(k.kernelName) && getKernel(k.kernelName, 'wasm') === active.get(k.kernelName));
}

let cpuStock: KernelConfig | undefined;

/**
 * Replaces the cpu backend's Conv2DBackpropFilter (a scalar 7-deep loop, >90% of a cpu
 * training step) by the forward-conv route. Idempotent; `false` undoes it.
 */
export function registerCpuKernels(enable = true): void {
  const current = getKernel('Conv2DBackpropFilter', 'cpu');
  const ours = current === conv2dBackpropFilterCpuConfig;
  if (enable === ours) return;
  if (current) unregisterKernel('Conv2DBackpropFilter', 'cpu');
  if (enable) {
    cpuStock = current;
    registerKernel(conv2dBackpropFilterCpuConfig);
  } else if (cpuStock) {
    registerKernel(cpuStock);
  }
}
