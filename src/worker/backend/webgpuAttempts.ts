/**
 * Which Dawn configurations `loadWebGpu` tries, in order, and the environment each needs.
 * Kept free of Dawn itself so the choice and the failure wording can be unit-tested on
 * machines without the `webgpu` package or a GPU.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** One way of asking Dawn for an adapter. */
export interface DawnAttempt {
  /** Short name used in reports ("vulkan", "opengl", or the override's flags). */
  label: string;
  /** Flags for the `webgpu` package's `create()` (e.g. `backend=opengl`). */
  flags: string[];
  /**
   * Request a WebGPU *compatibility* adapter. Dawn's OpenGL backends expose only those, and
   * a core request there returns null.
   */
  compat: boolean;
}

const GL_BACKEND = /^backend=opengl(es)?$/;

/**
 * The attempts for this machine. `MEDSEG_DAWN_FLAGS` replaces the defaults: `;` separates
 * attempts, whitespace separates the flags of one attempt (commas stay inside a flag, as in
 * `enable-dawn-features=a,b`). `MEDSEG_WEBGPU_COMPAT=1|0` forces or forbids compatibility
 * adapters; by default only the OpenGL backends use them.
 */
export function dawnAttempts(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): DawnAttempt[] {
  const forced = env.MEDSEG_WEBGPU_COMPAT === '1' ? true : env.MEDSEG_WEBGPU_COMPAT === '0' ? false : undefined;
  const make = (flags: string[]): DawnAttempt => ({
    label: flags.length ? flags.join(' ') : 'default',
    flags,
    compat: forced ?? flags.some((f) => GL_BACKEND.test(f)),
  });
  const override = (env.MEDSEG_DAWN_FLAGS ?? '').trim();
  if (override) return override.split(';').map((a) => a.trim().split(/\s+/).filter(Boolean)).filter((f) => f.length).map(make);
  // Off Linux, Dawn's own default (Metal, D3D12) is the right and only choice.
  if (platform !== 'linux') return [make([])];
  // Vulkan first: it is the real-GPU path. Mesa's lavapipe (22.x) is rejected by Dawn, so
  // headless machines land on OpenGL through llvmpipe, then OpenGL ES as a last resort.
  return [make(['backend=vulkan']), make(['backend=opengl']), make(['backend=opengles'])];
}

/** How long one adapter or device request may take before it counts as failed (ms). */
export function adapterTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.MEDSEG_WEBGPU_TIMEOUT_MS);
  // llvmpipe's first EGL context compiles with LLVM: about 1 s idle, several on a busy box.
  return Number.isFinite(v) && v > 0 ? v : 20000;
}

/**
 * Sets what Dawn reads from the environment before it creates an instance: a headless EGL
 * platform for the GL backends (without it EGL looks for an X/Wayland display and fails),
 * and a private XDG_RUNTIME_DIR, which silences Mesa's "XDG_RUNTIME_DIR is invalid" noise.
 * Only fills variables that are unset, so a user's own choice wins.
 */
export function prepareDawnEnv(attempt: DawnAttempt, env: NodeJS.ProcessEnv = process.env): void {
  if (attempt.flags.some((f) => GL_BACKEND.test(f)) && !env.EGL_PLATFORM) env.EGL_PLATFORM = 'surfaceless';
  if (!env.XDG_RUNTIME_DIR && process.platform === 'linux') {
    const dir = path.join(os.tmpdir(), `xdg-runtime-${process.getuid?.() ?? 'user'}`);
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      env.XDG_RUNTIME_DIR = dir;
    } catch {
      // Only cosmetic (Mesa's warning); never a reason to fail.
    }
  }
}

const LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu', '/lib64'];

const ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d'];

function hasLib(name: string): boolean {
  return LIB_DIRS.some((d) => fs.existsSync(path.join(d, name)));
}

/**
 * A likely cause when an attempt finds no adapter, from the libraries Dawn loads: it
 * dlopens the unversioned `libEGL.so` (shipped by libegl-dev, not libegl1) for OpenGL and
 * `libvulkan.so.1` for Vulkan. Empty when the libraries are there (the driver refused).
 */
export function driverHint(attempt: DawnAttempt, platform: NodeJS.Platform = process.platform): string {
  if (platform !== 'linux') return '';
  if (attempt.flags.some((f) => GL_BACKEND.test(f)) && !hasLib('libEGL.so')) {
    return 'libEGL.so not found (Debian: apt-get install libegl-dev libegl-mesa0 libgl1-mesa-dri)';
  }
  if (attempt.flags.includes('backend=vulkan') && !hasLib('libvulkan.so.1')) {
    return 'no Vulkan loader libvulkan.so.1 (Debian: apt-get install libvulkan1 and a driver)';
  }
  // Dawn only says why on stderr; lavapipe (CPU Vulkan) lacks required features in Mesa 22.
  if (attempt.flags.includes('backend=vulkan') && ICD_DIRS.some((d) => fs.existsSync(path.join(d, 'lvp_icd.x86_64.json')))) {
    return "lavapipe, Mesa's CPU Vulkan driver, lacks features Dawn needs";
  }
  return '';
}

/** The adapter fields worth reporting (GPUAdapterInfo). */
export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/** True for CPU rasterisers (llvmpipe, lavapipe, SwiftShader): much slower than the WASM backend. */
export function isSoftwareAdapter(info: AdapterInfoLike): boolean {
  if (info.isFallbackAdapter) return true;
  return /llvmpipe|lavapipe|softpipe|swiftshader|swrast/i.test(`${info.device ?? ''} ${info.description ?? ''}`);
}

/** One line naming the adapter and how it was reached, e.g. "Dawn opengl (compat): llvmpipe … [software]". */
export function describeAdapter(info: AdapterInfoLike, attempt: DawnAttempt): string {
  const name = [info.vendor, info.architecture, info.device, info.description]
    .map((s) => (s ?? '').replace(/-+$/, '').trim()).filter(Boolean).join(', ') || 'unnamed adapter';
  const how = `${attempt.label.replace(/^backend=/, '')}${attempt.compat ? ' (compatibility)' : ''}`;
  return `Dawn ${how}: ${name}${isSoftwareAdapter(info) ? ' [software rasteriser]' : ''}`;
}

/**
 * Rejects with "`what` timed out" when `p` takes longer than `ms`. The timer is not unref'd:
 * a hung native request holds no handle, and the caller must still get its answer.
 */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
