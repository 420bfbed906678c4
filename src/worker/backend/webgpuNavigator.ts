/**
 * Puts Dawn's GPU object where @tensorflow/tfjs-backend-webgpu looks for it
 * (`globalThis.navigator.gpu`), adapted so the backend's own adapter and device requests
 * work on compatibility adapters and cannot hang the worker.
 */
import type { AdapterInfoLike } from './webgpuAttempts';
import { withTimeout } from './webgpuAttempts';

/** The part of a GPUAdapter this module touches. */
export interface DawnAdapter {
  readonly info?: AdapterInfoLike;
  readonly limits: Readonly<Record<string, number>>;
  requestDevice(descriptor?: DeviceDescriptorLike): Promise<unknown>;
}

/** GPUDeviceDescriptor, loosely: only `requiredLimits` is adjusted here. */
export interface DeviceDescriptorLike {
  requiredLimits?: Record<string, number>;
  [key: string]: unknown;
}

/** The part of the GPU object (`navigator.gpu`) tfjs uses. */
export interface DawnGpu {
  requestAdapter(options?: Record<string, unknown>): Promise<DawnAdapter | null>;
  readonly wgslLanguageFeatures?: unknown;
  getPreferredCanvasFormat?(): string;
}

/**
 * Limits a device gets at their (low) defaults unless asked for, but tfjs's kernels need
 * more of: storage buffers per shader (default 8 in core, 4 in compatibility mode; tfjs's
 * Concat splits by it, AddN by webgpuAddN) and, in compatibility mode, uniform buffers and
 * 3-D workgroups. tfjs itself asks only for a few other limits.
 */
const CORE_LIMITS = ['maxStorageBuffersPerShaderStage'];
const COMPAT_LIMITS = [...CORE_LIMITS, 'maxUniformBuffersPerShaderStage', 'maxComputeWorkgroupSizeY', 'maxComputeWorkgroupSizeZ'];

interface NavigatorHolder {
  navigator?: Record<string, unknown>;
}

/**
 * Wraps `gpu` so every adapter request uses the attempt's feature level (tfjs asks with only
 * a power preference) and is time-boxed, and devices get the adapter's limits that tfjs
 * needs (see COMPAT_LIMITS). Returns the object to install as `navigator.gpu`.
 */
export function adaptGpu(gpu: DawnGpu, compat: boolean, timeoutMs: number): DawnGpu {
  const requestAdapter = async (options: Record<string, unknown> = {}): Promise<DawnAdapter | null> => {
    const opts = compat ? { ...options, featureLevel: 'compatibility' } : options;
    const adapter = await withTimeout(gpu.requestAdapter(opts), timeoutMs, 'WebGPU adapter request');
    if (!adapter) return null;
    const requestDevice = adapter.requestDevice.bind(adapter);
    const limits = adapter.limits;
    // The adapter is a native object whose methods live on its prototype; an own property
    // shadows the method for this adapter only.
    Object.defineProperty(adapter, 'requestDevice', {
      configurable: true,
      value: (desc: DeviceDescriptorLike = {}) => {
        const required = { ...(desc.requiredLimits ?? {}) };
        for (const k of compat ? COMPAT_LIMITS : CORE_LIMITS) if (typeof limits[k] === 'number') required[k] = limits[k];
        return withTimeout(requestDevice({ ...desc, requiredLimits: required }), timeoutMs, 'WebGPU device request');
      },
    });
    return adapter;
  };
  return {
    requestAdapter,
    wgslLanguageFeatures: gpu.wgslLanguageFeatures,
    // tfjs only calls this for canvas output, which a worker never has.
    getPreferredCanvasFormat: () => gpu.getPreferredCanvasFormat?.() ?? 'rgba8unorm',
  };
}

/**
 * Sets `globalThis.navigator.gpu`. Node 20 has no `navigator`; Node 21+ has one without
 * `gpu`. Must run before the tfjs WebGPU package is loaded: it registers its backend at
 * load time only if `navigator.gpu` exists.
 */
export function installNavigatorGpu(gpu: DawnGpu): void {
  const g = globalThis as unknown as NavigatorHolder;
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
}
