/**
 * "MedSeg: Train Multitask UNet": choose a `*.medseg.json` in the workspace (or make one
 * with the wizard), validate it (errors name the field), start a worker job and open
 * its dashboard. Also "Resume" and "Stop" for runs.
 */
import * as vscode from 'vscode';
import * as fsp from 'fs/promises';
import * as path from 'path';
import { resolveTrainConfig } from '../../core/config/trainConfig';
import { runFolderName } from '../../core/run';
import { BackendName } from '../../core/protocol/workerProtocol';
import { requireTrust } from '../workspaceTrust';
import { JobManager } from './JobManager';
import { newConfigWizard, WizardContext } from './newConfigWizard';
import { isResumable, RunInfo } from './runFiles';

/** Arguments tests and other commands may pass instead of picking interactively. */
export interface TrainArgs {
  configPath?: string;
  backend?: 'auto' | BackendName;
  /** Open the dashboard (default true). */
  dashboard?: boolean;
}

/** What the command returns: the run folder and the worker's pid. */
export interface StartedRun {
  runDir: string;
  pid: number | undefined;
}

/** Asks for a config among the workspace's `*.medseg.json`, or to create one. */
async function pickConfig(wizard: WizardContext): Promise<string | undefined> {
  const found = await vscode.workspace.findFiles('**/*.medseg.json', '**/{node_modules,runs}/**', 200);
  const items: (vscode.QuickPickItem & { file?: string })[] = [
    { label: '$(add) New config…', description: 'dataset folder, task preset, input size, epochs, augmentation, backend' },
    ...found.map((u) => ({ label: path.basename(u.fsPath), description: vscode.workspace.asRelativePath(u), file: u.fsPath })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'MedSeg: Train Multitask UNet', placeHolder: 'choose a training config' });
  if (!pick) return undefined;
  return pick.file ?? newConfigWizard(wizard);
}

/** Reads and validates a config file; shows the field-named error and resolves to undefined when invalid. */
export async function loadConfig(file: string): Promise<ReturnType<typeof resolveTrainConfig> | undefined> {
  try {
    return resolveTrainConfig(JSON.parse(await fsp.readFile(file, 'utf8')), path.dirname(file));
  } catch (err) {
    void vscode.window.showErrorMessage(`MedSeg: ${path.basename(file)}: ${(err as Error).message}`);
    return undefined;
  }
}

/** Starts training `configPath`; resolves once the worker runs. */
export async function startTraining(jobs: JobManager, configPath: string, backend?: TrainArgs['backend']): Promise<StartedRun | undefined> {
  const cfg = await loadConfig(configPath);
  if (!cfg) return undefined;
  // The host names the run folder, so the dashboard and tree know it before the first epoch.
  const runDir = path.join(cfg.run.outputDir, runFolderName(cfg.name, new Date()));
  const job = jobs.start({ type: 'train', configPath, runDir, backend });
  return { runDir, pid: job.pid };
}

/** Asks which stopped, failed or interrupted run to resume; tells the user when there is none. */
async function pickResumable(jobs: JobManager, runs: () => Promise<RunInfo[]>): Promise<string | undefined> {
  const candidates = (await runs()).filter((r) => isResumable(r.summary, jobs.find(r.dir) !== undefined));
  if (!candidates.length) {
    void vscode.window.showInformationMessage('MedSeg: no stopped, failed or interrupted run to resume in this workspace.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(candidates.map((r) => {
    const s = r.summary;
    const status = s.status === 'running' ? 'interrupted (no worker)' : s.status;
    return {
      label: path.basename(r.dir), dir: r.dir,
      description: `${status} · epoch ${s.epochsCompleted}/${s.epochsTotal} · best Dice ${s.bestValDice.toFixed(3)}`,
      detail: s.error ? s.error.split('\n')[0] : undefined,
    };
  }), { title: 'MedSeg: Resume Run', placeHolder: 'choose a run to continue from its last checkpoint' });
  return pick?.dir;
}

export function registerTrainCommands(context: vscode.ExtensionContext, jobs: JobManager, wizard: WizardContext): void {
  const runs = wizard.runs;
  context.subscriptions.push(
    vscode.commands.registerCommand('medseg.trainModel', async (args?: TrainArgs | vscode.Uri): Promise<StartedRun | undefined> => {
      if (!requireTrust('Training')) return undefined;
      const a: TrainArgs = args instanceof vscode.Uri ? { configPath: args.fsPath } : args ?? {};
      const configPath = a.configPath ?? await pickConfig(wizard);
      if (!configPath) return undefined;
      const started = await startTraining(jobs, configPath, a.backend);
      if (started && a.dashboard !== false) await vscode.commands.executeCommand('medseg.openDashboard', started.runDir);
      return started;
    }),
    vscode.commands.registerCommand('medseg.resumeRun', async (target?: string | { runDir: string }, opts?: { epochs?: number }): Promise<StartedRun | undefined> => {
      if (!requireTrust('Resuming a run')) return undefined;
      const given = typeof target === 'string' ? target : target?.runDir;
      const runDir = given ?? await pickResumable(jobs, runs);
      if (!runDir) return undefined;
      if (jobs.find(runDir)) {
        void vscode.window.showInformationMessage('MedSeg: that run is already training.');
        return undefined;
      }
      const job = jobs.start({ type: 'train', resume: runDir, epochs: opts?.epochs });
      // Picked from the palette: show it, as Train does.
      if (!given) await vscode.commands.executeCommand('medseg.openDashboard', runDir);
      return { runDir, pid: job.pid };
    }),
    vscode.commands.registerCommand('medseg.stopRun', async (target?: string | { runDir: string }): Promise<boolean> => {
      const runDir = typeof target === 'string' ? target : target?.runDir;
      const job = runDir ? jobs.find(runDir) : jobs.running[0];
      if (!job) return false;
      await job.stop();
      return true;
    }),
  );
}
