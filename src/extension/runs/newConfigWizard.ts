/**
 * The guided quick pick behind "Train Multitask UNet" → "New config…": dataset folder
 * (checked by the dataset doctor first), then a recipe (the tested configs in
 * media/recipes/, the one for the detected dataset first, each with its estimated time on
 * this machine) or a custom config (task, input size, epochs, augmentation, backend).
 * Writes `<folder>.medseg.json` into the workspace, never over an existing file without
 * asking, and returns its path.
 */
import * as vscode from 'vscode';
import * as path from 'path';
import { DoctorReport } from '../../core/dataset/Finding';
import { wasmThreads } from '../worker/wasmThreads';
import { estimateSeconds, formatDuration, shapeOf, StepTiming, timingFor, timingOfRun } from './estimateRunTime';
import { presetConfig } from './presetConfig';
import { applyRecipe, FALLBACK_RECIPE, freeConfigName, Recipe, RecipeKind, recipeFromJson, recipesFor } from './recipes';
import { loadMetrics, loadRunConfig, RunInfo } from './runFiles';

/** Task presets of the custom path. */
const TASKS = [
  { label: 'figshare multitask', description: 'tumour mask + meningioma/glioma/pituitary (Dice+BCE, fixed weighting)', task: 'figshare' },
  { label: 'BraTS regions + tumour presence', description: 'WT/TC/ET sigmoid regions (Dice+BCE) + slice-level presence', task: 'brats' },
  { label: 'custom image/mask folders', description: 'binary mask + optional class label', task: 'image-mask' },
] as const;

/** What the wizard needs from the host. */
export interface WizardContext {
  extensionUri: vscode.Uri;
  /** Runs in the workspace (their timings refine the estimate). */
  runs: () => Promise<RunInfo[]>;
}

const decoder = new TextDecoder();

/** The recipes shipped in media/recipes/ (the demo recipe when none ships). */
async function loadRecipes(extensionUri: vscode.Uri): Promise<Recipe[]> {
  const dir = vscode.Uri.joinPath(extensionUri, 'media', 'recipes');
  const entries = await vscode.workspace.fs.readDirectory(dir).then((e) => e, () => [] as [string, vscode.FileType][]);
  const recipes = await Promise.all(entries.filter(([n]) => n.endsWith('.medseg.json')).map(async ([n]) => {
    try {
      return recipeFromJson(n.replace(/\.medseg\.json$/, ''), JSON.parse(decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, n)))));
    } catch {
      return undefined;
    }
  }));
  const found = recipes.filter((r): r is Recipe => r !== undefined);
  return found.some((r) => r.kind === 'figshare') ? found : [...found, FALLBACK_RECIPE];
}

/** This machine's speed from the newest earlier WASM runs with finished epochs (newest first; see timingFor). */
async function machineTimings(runs: RunInfo[]): Promise<StepTiming[]> {
  const found = await Promise.all(runs.filter((x) => x.summary.epochsCompleted > 0 && x.summary.backend === 'wasm').slice(0, 20).map(async (r) => {
    const config = await loadRunConfig(r.dir);
    const seconds = (await loadMetrics(r.dir)).map((m) => m.seconds);
    return config && timingOfRun(path.basename(r.dir), config, seconds, r.summary.threads ?? 1);
  }));
  return found.filter((t): t is StepTiming => t !== undefined);
}

type RecipePick = vscode.QuickPickItem & { recipe?: Recipe };

/** Asks for a recipe (or Custom…); resolves to the config object, or undefined when cancelled. */
async function chooseConfig(ctx: WizardContext, kind: RecipeKind | undefined, root: string, name: string): Promise<Record<string, unknown> | undefined> {
  const recipes = kind ? recipesFor(await loadRecipes(ctx.extensionUri), kind) : [];
  if (!recipes.length) return customConfig(kind, root, name);
  const timings = await machineTimings(await ctx.runs());
  const cpus = wasmThreads();
  const items: RecipePick[] = recipes.map((recipe, i) => {
    const config = applyRecipe(recipe, name, root);
    const timing = timingFor(shapeOf(config), timings);
    const t = config.training as { epochs?: number; iterationsPerEpoch?: number };
    return {
      label: `${i === 0 ? '$(star-full) ' : ''}${recipe.id}`, recipe,
      description: `${formatDuration(estimateSeconds(config, timing, cpus))} here`,
      detail: `${recipe.description} · ${t.epochs} epochs × ${t.iterationsPerEpoch} steps; time from ${timing.source}, scaled by image size, batch, width and ${cpus} CPU(s)`,
    };
  });
  items.push({ label: '$(settings) Custom…', description: 'task, input size, epochs, augmentation, backend' });
  const pick = await vscode.window.showQuickPick(items, { title: 'MedSeg: recipe (2/2)', placeHolder: 'Enter trains the recommended recipe', matchOnDetail: true });
  if (!pick) return undefined;
  return pick.recipe ? applyRecipe(pick.recipe, name, root) : customConfig(kind, root, name);
}

