import * as assert from 'assert';
import { recognizeDataset } from '../../../src/core/dataset/recognizeDataset';
import { nodeFileSource } from '../../../src/worker/io/nodeFileSource';
import { MedSegError } from '../../../src/core/util/MedSegError';
import { FIG, copy, put, rmTemp, tempDir } from './fixtures';

const brief = (fs: { severity: string; code: string; file: string }[]) => fs.map((f) => `${f.severity} ${f.code} ${f.file}`);

describe('dataset: recognition', () => {
  let root: string;
  beforeEach(() => { root = tempDir('rec'); });
  afterEach(() => rmTemp(root));

  it('recognises the real figshare folder as .mat cases with labels, folds and class names', async () => {
    const { manifest, findings } = await recognizeDataset(nodeFileSource, FIG());
    assert.strictEqual(manifest.kind, 'figshare');
    assert.strictEqual(manifest.cases.length, 124);
    assert.deepStrictEqual(manifest.cases.slice(0, 3).map((c) => c.id), ['1', '15', '30']);
    assert.deepStrictEqual(manifest.cases[0], { id: '1', modalities: { image: 'mat/1.mat' }, mask: 'mat/1.mat', label: 1, fold: 3 });
    assert.deepStrictEqual(manifest.classes, ['meningioma', 'glioma', 'pituitary']);
    assert.deepStrictEqual(manifest.labelMap, { 1: 0, 2: 1, 3: 2 });
    assert.strictEqual(manifest.labelsFile, 'labels.csv');
    assert.deepStrictEqual(brief(findings), ['info ordering-trap ']);
  });

  it('recognises BraTS 2018 and 2023 naming, mapping 2023 channels to the 2018 names', async () => {
    for (const m of ['flair', 't1', 't1ce', 't2', 'seg']) put(root, `Brats18_X_1/Brats18_X_1_${m}.nii.gz`, '');
    for (const m of ['t1c', 't1n', 't2f', 't2w', 'seg']) put(root, `BraTS-GLI-00002-000/BraTS-GLI-00002-000-${m}.nii.gz`, '');
    put(root, 'notes/readme.txt', 'x');
    const { manifest, findings } = await recognizeDataset(nodeFileSource, root);
    assert.strictEqual(manifest.kind, 'brats');
    assert.strictEqual(manifest.dimensionality, 3);
    assert.deepStrictEqual(manifest.modalities, ['flair', 't1', 't1ce', 't2']);
    assert.deepStrictEqual(manifest.cases.map((c) => c.id), ['Brats18_X_1', 'BraTS-GLI-00002-000']);
    assert.deepStrictEqual(manifest.cases[1].modalities, {
      flair: 'BraTS-GLI-00002-000/BraTS-GLI-00002-000-t2f.nii.gz', t1: 'BraTS-GLI-00002-000/BraTS-GLI-00002-000-t1n.nii.gz',
      t1ce: 'BraTS-GLI-00002-000/BraTS-GLI-00002-000-t1c.nii.gz', t2: 'BraTS-GLI-00002-000/BraTS-GLI-00002-000-t2w.nii.gz',
    });
    assert.strictEqual(manifest.cases[0].mask, 'Brats18_X_1/Brats18_X_1_seg.nii.gz');
    assert.deepStrictEqual(manifest.maskLabels, { 0: 0, 1: 1, 2: 2, 4: 3 });
    assert.deepStrictEqual(brief(findings), ['info ignored-file notes']);
  });

  it('uses BraTS 2023 mask labels {0,1,2,3} for a 2023-only dataset and reports missing modalities', async () => {
    for (const m of ['t1c', 't1n', 't2w', 'seg']) put(root, `BraTS-GLI-00001-000/BraTS-GLI-00001-000-${m}.nii.gz`, '');
    const { manifest, findings } = await recognizeDataset(nodeFileSource, root);
    assert.deepStrictEqual(manifest.maskLabels, { 0: 0, 1: 1, 2: 2, 3: 3 });
    assert.deepStrictEqual(brief(findings), ['error missing-modality BraTS-GLI-00001-000']);
    assert.match(findings[0].message, /no flair volume/);
    assert.match(findings[0].fix, /BraTS-GLI-00001-000-t2f\.nii\.gz/);
  });

  it('pairs images/ with masks/ by id in natural order, reporting duplicates and unpaired files', async () => {
    for (let i = 1; i <= 12; i++) put(root, `images/${i}.png`, '');
    for (let i = 1; i <= 11; i++) put(root, `masks/${i}_mask.png`, '');
    put(root, 'masks/13_mask.png', '');
    put(root, 'images/3.jpg', '');
    const { manifest, findings } = await recognizeDataset(nodeFileSource, root);
    assert.strictEqual(manifest.kind, 'image-mask');
    assert.deepStrictEqual(manifest.cases.map((c) => c.id), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    assert.deepStrictEqual(manifest.cases[2], { id: '3', modalities: { image: 'images/3.jpg' }, mask: 'masks/3_mask.png' });
    assert.strictEqual(manifest.cases[11].mask, undefined);
    assert.deepStrictEqual(brief(findings), ['error duplicate-id images/3.png', 'warning unpaired-image images/12.png', 'warning unpaired-mask masks/13_mask.png', 'info ordering-trap ']);
  });

  it('pairs <id>_mask files in one folder, and files by an explicit pattern', async () => {
    put(root, 'a.png', ''); put(root, 'a_mask.png', ''); put(root, 'b.png', ''); put(root, 'b-mask.png', '');
    let r = await recognizeDataset(nodeFileSource, root);
    assert.deepStrictEqual(r.manifest.cases, [{ id: 'a', modalities: { image: 'a.png' }, mask: 'a_mask.png' }, { id: 'b', modalities: { image: 'b.png' }, mask: 'b-mask.png' }]);
    put(root, 'scans/s1.jpg', ''); put(root, 'gt/s1_label.png', ''); put(root, 'gt/s2_label.png', '');
    put(root, 'scans/._s1.jpg', ''); put(root, '.DS_Store', '');
    r = await recognizeDataset(nodeFileSource, root, { pattern: { image: 'scans/{id}.jpg', mask: 'gt/{id}_label.png' } });
    assert.deepStrictEqual(r.manifest.cases, [{ id: 's1', modalities: { image: 'scans/s1.jpg' }, mask: 'gt/s1_label.png' }]);
    assert.deepStrictEqual(brief(r.findings), ['warning unpaired-mask gt/s2_label.png'], 'hidden files (._s1.jpg) are not cases');
    put(root, 'scans/T2_s3_x.jpg', '');
    r = await recognizeDataset(nodeFileSource, root, { pattern: { image: 'scans/*_{id}_x.jpg' } });
    assert.deepStrictEqual(r.manifest.cases, [{ id: 's3', modalities: { image: 'scans/T2_s3_x.jpg' } }]);
  });

  it('reads an explicit dataset.json and validates it against the schema', async () => {
    copy(FIG('images', '1.jpg'), root, 'x/1.jpg');
    copy(FIG('masks', '1_mask.png'), root, 'y/1.png');
    put(root, 'dataset.json', JSON.stringify({
      name: 'mini', classes: ['a', 'b'], labelMap: { 5: 0, 7: 1 },
      cases: [{ id: 'one', image: 'x/1.jpg', mask: 'y/1.png', label: 5, fold: 2, group: 'p9' }, { id: 'two', image: 'x/2.jpg', label: 7 }, { id: 'one', image: 'x/1.jpg' }],
    }));
    const { manifest, findings } = await recognizeDataset(nodeFileSource, root);
    assert.strictEqual(manifest.kind, 'manifest');
    assert.strictEqual(manifest.name, 'mini');
    assert.deepStrictEqual(manifest.cases, [
      { id: 'one', modalities: { image: 'x/1.jpg' }, mask: 'y/1.png', label: 5, fold: 2, group: 'p9' },
      { id: 'two', modalities: {}, label: 7 },
    ]);
    assert.deepStrictEqual(manifest.labelMap, { 5: 0, 7: 1 });
    assert.deepStrictEqual(brief(findings), ['error missing-file dataset.json', 'error duplicate-id dataset.json']);

    put(root, 'dataset.json', JSON.stringify({ cases: [{ id: 'a', mask: 3 }], extra: true }));
    const bad = await recognizeDataset(nodeFileSource, root);
    assert.deepStrictEqual(bad.manifest.cases, []);
    const msgs = bad.findings.map((f) => f.message).join('\n');
    assert.ok(bad.findings.every((f) => f.code === 'bad-manifest' && f.severity === 'error'));
    assert.match(msgs, /additional properties \('extra'\)/);
    assert.match(msgs, /\/cases\/0\/mask must be string/);

    put(root, 'dataset.json', '{\n  "cases": [\n    oops\n  ]\n}');
    const syntax = await recognizeDataset(nodeFileSource, root);
    assert.deepStrictEqual(syntax.findings.map((f) => [f.code, f.line]), [['bad-manifest', 3]]);
  });

  it('reports an unrecognised folder, and throws MedSegError for a missing one', async () => {
    put(root, 'readme.txt', 'hello');
    const r = await recognizeDataset(nodeFileSource, root);
    assert.deepStrictEqual(brief(r.findings), ['error unrecognized ']);
    await assert.rejects(recognizeDataset(nodeFileSource, `${root}/nope`), (e: unknown) => e instanceof MedSegError && e.code === 'not-a-folder');
  });
});
