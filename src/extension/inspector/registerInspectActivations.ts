/**
 * "MedSeg: Inspect Activations…": pick a trained run, an input file and a layer, and the
 * Tensor Inspector shows that layer's feature maps (channel grid over the NHWC output).
 * Tests pass `{ runDir, input, layer }` instead of picking.
 */
import * as vscode from 'vscode';
import * as path from 'path';
import { listRuns } from '../runs/runFiles';
import { ExtensionServices } from '../services';
import { requireTrust } from '../workspaceTrust';
import { ActivationsTensorSource } from './ActivationsTensorSource';
import { InspectorPanel } from './InspectorPanel';

/** Arguments tests (or other commands) may pass instead of picking. */
export interface InspectActivationsArgs {
  runDir?: string;
  input?: string;
  layer?: string;
  checkpoint?: 'best' | 'latest';
}

/** What the command returns (tests use it). */
export interface ActivationsOpened {
  title: string;
  layer: string;
  layers: string[];
}

/** Folders that may hold runs, as the Runs view looks for them (minus running jobs, which have no checkpoint yet). */
async function runRoots(): Promise<string[]> {
  const roots = new Set<string>();
  for (const f of vscode.workspace.workspaceFolders ?? []) roots.add(path.join(f.uri.fsPath, 'runs'));
  const configs = await vscode.workspace.findFiles('**/*.medseg.json', '**/{node_modules,runs}/**', 100);
  for (const c of configs) roots.add(path.join(path.dirname(c.fsPath), 'runs'));
  for (const extra of vscode.workspace.getConfiguration('medseg').get<string[]>('runsFolders', [])) roots.add(extra);
  return [...roots];
}

/** Quick pick of the runs with at least one epoch (and so a checkpoint). */
async function pickRun(): Promise<string | undefined> {
  const runs = (await listRuns(await runRoots())).filter((r) => r.summary.epochsCompleted > 0);
  if (!runs.length) {
    void vscode.window.showWarningMessage('MedSeg: no trained run found in this workspace (train one first).');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(runs.map((r) => ({
    label: path.basename(r.dir), description: `${r.summary.status} · best Dice ${r.summary.bestValDice.toFixed(3)}`, dir: r.dir,
  })), { title: 'MedSeg: activations of which run?' });
  return pick?.dir;
}

async function pickInput(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false, openLabel: 'Inspect Activations', title: 'MedSeg: input image or volume',
    filters: { 'Images and volumes': ['mat', 'png', 'jpg', 'jpeg', 'nii', 'gz'] },
  });
  return picked?.[0]?.fsPath;
}

/** Quick pick of a layer (forward order); `current` is the one already computed. */
async function pickLayer(layers: string[], current: string): Promise<string | undefined> {
  const items = layers.map((l) => ({ label: l, description: l === current ? 'default' : undefined }));
  const pick = await vscode.window.showQuickPick(items, { title: 'MedSeg: which layer?', placeHolder: current });
  return pick?.label;
}

/** Registers `medseg.inspectActivations`. */
export function registerInspectActivations(context: vscode.ExtensionContext, services: ExtensionServices): void {
  context.subscriptions.push(vscode.commands.registerCommand('medseg.inspectActivations', async (args?: InspectActivationsArgs | vscode.Uri): Promise<ActivationsOpened | undefined> => {
    if (!requireTrust('Inspect Activations (runs a model)')) return undefined;
    // A file URI (e.g. from a menu) is the input; an object is the test arguments.
    const a: InspectActivationsArgs = args instanceof vscode.Uri ? { input: args.fsPath } : args ?? {};
    const runDir = a.runDir ?? await pickRun();
    if (!runDir) return undefined;
    const input = a.input ?? await pickInput();
    if (!input) return undefined;
    const log = (line: string): void => services.output.appendLine(`[activations] ${line}`);
    try {
      const target = { runDir, input, checkpoint: a.checkpoint };
      // The worker reports the model's layers with its first answer: without a requested
      // layer, compute the default one, then offer the others from the same worker.
      const { source, first, layer } = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `MedSeg: computing activations of ${path.basename(input)}` },
        () => ActivationsTensorSource.open(services.workerPath, target, a.layer, log),
      );
      let shown = layer;
      let tensor = first;
      if (a.layer === undefined) {
        const picked = await pickLayer(source.variables, layer);
        if (!picked) { source.dispose(); return undefined; }
        if (picked !== layer) {
          tensor = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `MedSeg: computing activations of ${picked}` },
            () => source.load(picked),
          ).then(undefined, (err: unknown) => { source.dispose(); throw err; });
          shown = picked;
        }
      }
      await InspectorPanel.create(services.extensionUri, source, tensor, shown);
      return { title: source.title, layer: shown, layers: [...source.variables] };
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      log(msg);
      void vscode.window.showErrorMessage(`MedSeg: activations failed: ${msg}`);
      throw err;
    }
  }));
}
