/**
 * Wires the training features: jobs, the Runs tree, dashboards (with their reload
 * serializer), Train/Resume/Stop, Predict, Compare and the run context actions.
 */
import * as vscode from 'vscode';
import type * as fs from 'fs';
import * as fsp from 'fs/promises';
import * as path from 'path';
import { DashboardState } from '../../core/protocol/dashboardProtocol';
import { ExtensionServices } from '../services';
import { requireTrust } from '../workspaceTrust';
import { DashboardPanel } from './DashboardPanel';
import { JobManager } from './JobManager';
import { pickRun, predict, registerPredict, showPrediction } from './predictCommand';
import { loadRunConfig } from './runFiles';
import { RunsTreeNode, RunsTreeProvider } from './RunsTreeProvider';
import { registerClusterCommands } from './clusterCommands';
import { registerTrainCommands } from './trainCommand';

/** A run given as a path, a tree node or nothing (then the user picks). */
type RunTarget = string | RunsTreeNode | undefined;

function runDirOf(t: RunTarget): string | undefined {
  return typeof t === 'string' ? t : t?.kind === 'group' ? undefined : t?.runDir;
}

/** Finds the source file of a validation case id under the run's dataset root. */
async function findCaseFile(runDir: string, caseId: string): Promise<string | undefined> {
  const root = ((await loadRunConfig(runDir))?.data as { root?: string } | undefined)?.root;
  if (!root) return undefined;
  const stack = [root];
  for (let guard = 0; stack.length && guard < 2000; guard++) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[] = [];
    try { entries = await fsp.readdir(dir, { withFileTypes: true }); } catch { continue; }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name.replace(/\.(mat|nii\.gz|nii|png|jpe?g|npy)$/i, '') === caseId) return p;
    }
  }
  return undefined;
}

export function registerTraining(context: vscode.ExtensionContext, services: ExtensionServices): JobManager {
  const jobs = new JobManager(services.workerPath, services.output);
  const tree = new RunsTreeProvider(jobs);
  context.subscriptions.push(jobs, tree, vscode.window.registerTreeDataProvider('medseg.runs', tree));
  context.subscriptions.push(DashboardPanel.registerSerializer(services.extensionUri, jobs));
  registerTrainCommands(context, jobs, { extensionUri: services.extensionUri, runs: () => tree.runs() });
  registerPredict(context, services.workerPath, services.output, tree);
  registerClusterCommands(context, services, tree);

  const openDashboard = async (t?: RunTarget) => {
    if (typeof t === 'object' && t.kind === 'group') {
      // A group's dashboard overlays its tasks' curves (those that have started).
      const dirs = t.entry.tasks.filter((x) => x.summary).map((x) => x.runDir);
      if (dirs.length) DashboardPanel.show(services.extensionUri, jobs, dirs);
      else void vscode.window.showInformationMessage('MedSeg: no task of this group has started yet.');
      return dirs[0];
    }
    const runDir = runDirOf(t) ?? jobs.running[0]?.runDir ?? await pickRun(tree, 'MedSeg: open the dashboard of which run?');
    if (runDir) DashboardPanel.show(services.extensionUri, jobs, [runDir]);
    return runDir;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('medseg.openDashboard', openDashboard),
    vscode.commands.registerCommand('medseg.compareRuns', async (runDirs?: string[]) => {
      let dirs = runDirs;
      if (!dirs?.length) {
        const picks = await vscode.window.showQuickPick((await tree.runs()).map((r) => ({ label: path.basename(r.dir), description: `${r.summary.status} · Dice ${r.summary.bestValDice.toFixed(3)}`, dir: r.dir })), { canPickMany: true, title: 'MedSeg: compare runs' });
        dirs = picks?.map((p) => p.dir);
      }
      if (dirs && dirs.length) DashboardPanel.show(services.extensionUri, jobs, dirs);
      return dirs;
    }),
    vscode.commands.registerCommand('medseg.openRunConfig', async (t?: RunTarget) => {
      const runDir = runDirOf(t);
      if (runDir) await vscode.window.showTextDocument(vscode.Uri.file(path.join(runDir, 'config.json')));
    }),
    vscode.commands.registerCommand('medseg.revealCheckpoint', async (t?: RunTarget) => {
      const runDir = runDirOf(t);
      if (runDir) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(path.join(runDir, 'checkpoints', 'best', 'manifest.json')));
    }),
    vscode.commands.registerCommand('medseg.predictWithRun', async (t?: RunTarget) => {
      const runDir = runDirOf(t);
      return runDir ? vscode.commands.executeCommand('medseg.predict', { runDir }) : undefined;
    }),
    vscode.commands.registerCommand('medseg.refreshRuns', () => tree.refresh()),
    vscode.commands.registerCommand('medseg.openRunCase', async (runDir: string, caseId: string) => {
      if (!requireTrust('Prediction')) return undefined;
      const file = await findCaseFile(runDir, caseId);
      if (!file) {
        void vscode.window.showWarningMessage(`MedSeg: cannot find the file of case ${caseId} under the run's dataset.`);
        return undefined;
      }
      const result = await predict(services.workerPath, runDir, [file], services.output);
      await showPrediction(result);
      return result;
    }),
  );
  // Test hooks (registered only under test): what a dashboard shows, and a running job's worker pid.
  if (services.testMode) context.subscriptions.push(
    vscode.commands.registerCommand('medseg.test.dashboardState', (runDir: string): Promise<DashboardState> | undefined => DashboardPanel.find(runDir)?.state()),
    vscode.commands.registerCommand('medseg.test.jobPid', (runDir: string) => jobs.find(runDir)?.pid),
  );
  return jobs;
}
