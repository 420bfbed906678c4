import * as assert from 'node:assert/strict';
import {
  DEFAULT_LOSS_CONFIG, DEFAULT_MODEL_CONFIG, validateLossConfig, validateModelConfig, validateOptimizerConfig, validateScheduleConfig,
} from '../../../../src/core/config/modelConfig';
import { MedSegError } from '../../../../src/core/util/MedSegError';

/** Asserts a MedSegError('bad-config') whose message starts with `field`. */
function rejects(fn: () => unknown, field: string): void {
  assert.throws(fn, (e: unknown) => e instanceof MedSegError && e.code === 'bad-config' && e.message.startsWith(`${field}:`), field);
}

describe('core/config modelConfig', () => {
  it('fills defaults', () => {
    assert.deepEqual(validateModelConfig({}), { ...DEFAULT_MODEL_CONFIG });
    const l = validateLossConfig({ seg: { name: 'focal' } });
    assert.equal(l.seg.name, 'focal');
    assert.equal(l.seg.smooth, DEFAULT_LOSS_CONFIG.seg.smooth);
    l.cls.classWeights.push(1); // a copy, not the frozen default
    assert.equal(validateOptimizerConfig({ name: 'adamw' }).beta2, 0.999);
    assert.deepEqual(validateScheduleConfig({ kind: 'poly', totalSteps: 10 }), { kind: 'poly', totalSteps: 10, power: 0.9 });
  });

  it('names the bad field', () => {
    rejects(() => validateModelConfig({ depth: 0 }), 'model.depth');
    rejects(() => validateModelConfig({ inputSize: 100, depth: 4 }), 'model.inputSize');
    rejects(() => validateModelConfig({ segHead: 'softmax', segClasses: 1 }), 'model.segClasses');
    rejects(() => validateModelConfig({ dropout: 1 }), 'model.dropout');
    rejects(() => validateModelConfig({ norm: 'group' as never }), 'model.norm');
    rejects(() => validateModelConfig({ baseFilter: 8 } as never), 'model.baseFilter');
    rejects(() => validateLossConfig({ seg: { name: 'dice' as never } }), 'loss.seg.name');
    rejects(() => validateLossConfig({ seg: { smoth: 1 } as never }), 'loss.seg.smoth');
    rejects(() => validateLossConfig({ cls: { classWeights: [1, 2] } }, 3), 'loss.cls.classWeights');
    rejects(() => validateLossConfig({ cls: { classWeights: [1, -2, 1] } }), 'loss.cls.classWeights[1]');
    rejects(() => validateLossConfig({ multitask: { weighting: 'gradnorm' as never } }), 'loss.multitask.weighting');
    rejects(() => validateOptimizerConfig({ learningRate: 0 }), 'optimizer.learningRate');
    rejects(() => validateOptimizerConfig({ name: 'rmsprop' as never }), 'optimizer.name');
    rejects(() => validateScheduleConfig({ kind: 'cosine', totalSteps: 10, warmupSteps: 20 }), 'schedule.warmupSteps');
    rejects(() => validateScheduleConfig({ kind: 'plateau', factor: 1 }), 'schedule.factor');
  });
});
