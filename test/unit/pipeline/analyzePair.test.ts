import * as assert from 'assert';
import { recognizeDataset } from '../../../src/core/dataset/recognizeDataset';
import { nodeFileSource } from '../../../src/worker/io/nodeFileSource';
import { readDatasetCase } from '../../../src/worker/io/readDatasetCase';
import { resolvePredictionInput } from '../../../src/worker/io/predictionInputs';
import { sharedData } from '../../helpers/paths';

describe('a gzipped .hdr/.img pair on the data path (prediction input)', () => {
  it('reads air.hdr.gz with its air.img.gz companion, as the viewer does', async () => {
    const { manifest: training } = await recognizeDataset(nodeFileSource, sharedData('figshare-brain-tumor'));
    const inp = await resolvePredictionInput(sharedData('nifti-format', 'nifti-reader-js', 'air.hdr.gz'), training);
    const data = await readDatasetCase(inp.root, inp.manifest, inp.cases[0], ['image']);
    assert.ok(data.slices.length > 0, 'slices read');
    const [w, h] = data.grid.dims;
    assert.ok(w > 1 && h > 1, `a ${w}×${h} grid`);
    assert.ok(data.slices.some((s) => s.image.some((v) => v !== 0)), 'the image half carries the voxels');
  });
});
