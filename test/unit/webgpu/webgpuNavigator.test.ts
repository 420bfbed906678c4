/**
 * The navigator.gpu adapter (feature level, device limits, time-box) with a fake Dawn, and
 * the chunked AddN summation. Pure logic: no `webgpu` package or GPU needed.
 */
import * as assert from 'assert';
import { adaptGpu, installNavigatorGpu, type DawnAdapter, type DeviceDescriptorLike, type DawnGpu } from '../../../src/worker/backend/webgpuNavigator';
import { sumInChunks } from '../../../src/worker/backend/webgpuAddN';

/** A fake GPU recording what it was asked for. */
function fakeGpu(adapter: 'ok' | 'null' | 'hang'): { gpu: DawnGpu; adapterOpts: Record<string, unknown>[]; deviceDescs: DeviceDescriptorLike[] } {
  const adapterOpts: Record<string, unknown>[] = [];
  const deviceDescs: DeviceDescriptorLike[] = [];
  const make = (): DawnAdapter => ({
    limits: { maxStorageBuffersPerShaderStage: 16, maxUniformBuffersPerShaderStage: 16, maxComputeWorkgroupSizeY: 256, maxComputeWorkgroupSizeZ: 64 },
    requestDevice: (d?: DeviceDescriptorLike) => {
      deviceDescs.push(d ?? {});
      return Promise.resolve({ device: true });
    },
  });
  const gpu: DawnGpu = {
    requestAdapter: (o?: Record<string, unknown>) => {
      adapterOpts.push(o ?? {});
      if (adapter === 'hang') return new Promise(() => undefined);
      return Promise.resolve(adapter === 'ok' ? make() : null);
    },
    wgslLanguageFeatures: new Set(['packed_4x8_integer_dot_product']),
  };
  return { gpu, adapterOpts, deviceDescs };
}

describe('webgpu/webgpuNavigator', () => {
  it('asks for a compatibility adapter and raises the device limits tfjs needs', async () => {
    const f = fakeGpu('ok');
    const gpu = adaptGpu(f.gpu, true, 1000);
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    assert.deepStrictEqual(f.adapterOpts, [{ powerPreference: 'high-performance', featureLevel: 'compatibility' }]);
    assert.ok(adapter);
    await adapter.requestDevice({ requiredLimits: { maxBufferSize: 1024 }, requiredFeatures: [] });
    assert.deepStrictEqual(f.deviceDescs[0], {
      requiredFeatures: [],
      requiredLimits: { maxBufferSize: 1024, maxStorageBuffersPerShaderStage: 16, maxUniformBuffersPerShaderStage: 16, maxComputeWorkgroupSizeY: 256, maxComputeWorkgroupSizeZ: 64 },
    });
    assert.strictEqual(gpu.wgslLanguageFeatures, f.gpu.wgslLanguageFeatures);
    assert.strictEqual(gpu.getPreferredCanvasFormat?.(), 'rgba8unorm');
  });

  it('leaves core requests alone except for the storage-buffer limit', async () => {
    const f = fakeGpu('ok');
    const adapter = await adaptGpu(f.gpu, false, 1000).requestAdapter({});
    assert.deepStrictEqual(f.adapterOpts, [{}]);
    await adapter?.requestDevice();
    assert.deepStrictEqual(f.deviceDescs[0], { requiredLimits: { maxStorageBuffersPerShaderStage: 16 } });
  });

  it('passes a missing adapter through as null and times out a hung request', async () => {
    assert.strictEqual(await adaptGpu(fakeGpu('null').gpu, true, 1000).requestAdapter(), null);
    await assert.rejects(adaptGpu(fakeGpu('hang').gpu, true, 30).requestAdapter(), /adapter request timed out/);
  });

  it('installs navigator.gpu', () => {
    const g = globalThis as unknown as { navigator?: { gpu?: DawnGpu } };
    // Another suite in this process may have installed Dawn's real one: put it back after.
    const previous = g.navigator?.gpu;
    const gpu = fakeGpu('ok').gpu;
    try {
      installNavigatorGpu(gpu);
      assert.strictEqual(g.navigator?.gpu, gpu);
      delete g.navigator?.gpu;
    } finally {
      if (previous) installNavigatorGpu(previous);
    }
  });
});

describe('webgpu/webgpuAddN sumInChunks', () => {
  interface T { dataId: object; v: number }
  const mk = (v: number): T => ({ dataId: {}, v });

  it('sums in chunks of at most `chunk` inputs and frees only its own partial sums', () => {
    for (const [n, chunk] of [[1, 3], [3, 3], [4, 3], [39, 15], [40, 2], [100, 7]]) {
      const inputs = Array.from({ length: n }, (_, i) => mk(i + 1));
      const created = new Set<object>();
      const freed: object[] = [];
      const add = (part: T[]): T => {
        assert.ok(part.length <= chunk, `chunk of ${part.length} > ${chunk}`);
        const t = mk(part.reduce((s, p) => s + p.v, 0));
        created.add(t.dataId);
        return t;
      };
      const total = sumInChunks(inputs, chunk, add, { disposeData: (id) => (freed.push(id), true) });
      assert.strictEqual(total.v, (n * (n + 1)) / 2, `n=${n} chunk=${chunk}`);
      assert.ok(freed.every((id) => created.has(id) && id !== total.dataId), 'freed an input or the result');
      assert.strictEqual(freed.length, created.size - 1, 'every partial sum freed once');
    }
  });
});
