/**
 * "MedSeg: Predict with Model…": on a file or folder, choose a run, predict in a worker
 * (masks written to `<run>/predictions/`), then open the slice viewer with the
 * prediction overlaid (compare colours and Dice when the input has ground truth) and
 * say the predicted class with its probabilities.
 */
import * as vscode from 'vscode';
import * as fs from 'fs';
import * as path from 'path';
import { PredictResult } from '../../core/protocol/workerProtocol';
import { requireTrust } from '../workspaceTrust';
import { WorkerClient } from '../worker/WorkerClient';
import { RunsTreeProvider } from './RunsTreeProvider';

/** Arguments tests may pass instead of picking. */
export interface PredictArgs {
  runDir?: string;
  inputs?: string[];
  /** Open the slice viewer on the first output (default true). */
  open?: boolean;
}

export async function pickRun(tree: RunsTreeProvider, title: string): Promise<string | undefined> {
  const runs = (await tree.runs()).filter((r) => r.summary.epochsCompleted > 0);
  if (!runs.length) {
    void vscode.window.showWarningMessage('MedSeg: no trained run found in this workspace (train one first).');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(runs.map((r) => ({
    label: path.basename(r.dir), description: `${r.summary.status} · best Dice ${r.summary.bestValDice.toFixed(3)}`, dir: r.dir,
  })), { title });
  return pick?.dir;
}

/** Runs a prediction in a fresh worker, with progress. */
export async function predict(workerPath: string, runDir: string, inputs: string[], output: vscode.OutputChannel): Promise<PredictResult> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `MedSeg: predicting ${inputs.length} input(s)`, cancellable: true }, async (_p, token) => {
    const worker = new WorkerClient({ workerPath, onEvent: (e) => { if (e.type === 'log') output.appendLine(`[predict] ${e.text}`); } });
    token.onCancellationRequested(() => worker.dispose());
    try {
      return await worker.request({ type: 'predict', runDir, inputs });
    } finally {
      await worker.stop();
    }
  });
}

/** Shows one prediction in the slice viewer, with its class and probabilities. */
export async function showPrediction(result: PredictResult, index = 0): Promise<void> {
  const out = result.outputs[index];
  if (!out) return;
  await vscode.commands.executeCommand('medseg.openSliceViewer', {
    image: vscode.Uri.file(out.input), prediction: vscode.Uri.file(out.mask), title: `Prediction: ${path.basename(out.input)}`,
  });
  let probs = '';
  try {
    const p = JSON.parse(fs.readFileSync(out.probabilities, 'utf8')) as { probabilities?: Record<string, number> | number[] };
    if (p.probabilities) probs = Object.entries(p.probabilities).map(([k, v]) => `${k} ${(100 * v).toFixed(1)}%`).join(', ');
  } catch { /* probabilities are optional */ }
  if (out.className) void vscode.window.showInformationMessage(`MedSeg: ${path.basename(out.input)} → ${out.className}${probs ? ` (${probs})` : ''}`);
}

export function registerPredict(context: vscode.ExtensionContext, workerPath: string, output: vscode.OutputChannel, tree: RunsTreeProvider): void {
  context.subscriptions.push(vscode.commands.registerCommand('medseg.predict', async (target?: vscode.Uri | PredictArgs | { runDir: string }, selection?: vscode.Uri[]): Promise<PredictResult | undefined> => {
    if (!requireTrust('Prediction')) return undefined;
    let args: PredictArgs = {};
    if (target instanceof vscode.Uri) args = { inputs: (selection?.length ? selection : [target]).map((u) => u.fsPath) };
    else if (target) args = { ...target };
    const runDir = args.runDir ?? await pickRun(tree, 'MedSeg: predict with which run?');
    if (!runDir) return undefined;
    let inputs = args.inputs;
    if (!inputs?.length) {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: true, canSelectFolders: true, openLabel: 'Predict', title: 'MedSeg: images or volumes to predict' });
      inputs = picked?.map((u) => u.fsPath);
    }
    if (!inputs?.length) return undefined;
    try {
      const result = await predict(workerPath, runDir, inputs, output);
      output.appendLine(`[predict] ${result.outputs.length} prediction(s) on ${result.backend} → ${path.join(runDir, 'predictions')}`);
      if (args.open !== false) await showPrediction(result);
      return result;
    } catch (err) {
      void vscode.window.showErrorMessage(`MedSeg: prediction failed: ${(err as Error).message}`);
      throw err;
    }
  }));
}
