/**
 * Registers MedSeg's WASM training kernels (the backward convolutions tfjs-backend-wasm
 * lacks or runs slowly). Idempotent; `unregisterWasmKernels` restores the stock set so
 * benchmarks can compare both in one process.
 */
import { getKernel, KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterWasmConfig } from './conv2dBackpropFilterWasm';
import { conv2dBackpropInputWasmConfig, setStockConv2DBackpropInput } from './conv2dBackpropInputWasm';
import { tileWasmConfig } from './tileWasm';

const CUSTOM: KernelConfig[] = [conv2dBackpropFilterWasmConfig, conv2dBackpropInputWasmConfig, tileWasmConfig];
const stock = new Map<string, KernelConfig | undefined>();

/** Names of the kernels registered by `registerWasmKernels`. */
export const WASM_KERNEL_NAMES: readonly string[] = CUSTOM.map((k) => k.kernelName);

/**
 * Registers the custom kernels for 'wasm', replacing stock ones (kept for fallback).
 * Call after `@tensorflow/tfjs-backend-wasm` is imported (it registers its kernels on import).
 * Returns the names registered.
 */
export function registerWasmKernels(): string[] {
  for (const k of CUSTOM) {
    const current = getKernel(k.kernelName, 'wasm');
    if (current === k) continue;
    if (current) unregisterKernel(k.kernelName, 'wasm');
    stock.set(k.kernelName, current);
    if (k.kernelName === 'Conv2DBackpropInput') setStockConv2DBackpropInput(current);
    registerKernel(k);
  }
  return [...WASM_KERNEL_NAMES];
}

/** Puts back the stock kernels (and removes those the backend never had). */
export function unregisterWasmKernels(): void {
  for (const k of CUSTOM) {
    if (getKernel(k.kernelName, 'wasm') !== k) continue;
    unregisterKernel(k.kernelName, 'wasm');
    const orig = stock.get(k.kernelName);
    if (orig) registerKernel(orig);
  }
}

/** Whether the custom kernels are the ones currently registered. */
export function wasmKernelsRegistered(): boolean {
  return CUSTOM.every((k) => getKernel(k.kernelName, 'wasm') === k);
}