/** The custom path: every choice asked, starting from the proven recipe's values. */
async function customConfig(detected: RecipeKind | undefined, root: string, name: string): Promise<Record<string, unknown> | undefined> {
  const task = await vscode.window.showQuickPick(TASKS.map((t) => ({ ...t, picked: t.task === detected })), { title: 'MedSeg: task' });
  if (!task) return undefined;
  const size = await vscode.window.showQuickPick(['96', '64', '128', '192', '256'], { title: 'MedSeg: input size', placeHolder: '96 (the recipe that learns on figshare)' });
  if (!size) return undefined;
  const epochsText = await vscode.window.showInputBox({
    title: 'MedSeg: epochs (20 steps each)', value: '16',
    validateInput: (v) => (/^\d+$/.test(v) && +v >= 1 ? undefined : 'a whole number ≥ 1'),
  });
  if (!epochsText) return undefined;
  const aug = await vscode.window.showQuickPick(['nnunet-default', 'nnunet-brats-da3', 'none'], { title: 'MedSeg: augmentation' });
  if (!aug) return undefined;
  const backend = await vscode.window.showQuickPick(['auto', 'tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'], { title: 'MedSeg: backend', placeHolder: 'auto picks the best installed' });
  if (!backend) return undefined;
  return presetConfig(task.task, root, name, +size, +epochsText, aug, backend);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false);
}

/** Where to write: `<name>.medseg.json`, or (asked) a free name or over the existing file. */
async function chooseFile(dir: string, name: string): Promise<string | undefined> {
  const file = path.join(dir, `${name}.medseg.json`);
  if (!(await exists(vscode.Uri.file(file)))) return file;
  const free = path.join(dir, await freeConfigName(name, (f) => exists(vscode.Uri.file(path.join(dir, f)))));
  const pick = await vscode.window.showQuickPick([
    { label: `Save as ${path.basename(free)}`, file: free },
    { label: `Overwrite ${path.basename(file)}`, description: 'replaces the existing config', file },
  ], { title: `MedSeg: ${path.basename(file)} already exists` });
  return pick?.file;
}

/** Runs the wizard; resolves to the written config path, or undefined when cancelled or the data has errors. */
export async function newConfigWizard(ctx: WizardContext): Promise<string | undefined> {
  const ws = vscode.workspace.workspaceFolders?.[0];
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Use as dataset', defaultUri: ws?.uri, title: 'MedSeg: dataset folder (1/2)' });
  const folder = picked?.[0];
  if (!folder) return undefined;
  const report = await vscode.commands.executeCommand<DoctorReport | undefined>('medseg.checkDataset', folder);
  if (report && report.summary.errors > 0) {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    void vscode.window.showErrorMessage(`MedSeg: the dataset has ${report.summary.errors} error(s); fix them (see Problems) before training.`);
    return undefined;
  }
  const kind = report?.manifest?.kind as RecipeKind | undefined;
  const name = path.basename(folder.fsPath).replace(/[^\w.-]+/g, '-');
  const dir = ws?.uri.fsPath ?? path.dirname(folder.fsPath);
  const root = path.relative(dir, folder.fsPath) || '.';
  const config = await chooseConfig(ctx, kind, root, name);
  if (!config) return undefined;
  const file = await chooseFile(dir, name);
  if (!file) return undefined;
  await vscode.workspace.fs.writeFile(vscode.Uri.file(file), new TextEncoder().encode(JSON.stringify(config, null, 2) + '\n'));
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false, preserveFocus: true });
  return file;
}
