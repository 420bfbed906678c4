/**
 * WebGPU in Node through the optional npm package `webgpu` (Dawn). Sets `navigator.gpu`
 * before the tfjs WebGPU backend loads, and asks for an adapter; returns its description.
 */
export async function loadWebGpu(): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dawn = require('webgpu') as { create(flags: string[]): GPULike; globals?: Record<string, unknown> };
  if (dawn.globals) Object.assign(globalThis, dawn.globals);
  const flags = (process.env.MEDSEG_DAWN_FLAGS ?? '').split(',').filter(Boolean);
  const gpu = dawn.create(flags);
  const nav = (globalThis as unknown as { navigator?: Record<string, unknown> }).navigator;
  if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('no GPU adapter (no Vulkan/OpenGL driver found by Dawn)');
  await import('@tensorflow/tfjs-backend-webgpu');
  const info = adapter.info ?? {};
  return `Dawn: ${[info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'adapter'}`;
}

interface GPULike {
  requestAdapter(opts?: unknown): Promise<{ info?: { vendor?: string; architecture?: string; device?: string; description?: string } } | null>;
}
