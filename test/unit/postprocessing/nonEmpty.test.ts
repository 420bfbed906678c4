/**
 * Never-empty masks (inference.postprocessing.nonEmpty): core's fillEmptyMask on hand-made
 * probabilities, and the validation-time choice (chooseInference) taking it only where it
 * gains and only for one-image cases.
 */
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { fillEmptyMask } from '../../../src/core/postprocessing/fillEmptyMask';
import type { Sample2D } from '../../../src/core/preprocessing/Sample2D';
import { resolveTrainConfig } from '../../../src/core/config/trainConfig';
import { chooseInference } from '../../../src/training/inference/chooseInference';
import { buildModel } from '../../../src/training/model/buildModel';
import type { MultitaskUNet } from '../../../src/training/model/MultitaskUNet';
import { useCpu } from '../loop/tfCpu';
import { recognizeDataset } from '../../../src/core/dataset/recognizeDataset';
import { diceFromCounts, overlapCounts } from '../../../src/core/metrics/dice';
import { targetSpec } from '../../../src/training/loop/Trainer';
import { nodeFileSource } from '../../../src/worker/io/nodeFileSource';
import { readDatasetCase } from '../../../src/worker/io/readDatasetCase';
import { predictCase } from '../../../src/worker/jobs/predictJob';
import { sharedData } from '../../helpers/paths';

describe('never-empty masks', () => {
  it('an empty mask gets the region around the most probable pixel, above half its probability', () => {
    // 6×3 probabilities: a peak at (4,1) in a blob, a second blob on the left that is not kept.
    const p = Float32Array.from([
      0.01, 0.01, 0.01, 0.01, 0.20, 0.01,
      0.30, 0.01, 0.01, 0.18, 0.40, 0.22,
      0.01, 0.01, 0.01, 0.01, 0.10, 0.01,
    ]);
    const out = fillEmptyMask(new Uint8Array(18), p, [6, 3]);
    assert.deepStrictEqual(Array.from(out), [
      0, 0, 0, 0, 1, 0,
      0, 0, 0, 0, 1, 1,
      0, 0, 0, 0, 0, 0,
    ]);
  });

  it('a mask that is not empty is returned untouched; no foreground anywhere stays empty', () => {
    const m = Uint8Array.from([0, 1, 0, 0]);
    assert.strictEqual(fillEmptyMask(m, Float32Array.from([0.9, 0.6, 0.1, 0.1]), [2, 2]), m);
    const none = fillEmptyMask(new Uint8Array(4), Float32Array.from([0.001, 0.004, 0.002, 0.003]), [2, 2]);
    assert.ok(none.every((v) => v === 0), 'a peak below the floor adds nothing');
  });

  it('the config accepts inference.postprocessing.nonEmpty (default off) and rejects a non-boolean', () => {
    assert.strictEqual(resolveTrainConfig({ data: { root: '/x' } }).inference.postprocessing.nonEmpty, false);
    assert.strictEqual(resolveTrainConfig({ data: { root: '/x' }, inference: { postprocessing: { nonEmpty: true } } }).inference.postprocessing.nonEmpty, true);
    assert.throws(() => resolveTrainConfig({ data: { root: '/x' }, inference: { postprocessing: { nonEmpty: 'yes' } } }), /nonEmpty/);
  });

  describe('chosen on validation', () => {
    let model: MultitaskUNet;
    const spec = { segHead: 'sigmoid' as const, segClasses: 1, regions: false, clsClasses: 3 };
    before(async () => {
      await useCpu();
      // A head that says 0.27 everywhere: every thresholded mask is empty.
      model = buildModel({ inputSize: 16, inChannels: 1, depth: 2, baseFilters: 2, segHead: 'sigmoid', segClasses: 1, clsClasses: 3 }, 3);
      const head = model.weightNames().filter((n) => /seg/i.test(n));
      assert.ok(head.length > 0, `no segmentation head among ${model.weightNames().join(', ')}`);
      model.setWeights(model.getWeights().map((w) => (head.includes(w.name)
        ? { ...w, data: new Float32Array(w.data.length).fill(w.shape.length === 1 ? -1 : 0) } : w)));
    });
    after(() => model.dispose());

    const samples = (ids: string[], fg: 0 | 1): Sample2D[] => ids.map((id) => ({
      id, width: 16, height: 16, channels: 1, image: new Float32Array(256).map((_, i) => Math.sin(i)), mask: new Uint8Array(256).fill(fg),
    }));

    it('is taken when every validation image holds the structure and the network misses it', async () => {
      const before = tf.memory().numTensors;
      const c = await chooseInference(model, samples(['a', 'b'], 1), spec);
      assert.strictEqual(tf.memory().numTensors, before, 'tensors leaked');
      assert.strictEqual(c.nonEmpty, true);
      assert.strictEqual(c.trials.length, 8);
      assert.ok(c.dice > 0.99, `Dice ${c.dice}`);
    });

    it('is not taken where the truth is empty, and not offered for slices of a volume', async () => {
      assert.strictEqual((await chooseInference(model, samples(['a', 'b'], 0), spec)).nonEmpty, false);
      const vol = await chooseInference(model, samples(['v#0', 'v#1'], 1), spec);
      assert.strictEqual(vol.nonEmpty, undefined);
      assert.strictEqual(vol.trials.length, 4);
      assert.ok(vol.trials.every((t) => t.nonEmpty === undefined));
    });
  });

  it('prediction applies it on a real figshare case: a shy network still outlines the tumour', async function () {
    this.timeout(60_000);
    const root = sharedData('figshare-brain-tumor');
    const { manifest } = await recognizeDataset(nodeFileSource, root);
    const c = manifest.cases.find((x) => x.id === '1280')!;
    const base = { data: { kind: 'figshare', root, inputSize: 96, cropHead: true } };
    const data = await readDatasetCase(root, manifest, c, resolveTrainConfig(base).data.modalities);
    // The tumour at probability 0.4: below the 0.5 threshold everywhere.
    const shy = async (x: Sample2D) => ({ probs: Float32Array.from(x.mask!, (v) => 0.4 * v), clsProbs: new Float32Array(3) });
    const dice = async (nonEmpty: boolean) => {
      const cfg = resolveTrainConfig({ ...base, inference: { postprocessing: { nonEmpty } } });
      const pred = await predictCase(shy, cfg, targetSpec(cfg), data, cfg.inference.postprocessing);
      return diceFromCounts(overlapCounts(pred.labels, data.truth!, (m) => m > 0));
    };
    assert.strictEqual(await dice(false), 0, 'thresholded alone, the mask is empty');
    const filled = await dice(true);
    assert.ok(filled > 0.9, `never-empty Dice ${filled}`);
  });
});
