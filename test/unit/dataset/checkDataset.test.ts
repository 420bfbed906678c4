import * as assert from 'assert';
import * as fs from 'fs';
import { checkDataset } from '../../../src/core/dataset/checkDataset';
import { Finding } from '../../../src/core/dataset/Finding';
import { formatDoctorReport } from '../../../src/core/dataset/formatDoctorReport';
import { nodeFileSource } from '../../../src/worker/io/nodeFileSource';
import { sharedData } from '../../helpers/paths';
import { BRATS_CASE, FIG, bratsNifti, buildPairs, copy, figshareGrey, figshareMask, greyPng, half, put, rmTemp, setMiddleVoxel, setPixdim, shiftSform, tempDir } from './fixtures';

const brief = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.code} ${f.file}`);
describe('dataset: the doctor', () => {
  let root: string;
  beforeEach(() => { root = tempDir('doc'); });
  afterEach(() => rmTemp(root));

  it('finds every defect of an image/mask folder, exactly', async () => {
    buildPairs(root);
    const progress: string[] = [];
    const r = await checkDataset(nodeFileSource, root, { onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.file}`) });
    assert.deepStrictEqual(brief(r.findings), [
      'error unreadable images/5.jpg',
      'error constant-image images/6.png',
      'error non-finite images/7.npy',
      'error duplicate-id images/8.png',
      'error mask-values masks/10_mask.png',
      'warning mixed-sizes images/4.png',
      'warning unpaired-image images/9.jpg',
      'warning empty-mask masks/11_mask.png',
      'warning unpaired-mask masks/13_mask.png',
      'info ordering-trap ',
      'info label-offset labels.csv',
    ]);
    const by = (code: string) => r.findings.find((f) => f.code === code)!;
    assert.match(by('mixed-sizes').message, /image is 256×256 while 10 of 11 images are 512×512/);
    assert.match(by('mixed-sizes').fix, /will be resized to the input size/);
    assert.match(by('mask-values').message, /mask values \{0, 1, 3\}: 3 is not in the label set \{0, 1\}/);
    assert.match(by('non-finite').message, /^2 voxels are NaN or Inf/);
    assert.match(by('label-offset').message, /training maps 1→0 \(meningioma\), 2→1 \(glioma\), 3→2 \(pituitary\)/);
    assert.match(by('unreadable').message, /^cannot read: .+\[.+\]$/);
    assert.strictEqual(progress.length, 23);
    assert.strictEqual(progress[0], '0/23 images/1.jpg');
    assert.deepStrictEqual(r.summary, { ...r.summary, kind: 'image-mask', cases: 12, filesRead: 23, errors: 5, warnings: 4, infos: 2, cancelled: false });
    assert.deepStrictEqual(r.summary.sizes, { '512×512': 10, '256×256': 1 });
    assert.deepStrictEqual(r.summary.labels, { meningioma: 4, glioma: 4, pituitary: 4 });
    const text = formatDoctorReport(r);
    assert.match(text, /Result {6}5 errors, 4 warnings, 2 infos/);
    assert.match(text, /ERROR {3}mask-values {7}masks\/10_mask.png/);
  });

  it('reads figshare .mat files: labels from the files, a corrupt file, a label that disagrees with labels.csv', async () => {
    for (const id of [1, 1026, 1898]) copy(FIG('mat', `${id}.mat`), root, `mat/${id}.mat`);
    put(root, 'mat/99.mat', fs.readFileSync(FIG('mat', '15.mat')).subarray(0, 4000));
    put(root, 'labels.csv', 'id,label,cv_fold_cvind5fold,patient\n1,1,3,P1\n1026,1,2,P1\n2000,2,1,P2\n');
    const r = await checkDataset(nodeFileSource, root);
    assert.strictEqual(r.manifest.kind, 'figshare');
    assert.deepStrictEqual(brief(r.findings), [
      'error label-mismatch labels.csv',
      'error unreadable mat/99.mat',
      'warning group-leak labels.csv',
      'info ordering-trap ',
      'info labels-csv labels.csv',
      'info label-offset labels.csv',
    ]);
    assert.match(r.findings[0].message, /labels.csv says label 1 but mat\/1026.mat holds 3/);
    assert.deepStrictEqual(r.manifest.cases.map((c) => [c.id, c.label, c.fold]), [['1', 1, 3], ['99', undefined, undefined], ['1026', 3, 2], ['1898', 2, undefined]]);
    assert.deepStrictEqual(r.manifest.labelMap, { 1: 0, 2: 1, 3: 2 });
    assert.match(r.findings[2].message, /1 patient has cases in more than one fold: P1 \(folds 2, 3\)/);
    assert.deepStrictEqual(r.manifest.classes, ['meningioma', 'glioma', 'pituitary']);
    assert.deepStrictEqual(r.summary.sizes, { '512×512': 3 });
  });

  it('checks BraTS cases: missing modality, spacing mismatch, a seg label outside {0,1,2,4}', async () => {
    const src = (m: string) => sharedData('brats18', BRATS_CASE, `${BRATS_CASE}_${m}.nii.gz`);
    for (const m of ['flair', 't2']) copy(src(m), root, `CaseA/CaseA_${m}.nii.gz`);
    const t1ce = bratsNifti('t1ce');
    shiftSform(t1ce, 5);
    put(root, 'CaseA/CaseA_t1ce.nii', t1ce);
    const t1 = bratsNifti('t1');
    setPixdim(t1, 3, 2.5);
    put(root, 'CaseA/CaseA_t1.nii', t1);
    const seg = bratsNifti('seg');
    setMiddleVoxel(seg, 3);
    put(root, 'CaseA/CaseA_seg.nii', seg);
    for (const m of ['flair', 't1', 't1ce', 'seg']) copy(src(m), root, `CaseB/CaseB_${m}.nii.gz`);
    const r = await checkDataset(nodeFileSource, root);
    assert.strictEqual(r.manifest.kind, 'brats');
    assert.deepStrictEqual(brief(r.findings), [
      'error mask-values CaseA/CaseA_seg.nii',
      'error geometry-mismatch CaseA/CaseA_t1.nii',
      'error missing-modality CaseB',
      'warning affine-mismatch CaseA/CaseA_t1ce.nii',
    ]);
    assert.match(r.findings[1].message, /t1 spacing 1×1×2.5 mm differs from CaseA\/CaseA_flair.nii.gz \(1×1×1 mm\)/);
    assert.match(r.findings[0].message, /3 is not in the label set \{0, 1, 2, 4\}/);
    assert.deepStrictEqual(r.summary.sizes, { '240×240×155': 2 });
    assert.strictEqual(r.summary.filesRead, 9);
  });

  it('reports a mask of another shape, 0/255 masks, and labels a dataset.json does not map', async () => {
    put(root, 'images/a.png', greyPng(figshareGrey(1)));
    put(root, 'masks/a.png', greyPng(half(figshareMask(1))));
    put(root, 'images/b.png', greyPng(figshareGrey(15)));
    const m = figshareMask(15);
    put(root, 'masks/b.png', greyPng({ ...m, data: m.data.map((v) => v * 255) }));
    let r = await checkDataset(nodeFileSource, root);
    assert.deepStrictEqual(brief(r.findings), ['error mask-shape masks/a.png', 'info mask-255 masks/b.png']);
    assert.match(r.findings[0].message, /mask is 256×256 but images\/a.png is 512×512/);

    put(root, 'dataset.json', JSON.stringify({ classes: ['x'], labelMap: { 0: 0 }, cases: [{ id: 'b', image: 'images/b.png', mask: 'masks/b.png', label: 4 }] }));
    r = await checkDataset(nodeFileSource, root);
    assert.deepStrictEqual(brief(r.findings), ['error unknown-label dataset.json', 'info mask-255 masks/b.png']);
  });

  it('stops between files when cancelled and says so', async () => {
    buildPairs(root);
    let n = 0;
    const signal = { get aborted() { return n >= 3; } };
    const r = await checkDataset(nodeFileSource, root, { signal, onProgress: () => { n++; } });
    assert.strictEqual(r.summary.cancelled, true);
    assert.strictEqual(r.summary.filesRead, 3);
    assert.ok(r.findings.some((f) => f.code === 'cancelled' && /after 3 of 23 files/.test(f.message)));
  });
});
