import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { resolveTrainConfig } from '../../../src/core/config/trainConfig';
import { resolveAugmentationConfig } from '../../../src/core/augmentation/AugmentationConfig';
import { MedSegError } from '../../../src/core/util/MedSegError';
import { projectRoot } from '../../helpers/paths';

const base = { data: { root: 'data' } };

function errorOf(input: unknown): MedSegError {
  try {
    resolveTrainConfig(input, '/cfg');
  } catch (err) {
    assert.ok(err instanceof MedSegError, `expected MedSegError, got ${String(err)}`);
    return err;
  }
  throw new Error('config was accepted');
}

function loadSchema(): (v: unknown) => boolean {
  const schema = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'media/schemas/medseg-config.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

describe('trainConfig', () => {
  it('fills defaults, derives model sizes from data and resolves paths against the config folder', () => {
    const c = resolveTrainConfig({ ...base, data: { root: 'data', inputSize: 32 } }, '/cfg');
    assert.strictEqual(c.data.root, '/cfg/data');
    assert.strictEqual(c.run.outputDir, '/cfg/runs');
    assert.strictEqual(c.model.inputSize, 32);
    assert.strictEqual(c.model.inChannels, 1);
    assert.strictEqual(c.model.segClasses, 1);
    assert.strictEqual(c.model.clsClasses, 3);
    assert.deepStrictEqual(c.schedule, { kind: 'poly', totalSteps: c.training.epochs * c.training.iterationsPerEpoch, power: 0.9 });
  });

  it('augmentation overrides sit on top of the preset and reach the resolved augmentation', () => {
    const c = resolveTrainConfig({ ...base, augmentation: { preset: 'light-2d', overrides: { rotation: { p: 0.5 }, flip: { pY: 0 } } } }, '/cfg');
    const aug = resolveAugmentationConfig(c.augmentation.preset, c.augmentation.overrides);
    assert.strictEqual(aug.rotation.p, 0.5);
    assert.strictEqual(aug.flip.pY, 0);
    assert.strictEqual(aug.flip.pX, resolveAugmentationConfig('light-2d').flip.pX, 'fields not overridden keep the preset');
  });

  it('BraTS defaults to four modalities and three sigmoid regions without classification', () => {
    const c = resolveTrainConfig({ data: { kind: 'brats', root: 'b' } }, '/x');
    assert.strictEqual(c.model.inChannels, 4);
    assert.strictEqual(c.model.segClasses, 3);
    assert.strictEqual(c.loss.multitask.clsWeight, 0);
  });

  const cases: [string, unknown, RegExp][] = [
    ['missing data.root', { data: {} }, /^data\.root: is required/],
    ['unknown top-level field', { ...base, epochs: 3 }, /^epochs: unknown field/],
    ['typo inside a section', { ...base, training: { epoch: 3 } }, /^training\.epoch: unknown field/],
    ['wrong type', { ...base, training: { batchSize: '8' } }, /^training\.batchSize: must be a number/],
    ['bad enum', { ...base, run: { backend: 'gpu' } }, /^run\.backend: must be one of/],
    ['model field via modelConfig', { ...base, model: { depth: 9 } }, /model\.depth/],
    ['inputSize not divisible', { data: { root: 'd', inputSize: 36 }, model: { depth: 3 } }, /model\.inputSize: must be divisible/],
    ['loss field', { ...base, loss: { seg: { name: 'dice' } } }, /loss\.seg\.name/],
    ['optimizer field', { ...base, optimizer: { learningRate: -1 } }, /optimizer\.learningRate/],
    ['inconsistent channels', { ...base, model: { inChannels: 3 } }, /^model\.inChannels: must equal/],
    ['validation fraction', { data: { root: 'd', validation: { fraction: 2 } } }, /^data\.validation\.fraction: must be ≤ 0\.9/],
    ['augmentation override typo', { ...base, augmentation: { overrides: { rotaton: { p: 1 } } } }, /augmentation\.rotaton: unknown setting/],
    ['augmentation override range', { ...base, augmentation: { preset: 'light-2d', overrides: { rotation: { p: 2 } } } }, /augmentation\.rotation\.p/],
  ];
  for (const [what, input, re] of cases) {
    it(`names the field: ${what}`, () => {
      const e = errorOf(input);
      assert.strictEqual(e.code, 'bad-config');
      assert.match(e.message, re);
    });
  }

  it('the demo config and a resolved config validate against the JSON Schema', () => {
    const validate = loadSchema();
    const demo = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'media/demo/demo.medseg.json'), 'utf8'));
    assert.ok(validate(demo), 'demo config rejected by the schema');
    assert.ok(validate(JSON.parse(JSON.stringify(resolveTrainConfig(demo, '/d')))), 'resolved config rejected by the schema');
    assert.strictEqual(validate({ ...demo, training: { epochz: 1 } }), false);
    resolveTrainConfig(demo, path.join(projectRoot(), 'media/demo'));
  });
});
