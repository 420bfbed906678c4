/**
 * The prediction path after the network, on a real BraTS 2018 volume: an oracle that
 * answers each prepared slice with its own region targets (WT/TC/ET, as a perfect sigmoid
 * head would) must give back the ground truth, enhancing tumour written as 4.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { resolveTrainConfig } from '../../../src/core/config/trainConfig';
import { recognizeDataset } from '../../../src/core/dataset/recognizeDataset';
import { toRawMask } from '../../../src/core/dataset/manifestConventions';
import { readNiftiAsync, writeNifti } from '../../../src/core/io';
import { diceFromCounts, overlapCounts } from '../../../src/core/metrics/dice';
import { labelsToBratsRegions } from '../../../src/core/preprocessing/bratsRegions';
import { maskToTarget } from '../../../src/training/data/batchToTensors';
import { targetSpec } from '../../../src/training/loop/Trainer';
import { nodeFileSource } from '../../../src/worker/io/nodeFileSource';
import { readDatasetCase } from '../../../src/worker/io/readDatasetCase';
import { predictCase } from '../../../src/worker/jobs/predictJob';
import { sharedData } from '../../helpers/paths';

describe('prediction round trip (BraTS 2018 volume, oracle network)', function () {
  this.timeout(120_000);

  it('writes enhancing tumour as 4 and keeps every region', async () => {
    const root = sharedData('brats18');
    const { manifest } = await recognizeDataset(nodeFileSource, root);
    const c = manifest.cases.find((x) => x.id === 'Brats18_2013_11_1')!;
    const cfg = resolveTrainConfig({ data: { kind: 'brats', root, inputSize: 240, segClasses: ['WT', 'TC', 'ET'] }, model: { segHead: 'sigmoid' } });
    const spec = targetSpec(cfg);
    const data = await readDatasetCase(root, manifest, c, cfg.data.modalities);
    assert.ok(data.truth && data.truth.includes(3), 'training indices hold ET as 3');
    const pred = await predictCase(async (s) => ({ probs: maskToTarget(s.mask!, spec), clsProbs: new Float32Array(1) }), cfg, spec, data);
    const raw = toRawMask(pred.labels, manifest.maskLabels);
    const g = data.grid;
    const back = await readNiftiAsync('p.nii.gz', writeNifti({ ...g, data: raw, sourceDtype: 'uint8', scaling: { slope: 1, inter: 0, applied: false } }, { gzip: true, datatype: 'uint8' }));
    const truth = await readNiftiAsync('seg', new Uint8Array(fs.readFileSync(path.join(root, c.mask!))));
    assert.deepStrictEqual([...new Set(back.data)].sort(), [...new Set(truth.data)].sort(), 'same label set {0,1,2,4}');
    const p = labelsToBratsRegions(back.data, 4);
    const t = labelsToBratsRegions(truth.data, 4);
    for (const [r, name] of ['WT', 'TC', 'ET'].entries()) {
      const d = diceFromCounts(overlapCounts(p.filter((_, i) => i % 3 === r), t.filter((_, i) => i % 3 === r)));
      assert.ok(d > 0.97, `${name} Dice ${d}`);
    }
  });
});
