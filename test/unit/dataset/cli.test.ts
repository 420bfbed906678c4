import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { projectRoot } from '../../helpers/paths';
import { DoctorReport } from '../../../src/core/dataset/Finding';
import { FIG, buildPairs, copy, put, rmTemp, tempDir } from './fixtures';

const CLI = path.join(projectRoot(), 'dist', 'cli.js');

/** Runs `node dist/cli.js doctor …` and returns exit code and output. */
function doctor(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, 'doctor', ...args], { encoding: 'utf8', timeout: 120000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('dataset: medseg doctor (CLI)', () => {
  let root: string;
  before(function () {
    // The bundle is what users run; build it when a plain `mocha` run finds none.
    if (!fs.existsSync(CLI)) {
      this.timeout(300000);
      const b = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: projectRoot(), stdio: 'inherit' });
      assert.strictEqual(b.status, 0, 'node esbuild.config.mjs failed');
    }
  });
  beforeEach(() => { root = tempDir('cli'); });
  afterEach(() => rmTemp(root));

  it('exits 1 on errors and prints the summary table and each problem', () => {
    buildPairs(root);
    const r = doctor(root);
    assert.strictEqual(r.code, 1, r.err);
    assert.match(r.out, /^Dataset {5}.+ \(image-mask, 2-D, channels: image\)$/m);
    assert.match(r.out, /^Sizes {7}512×512: 10, 256×256: 1$/m);
    assert.match(r.out, /^Result {6}5 errors, 4 warnings, 2 infos$/m);
    assert.match(r.out, /^ERROR {3}constant-image {4}images\/6.png\n {8}every voxel is 7/m);
    assert.strictEqual(r.err, '', 'no progress noise when stderr is not a terminal');
  });

  it('--json prints the whole report', () => {
    buildPairs(root);
    const r = doctor(root, '--json');
    assert.strictEqual(r.code, 1);
    const report = JSON.parse(r.out) as DoctorReport & { root: string };
    assert.strictEqual(report.root, root);
    assert.strictEqual(report.summary.errors, 5);
    assert.strictEqual(report.manifest.cases.length, 12);
    assert.deepStrictEqual(report.manifest.cases[9], { id: '10', modalities: { image: 'images/10.jpg' }, mask: 'masks/10_mask.png', label: 3, fold: 2 });
    assert.deepStrictEqual(report.findings.filter((f) => f.severity === 'error').map((f) => f.code), ['unreadable', 'constant-image', 'non-finite', 'duplicate-id', 'mask-values']);
  });

  it('exits 0 on a clean folder (warnings allowed) and honours --image/--mask patterns', () => {
    for (const id of [1, 15]) {
      copy(FIG('images', `${id}.jpg`), root, `scans/${id}.jpg`);
      copy(FIG('masks', `${id}_mask.png`), root, `gt/${id}-seg.png`);
    }
    put(root, 'scans/note.txt', 'not a case');
    const r = doctor(root, '--image', 'scans/{id}.jpg', '--mask', 'gt/{id}-seg.png', '--json');
    assert.strictEqual(r.code, 0, r.out);
    const report = JSON.parse(r.out) as DoctorReport;
    assert.deepStrictEqual(report.manifest.cases.map((c) => c.mask), ['gt/1-seg.png', 'gt/15-seg.png']);
    assert.deepStrictEqual(report.findings.map((f) => f.code), []);
  });

  it('exits 2 on bad usage and 1 with a plain message for a missing folder', () => {
    assert.strictEqual(doctor().code, 2);
    const r = doctor(path.join(root, 'missing'));
    assert.strictEqual(r.code, 1);
    assert.match(r.err, /^medseg: .*missing: not a readable folder/m);
  });
});
