import * as assert from 'assert';
import {
  AUGMENTATION_PRESETS, augmentationPreset, resolveAugmentationConfig, validateAugmentationConfig,
} from '../../../src/core/augmentation/AugmentationConfig';
import { MedSegError } from '../../../src/core/util/MedSegError';

function throwsNaming(fn: () => unknown, field: string): void {
  assert.throws(fn, (e: unknown) => e instanceof MedSegError && e.code === 'bad-config' && e.message.includes(field), `expected an error naming ${field}`);
}

describe('AugmentationConfig', () => {
  it('every preset validates', () => {
    for (const p of AUGMENTATION_PRESETS) assert.strictEqual(validateAugmentationConfig(augmentationPreset(p)).name, p);
  });
  it('brats-da3 has the documented settings', () => {
    const c = augmentationPreset('nnunet-brats-da3');
    assert.strictEqual(c.rotation.p, 0.3);
    assert.strictEqual(c.scaling.p, 0.3);
    assert.deepStrictEqual(c.scaling.range, [0.65, 1.6]);
    assert.strictEqual(c.elastic.p, 0.3);
    assert.strictEqual(c.brightnessAdditive.p, 0.3);
    assert.strictEqual(c.brightnessAdditive.sigma, 0.2);
    assert.deepStrictEqual(c.elastic.deformationScale, [0, 0.25]);
    assert.strictEqual(c.scaling.perAxisP, 0.3);
    assert.ok(c.gamma.range[0] < augmentationPreset('nnunet-default').gamma.range[0], 'DA3 gamma should be more aggressive');
  });
  it('presets are fresh copies', () => {
    const a = augmentationPreset('nnunet-default');
    a.rotation.p = 0.9;
    assert.strictEqual(augmentationPreset('nnunet-default').rotation.p, 0.2);
  });
  it('errors name the offending field', () => {
    const c = augmentationPreset('nnunet-default');
    throwsNaming(() => validateAugmentationConfig({ ...c, rotation: { p: 1.5, maxDegrees: 10 } }), 'rotation.p');
    throwsNaming(() => validateAugmentationConfig({ ...c, scaling: { ...c.scaling, range: [1.4, 0.7] } }), 'scaling.range');
    throwsNaming(() => validateAugmentationConfig({ ...c, gamma: { ...c.gamma, retainStats: 'yes' } }), 'gamma.retainStats');
    throwsNaming(() => validateAugmentationConfig({ ...c, interpolation: 'lanczos' }), 'interpolation');
    throwsNaming(() => validateAugmentationConfig({ ...c, elastic: undefined }), 'elastic');
    throwsNaming(() => validateAugmentationConfig({ ...c, rotaton: {} }), 'rotaton');
    throwsNaming(() => validateAugmentationConfig({ ...c, elastic: { ...c.elastic, deformationScale: [0, 2] } }), 'elastic.deformationScale');
    throwsNaming(() => validateAugmentationConfig({ ...c, lowResolution: { ...c.lowResolution, zoomRange: [0, 1] } }), 'lowResolution.zoomRange');
  });
  it('resolve applies overrides over a preset and rejects typos', () => {
    const c = resolveAugmentationConfig('nnunet-default', { rotation: { p: 0.5 }, interpolation: 'cubic' });
    assert.strictEqual(c.rotation.p, 0.5);
    assert.strictEqual(c.rotation.maxDegrees, 180);
    assert.strictEqual(c.interpolation, 'cubic');
    throwsNaming(() => resolveAugmentationConfig('nnunet-default', { rotation: { prob: 0.5 } }), 'rotation.prob');
    throwsNaming(() => resolveAugmentationConfig('heavy'), 'preset');
    throwsNaming(() => resolveAugmentationConfig('none', { flip: { pX: -1 } }), 'flip.pX');
  });
});
