/**
 * "MedSeg: Predict with Model…": on a file or folder, choose a run, predict in a worker
 * (masks written to `<run>/predictions/`), then open the slice viewer on every selected
 * file with its prediction overlaid and say the predicted class with its probabilities; a
 * folder with masks or labels gets its evaluation in the Prediction Results view.
 */
import * as vscode from 'vscode';
import * as fsp from 'fs/promises';
import * as path from 'path';
import { PredictOutput, PredictResult } from '../../core/protocol/workerProtocol';
import { requireTrust } from '../workspaceTrust';
import { WorkerClient } from '../worker/WorkerClient';
import { PredictionResultsView } from './PredictionResultsView';
import { RunsTreeProvider } from './RunsTreeProvider';

/** Arguments tests may pass instead of picking. */
export interface PredictArgs {
  runDir?: string;
  inputs?: string[];
  /** Show the results: each selected file's in the viewer, a folder's evaluation in Prediction Results (default true). */
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

/** The class line of a prediction: "pituitary (meningioma 27.9%, glioma 22.7%, pituitary 49.4%)". */
async function classLine(out: PredictOutput): Promise<string> {
  if (!out.className) return '';
  let probs = '';
  try {
    const p = JSON.parse(await fsp.readFile(out.probabilities, 'utf8')) as { probabilities?: Record<string, number> | number[] };
    if (p.probabilities) probs = Object.entries(p.probabilities).map(([k, v]) => `${k} ${(100 * v).toFixed(1)}%`).join(', ');
  } catch { /* probabilities are optional */ }
  return `${out.className}${probs ? ` (${probs})` : ''}`;
}

/** Shows one prediction in the slice viewer, with its class and probabilities. */
export async function showPrediction(result: PredictResult, index = 0): Promise<void> {
  const out = result.outputs[index];
  if (!out) return;
  await vscode.commands.executeCommand('medseg.openSliceViewer', {
    image: vscode.Uri.file(out.input), prediction: vscode.Uri.file(out.mask), title: `Prediction: ${path.basename(out.input)}`,
  });
  const cls = await classLine(out);
  if (cls) void vscode.window.showInformationMessage(`MedSeg: ${path.basename(out.input)} → ${cls}`);
}

/** Most viewer tabs a multi-selection opens at once (the rest are in the predictions folder). */
const MAX_OPEN = 12;

/**
 * Shows what a prediction produced: the evaluation in the Prediction Results view when the
 * inputs had masks or labels; every result of selected files in its own viewer tab.
 */
async function showResults(result: PredictResult, inputs: string[], results: PredictionResultsView, runDir: string): Promise<void> {
  if (result.evaluation) await results.show(result.evaluation);
  const fileInputs = new Set(inputs);
  const opened = result.outputs.filter((o) => fileInputs.has(o.input));
  for (let i = 0; i < Math.min(opened.length, MAX_OPEN); i++) await showPrediction(result, result.outputs.indexOf(opened[i]));
  const rest = result.outputs.length - Math.min(opened.length, MAX_OPEN);
  if (rest > 0 && !result.evaluation) {
    void vscode.window.showInformationMessage(`MedSeg: ${result.outputs.length} prediction(s) written to ${path.join(runDir, 'predictions')}.`, 'Reveal').then((pick) => {
      if (pick) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(result.outputs[0].mask));
    });
  }
  for (const w of result.warnings ?? []) void vscode.window.showWarningMessage(`MedSeg: ${w}`);
}

export function registerPredict(context: vscode.ExtensionContext, workerPath: string, output: vscode.OutputChannel, tree: RunsTreeProvider): void {
  const results = new PredictionResultsView();
  context.subscriptions.push(results);
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
      if (args.open !== false) await showResults(result, inputs, results, runDir);
      return result;
    } catch (err) {
      void vscode.window.showErrorMessage(`MedSeg: prediction failed: ${(err as Error).message}`);
      throw err;
    }
  }));
}
