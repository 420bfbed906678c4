import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DoctorReport } from '../../src/core/dataset/Finding';
import { FIG, buildPairs, copy, put, rmTemp, tempDir } from '../unit/dataset/fixtures';
import { medseg } from './helpers';

/** Diagnostics the doctor published on `rel` under `root`, as "severity code". */
function diags(root: string, rel: string): string[] {
  const uri = rel ? vscode.Uri.file(path.join(root, rel)) : vscode.Uri.file(root);
  return vscode.languages.getDiagnostics(uri)
    .filter((d) => d.source === 'MedSeg doctor')
    .map((d) => `${vscode.DiagnosticSeverity[d.severity]} ${typeof d.code === 'object' ? String(d.code.value) : String(d.code)}`);
}

describe('Check Dataset (real VS Code)', () => {
  let root: string;
  before(async () => { await medseg(); });
  beforeEach(() => { root = tempDir('it'); });
  afterEach(() => rmTemp(root));

  it('is contributed to the palette and to the explorer context menu of folders, and validates dataset.json', async () => {
    const ext = await medseg();
    const pj = ext.packageJSON as {
      contributes: { commands: { command: string; title: string }[]; menus: Record<string, { command: string; when?: string }[]>; jsonValidation: { fileMatch: string; url: string }[] };
    };
    assert.ok(pj.contributes.commands.some((c) => c.command === 'medseg.checkDataset' && c.title === 'Check Dataset'));
    const menu = pj.contributes.menus['explorer/context'].find((m) => m.command === 'medseg.checkDataset');
    assert.strictEqual(menu?.when, 'explorerResourceIsFolder');
    const jv = pj.contributes.jsonValidation.find((j) => j.fileMatch === 'dataset.json');
    assert.ok(jv && fs.existsSync(path.join(ext.extensionPath, jv.url)), 'the dataset.json schema ships with the extension');
  });

  it('checks a folder, returns the report and puts each finding on its file in the Problems panel', async () => {
    buildPairs(root);
    const report = await vscode.commands.executeCommand<DoctorReport>('medseg.checkDataset', vscode.Uri.file(root));
    assert.ok(report, 'the command returned the report');
    assert.strictEqual(report.manifest.kind, 'image-mask');
    assert.strictEqual(report.summary.cases, 12);
    assert.deepStrictEqual([report.summary.errors, report.summary.warnings, report.summary.infos], [5, 4, 2]);

    assert.deepStrictEqual(diags(root, 'masks/10_mask.png'), ['Error mask-values']);
    assert.deepStrictEqual(diags(root, 'images/5.jpg'), ['Error unreadable']);
    assert.deepStrictEqual(diags(root, 'images/4.png'), ['Warning mixed-sizes']);
    assert.deepStrictEqual(diags(root, 'labels.csv'), ['Information label-offset']);
    assert.deepStrictEqual(diags(root, ''), ['Information ordering-trap'], 'dataset-wide findings sit on the folder');
    assert.deepStrictEqual(diags(root, 'images/1.jpg'), [], 'clean files get no diagnostics');
    const d = vscode.languages.getDiagnostics(vscode.Uri.file(path.join(root, 'masks/10_mask.png')))[0];
    assert.match(d.message, /3 is not in the label set \{0, 1\}.*Fix: /);
  });

  it('replaces the previous diagnostics of the folder when run again', async () => {
    buildPairs(root);
    await vscode.commands.executeCommand<DoctorReport>('medseg.checkDataset', vscode.Uri.file(root));
    assert.deepStrictEqual(diags(root, 'images/6.png'), ['Error constant-image']);
    fs.rmSync(path.join(root, 'images/6.png'));
    fs.copyFileSync(path.join(root, 'images/1.jpg'), path.join(root, 'images/6.jpg'));
    const again = await vscode.commands.executeCommand<DoctorReport>('medseg.checkDataset', vscode.Uri.file(root));
    assert.strictEqual(again.summary.errors, 4);
    assert.deepStrictEqual(diags(root, 'images/6.png'), [], 'the stale diagnostic is gone');
    assert.deepStrictEqual(diags(root, 'masks/10_mask.png'), ['Error mask-values']);
  });

  it('reads figshare .mat files (MATLAB v7.3) in the host: labels, classes, a truncated file as an error', async () => {
    for (const id of [1, 1898]) copy(FIG('mat', `${id}.mat`), root, `mat/${id}.mat`);
    put(root, 'mat/7.mat', fs.readFileSync(FIG('mat', '15.mat')).subarray(0, 3000));
    const report = await vscode.commands.executeCommand<DoctorReport>('medseg.checkDataset', vscode.Uri.file(root));
    assert.strictEqual(report.manifest.kind, 'figshare');
    assert.deepStrictEqual(report.manifest.cases.map((c) => [c.id, c.label]), [['1', 1], ['7', undefined], ['1898', 2]]);
    assert.deepStrictEqual(report.manifest.classes, ['meningioma', 'glioma']);
    assert.deepStrictEqual(report.summary.sizes, { '512×512': 2 });
    assert.deepStrictEqual(diags(root, 'mat/7.mat'), ['Error unreadable']);
    assert.deepStrictEqual(diags(root, 'mat/1.mat'), []);
  });
});
