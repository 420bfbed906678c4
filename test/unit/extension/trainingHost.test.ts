import * as assert from 'assert';
import { presetConfig } from '../../../src/extension/runs/presetConfig';
import { configDiff } from '../../../src/extension/runs/configDiff';
import { resolveTrainConfig } from '../../../src/core/config/trainConfig';

describe('training host helpers (pure)', () => {
  for (const kind of ['figshare', 'brats', 'image-mask'] as const) {
    it(`the ${kind} wizard preset is a valid config`, () => {
      const cfg = resolveTrainConfig(presetConfig(kind, 'data', `p-${kind}`, 96, 5, 'nnunet-default', 'auto'), '/ws');
      assert.strictEqual(cfg.data.kind, kind);
      assert.strictEqual(cfg.data.inputSize, 96);
      assert.strictEqual(cfg.training.epochs, 5);
      assert.strictEqual(cfg.data.root, '/ws/data');
    });
  }

  it('the BraTS preset trains sigmoid regions with Dice+BCE and the DA3 augmentation', () => {
    const cfg = resolveTrainConfig(presetConfig('brats', 'b', 'b', 128, 5, 'nnunet-default', 'auto'), '/ws');
    assert.strictEqual(cfg.model.segHead, 'sigmoid');
    assert.deepStrictEqual(cfg.data.segClasses, ['WT', 'TC', 'ET']);
    assert.strictEqual(cfg.loss.seg.name, 'diceBce');
    assert.strictEqual(cfg.augmentation.preset, 'nnunet-brats-da3');
  });

  it('configDiff lists only the keys that differ, with each run\'s value', () => {
    const d = configDiff([
      { optimizer: { name: 'adam', learningRate: 0.001 }, seed: 1, tags: [1, 2] },
      { optimizer: { name: 'adam', learningRate: 0.003 }, seed: 1, tags: [1, 2], extra: true },
    ]);
    assert.deepStrictEqual(d, [
      { key: 'extra', values: [undefined, 'true'] },
      { key: 'optimizer.learningRate', values: ['0.001', '0.003'] },
    ]);
  });

  it('a config error names the field', () => {
    assert.throws(() => resolveTrainConfig({ ...presetConfig('figshare', 'd', 'x', 64, 2, 'none', 'auto'), training: { epochs: -3 } }, '/ws'), /training\.epochs/);
  });
});
