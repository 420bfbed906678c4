/**
 * The Dawn attempt list, its MEDSEG_DAWN_FLAGS override, adapter naming and the time-box.
 * Pure logic: runs on every machine, with or without the `webgpu` package or a GPU.
 */
import * as assert from 'assert';
import {
  adapterTimeoutMs, dawnAttempts, describeAdapter, driverHint, isSoftwareAdapter, prepareDawnEnv, withTimeout,
} from '../../../src/worker/backend/webgpuAttempts';

describe('webgpu/webgpuAttempts', () => {
  it('tries Vulkan, then OpenGL and OpenGL ES as compatibility adapters on Linux', () => {
    const a = dawnAttempts({}, 'linux');
    assert.deepStrictEqual(a.map((x) => [x.flags.join(' '), x.compat]), [
      ['backend=vulkan', false], ['backend=opengl', true], ['backend=opengles', true],
    ]);
  });

  it("uses Dawn's default backend elsewhere", () => {
    for (const p of ['darwin', 'win32'] as const) {
      assert.deepStrictEqual(dawnAttempts({}, p), [{ label: 'default', flags: [], compat: false }]);
    }
  });

  it('MEDSEG_DAWN_FLAGS replaces the list: ";" between attempts, spaces between flags', () => {
    const a = dawnAttempts({ MEDSEG_DAWN_FLAGS: ' backend=opengl enable-dawn-features=a,b ; backend=vulkan ;; ' }, 'linux');
    assert.deepStrictEqual(a, [
      { label: 'backend=opengl enable-dawn-features=a,b', flags: ['backend=opengl', 'enable-dawn-features=a,b'], compat: true },
      { label: 'backend=vulkan', flags: ['backend=vulkan'], compat: false },
    ]);
    assert.strictEqual(dawnAttempts({ MEDSEG_DAWN_FLAGS: '   ' }, 'linux').length, 3, 'blank means defaults');
  });

  it('MEDSEG_WEBGPU_COMPAT forces or forbids compatibility adapters', () => {
    assert.ok(dawnAttempts({ MEDSEG_WEBGPU_COMPAT: '1' }, 'linux').every((a) => a.compat));
    assert.ok(dawnAttempts({ MEDSEG_WEBGPU_COMPAT: '0' }, 'linux').every((a) => !a.compat));
  });

  it('reads the adapter timeout from MEDSEG_WEBGPU_TIMEOUT_MS, ignoring nonsense', () => {
    assert.strictEqual(adapterTimeoutMs({ MEDSEG_WEBGPU_TIMEOUT_MS: '1500' }), 1500);
    assert.strictEqual(adapterTimeoutMs({ MEDSEG_WEBGPU_TIMEOUT_MS: 'soon' }), 20000);
    assert.strictEqual(adapterTimeoutMs({ MEDSEG_WEBGPU_TIMEOUT_MS: '-3' }), 20000);
    assert.strictEqual(adapterTimeoutMs({}), 20000);
  });

  it('sets a headless EGL platform for the GL backends only, keeping a user value', () => {
    const [vk, gl] = dawnAttempts({}, 'linux');
    const env: NodeJS.ProcessEnv = { XDG_RUNTIME_DIR: '/run/user/1' };
    prepareDawnEnv(vk, env);
    assert.strictEqual(env.EGL_PLATFORM, undefined);
    prepareDawnEnv(gl, env);
    assert.strictEqual(env.EGL_PLATFORM, 'surfaceless');
    const own: NodeJS.ProcessEnv = { EGL_PLATFORM: 'x11', XDG_RUNTIME_DIR: '/run/user/1' };
    prepareDawnEnv(gl, own);
    assert.strictEqual(own.EGL_PLATFORM, 'x11');
    assert.strictEqual(own.XDG_RUNTIME_DIR, '/run/user/1');
  });

  it('names the adapter and how it was reached, flagging CPU rasterisers', () => {
    const gl = dawnAttempts({}, 'linux')[1];
    const info = { vendor: '', architecture: '', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL version 4.5 (Core Profile) Mesa 22.3.6' };
    assert.strictEqual(describeAdapter(info, gl),
      'Dawn opengl (compatibility): llvmpipe-llvm-15-0-6-256-bits, OpenGL version 4.5 (Core Profile) Mesa 22.3.6 [software rasteriser]');
    const vk = dawnAttempts({}, 'linux')[0];
    assert.strictEqual(describeAdapter({ vendor: 'nvidia', architecture: 'ampere', device: 'RTX A4000' }, vk), 'Dawn vulkan: nvidia, ampere, RTX A4000');
    assert.strictEqual(describeAdapter({}, vk), 'Dawn vulkan: unnamed adapter');
    assert.ok(isSoftwareAdapter({ description: 'SwiftShader Device (Subzero)' }));
    assert.ok(isSoftwareAdapter({ isFallbackAdapter: true }));
    assert.ok(!isSoftwareAdapter({ vendor: 'amd', device: 'Radeon RX 7900' }));
  });

  it('gives no library hints off Linux', () => {
    for (const a of dawnAttempts({}, 'linux')) assert.strictEqual(driverHint(a, 'darwin'), '');
  });

  it('time-boxes a request that never settles, and passes results and errors through', async () => {
    const never = new Promise<number>(() => undefined);
    await assert.rejects(withTimeout(never, 30, 'WebGPU adapter request'), /WebGPU adapter request timed out after 30 ms/);
    assert.strictEqual(await withTimeout(Promise.resolve(4), 1000, 'x'), 4);
    await assert.rejects(withTimeout(Promise.reject(new Error('driver said no')), 1000, 'x'), /driver said no/);
  });
});
