/**
 * The short guided quick pick behind "Train Multitask UNet" when no `*.medseg.json`
 * is chosen: dataset folder (checked by the dataset doctor first), task preset, input
 * size, epochs, augmentation preset and backend. Writes the config beside the workspace
 * and returns its path.
 */
import * as vscode from 'vscode';
import * as path from 'path';
import * as fs from 'fs';
import { DoctorReport } from '../../core/dataset/Finding';
import { presetConfig } from './presetConfig';

/** Task presets a user picks from. */
const TASKS = [
  { label: 'figshare multitask', description: 'tumour mask + meningioma/glioma/pituitary (softmax, Dice+CE)', task: 'figshare' },
  { label: 'BraTS regions + tumour presence', description: 'WT/TC/ET sigmoid regions (Dice+BCE) + slice-level presence', task: 'brats' },
  { label: 'custom image/mask folders', description: 'binary mask + optional class label', task: 'image-mask' },
] as const;

/** Runs the wizard; resolves to the written config path, or undefined when cancelled or the data has errors. */
export async function newConfigWizard(): Promise<string | undefined> {
  const ws = vscode.workspace.workspaceFolders?.[0];
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Use as dataset', defaultUri: ws?.uri, title: 'MedSeg: dataset folder (1/6)' });
  const folder = picked?.[0];
  if (!folder) return undefined;
  const report = await vscode.commands.executeCommand<DoctorReport | undefined>('medseg.checkDataset', folder);
  if (report && report.summary.errors > 0) {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    void vscode.window.showErrorMessage(`MedSeg: the dataset has ${report.summary.errors} error(s); fix them (see Problems) before training.`);
    return undefined;
  }
  const detected = report?.manifest?.kind;
  const task = await vscode.window.showQuickPick(TASKS.map((t) => ({ ...t, picked: t.task === detected })), { title: 'MedSeg: task (2/6)' });
  if (!task) return undefined;
  const size = await vscode.window.showQuickPick(['64', '96', '128', '192', '256'], { title: 'MedSeg: input size (3/6)', placeHolder: '128' });
  if (!size) return undefined;
  const epochsText = await vscode.window.showInputBox({
    title: 'MedSeg: epochs (4/6)', value: '20',
    validateInput: (v) => (/^\d+$/.test(v) && +v >= 1 ? undefined : 'a whole number ≥ 1'),
  });
  if (!epochsText) return undefined;
  const aug = await vscode.window.showQuickPick(['nnunet-default', 'nnunet-brats-da3', 'none'], { title: 'MedSeg: augmentation (5/6)' });
  if (!aug) return undefined;
  const backend = await vscode.window.showQuickPick(['auto', 'tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'], { title: 'MedSeg: backend (6/6)', placeHolder: 'auto picks the best installed' });
  if (!backend) return undefined;
  const name = path.basename(folder.fsPath).replace(/[^\w.-]+/g, '-');
  const dir = ws?.uri.fsPath ?? path.dirname(folder.fsPath);
  const file = path.join(dir, `${name}.medseg.json`);
  const root = path.relative(dir, folder.fsPath) || '.';
  fs.writeFileSync(file, JSON.stringify(presetConfig(task.task, root, name, +size, +epochsText, aug, backend), null, 2) + '\n');
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false, preserveFocus: true });
  return file;
}
