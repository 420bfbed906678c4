/**
 * "MedSeg: Train Multitask UNet": choose a `*.medseg.json` in the workspace (or make one
 * with the wizard), validate it (errors name the field), start a worker job and open
 * its dashboard. Also "Resume" and "Stop" for runs.
 */
import * as vscode from 'vscode';
import * as fs from 'fs';
import * as path from 'path';
import { resolveTrainConfig } from '../../core/config/trainConfig';
import { runFolderName } from '../../core/run';
import { BackendName } from '../../core/protocol/workerProtocol';
import { JobManager } from './JobManager';
import { newConfigWizard } from './newConfigWizard';

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
async function pickConfig(): Promise<string | undefined> {
  const found = await vscode.workspace.findFiles('**/*.medseg.json', '**/{node_modules,runs}/**', 200);
  const items: (vscode.QuickPickItem & { file?: string })[] = [
    { label: '$(add) New config…', description: 'dataset folder, task preset, input size, epochs, augmentation, backend' },
    ...found.map((u) => ({ label: path.basename(u.fsPath), description: vscode.workspace.asRelativePath(u), file: u.fsPath })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'MedSeg: Train Multitask UNet', placeHolder: 'choose a training config' });
  if (!pick) return undefined;
  return pick.file ?? newConfigWizard();
}

/** Reads and validates a config file; shows the field-named error and returns undefined when invalid. */
export function loadConfig(file: string): ReturnType<typeof resolveTrainConfig> | undefined {
  try {
    return resolveTrainConfig(JSON.parse(fs.readFileSync(file, 'utf8')), path.dirname(file));
  } catch (err) {
    void vscode.window.showErrorMessage(`MedSeg: ${path.basename(file)}: ${(err as Error).message}`);
    return undefined;
  }
}

/** Starts training `configPath`; resolves once the worker runs. */
export function startTraining(jobs: JobManager, configPath: string, backend?: TrainArgs['backend']): StartedRun | undefined {
  const cfg = loadConfig(configPath);
  if (!cfg) return undefined;
  // The host names the run folder, so the dashboard and tree know it before the first epoch.
  const runDir = path.join(cfg.run.outputDir, runFolderName(cfg.name, new Date()));
  const job = jobs.start({ type: 'train', configPath, runDir, backend });
  return { runDir, pid: job.pid };
}

export function registerTrainCommands(context: vscode.ExtensionContext, jobs: JobManager): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('medseg.trainModel', async (args?: TrainArgs | vscode.Uri): Promise<StartedRun | undefined> => {
      const a: TrainArgs = args instanceof vscode.Uri ? { configPath: args.fsPath } : args ?? {};
      const configPath = a.configPath ?? await pickConfig();
      if (!configPath) return undefined;
      const started = startTraining(jobs, configPath, a.backend);
      if (started && a.dashboard !== false) await vscode.commands.executeCommand('medseg.openDashboard', started.runDir);
      return started;
    }),
    vscode.commands.registerCommand('medseg.resumeRun', async (target?: string | { runDir: string }, opts?: { epochs?: number }): Promise<StartedRun | undefined> => {
      const runDir = typeof target === 'string' ? target : target?.runDir;
      if (!runDir) return undefined;
      if (jobs.find(runDir)) {
        void vscode.window.showInformationMessage('MedSeg: that run is already training.');
        return undefined;
      }
      const job = jobs.start({ type: 'train', resume: runDir, epochs: opts?.epochs });
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
