import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ClusterGroup, GroupSummary } from '../../src/core/cluster';
import { ensureSlurm, medsegCli } from '../helpers/slurm';
import { projectRoot } from '../helpers/paths';
import { medseg, screenshot, waitFor, writeTinyConfig } from './helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a command from the command palette by its title, as a person types it. */
async function runFromPalette(title: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.quickOpen', `>${title}`);
  await sleep(1500);
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

/** Moves `down` items down in the open quick pick (or accepts an input box) and accepts. */
async function accept(down = 0): Promise<void> {
  await sleep(2000);
  for (let i = 0; i < down; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

const tree = async (): Promise<string[]> => (await vscode.commands.executeCommand<string[]>('medseg.test.runsTree')) ?? [];

describe('Cross-validation on Slurm from VS Code (real VS Code, real single-node Slurm)', function () {
  this.timeout(300000);
  let stopCluster: () => void = () => undefined;
  let ws: string;
  let groupDir: string | undefined;

  before(async () => {
    stopCluster = ensureSlurm();
    await medseg();
    ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
  });
  after(async () => {
    // Whatever happened, leave no task running in the workspace the launcher deletes.
    if (groupDir) {
      await medsegCli(['cancel', groupDir]);
      const g = JSON.parse(fs.readFileSync(path.join(groupDir, 'group.json'), 'utf8')) as ClusterGroup;
      const ours = new Set((g.slurm?.submissions ?? []).flatMap((s) => [s.arrayJobId, s.aggregateJobId]));
      const queued = () => (spawnSync('squeue', ['-h', '-r', '-o', '%F %A'], { encoding: 'utf8' }).stdout ?? '').split(/\s+/).filter((id) => ours.has(id));
      await waitFor(() => queued().length === 0, 90000, 'this group\'s jobs to leave the queue');
    }
    stopCluster();
  });

  it('Run Cross-Validation… submits an array; the Runs view groups the folds with live Slurm states; Cancel ends them', async () => {
    writeTinyConfig(ws, '0-slurm-cv', 'figshare-slurm', 400);
    await runFromPalette('MedSeg: Run Cross-Validation…');
    await accept(); // config: 0-slurm-cv.medseg.json sorts first
    await accept(1); // executor: Slurm
    await accept(); // partition: debug
    await accept(); // resources: --time 1:00:00 --cpus 1 --max-parallel 2
    await vscode.commands.executeCommand('workbench.view.extension.medseg');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    const runs = path.join(ws, 'runs');
    const dir = await waitFor(() => (fs.existsSync(runs) ? fs.readdirSync(runs).find((d) => d.endsWith('-0-slurm-cv-cv')) : undefined), 60000, 'the group folder');
    groupDir = path.join(runs, dir);
    // The folder appears before the submitter has written its scripts into it (seen in CI on a busy machine).
    const sbatch = path.join(groupDir, 'slurm/array.sbatch');
    const script = await waitFor(() => (fs.existsSync(sbatch) && /#SBATCH --time/.test(fs.readFileSync(sbatch, 'utf8')) ? fs.readFileSync(sbatch, 'utf8') : undefined), 60000, 'the array script');
    assert.match(script, /#SBATCH --partition=debug[\s\S]*#SBATCH --time=1:00:00/);

    // Live: folds RUNNING on the node (at most 2: 2 CPUs, --max-parallel 2), the others PENDING, epochs counting.
    const live = await waitFor(async () => {
      const lines = await tree();
      const i = lines.findIndex((l) => l.startsWith(dir));
      if (i < 0) return undefined;
      const tasks = lines.slice(i + 1).filter((l) => l.startsWith('  '));
      return tasks.some((l) => /RUNNING on \S+ · ep [1-9]\d*\//.test(l)) && tasks.some((l) => /PENDING/.test(l)) ? lines.slice(i, i + 1 + tasks.length) : undefined;
    }, 240000, 'a running fold with an epoch done and a pending one in the Runs view');
    assert.match(live[0], /CV · slurm · 0\/\d+ done · [12] running · \d+ pending/);
    const node = await vscode.commands.executeCommand('medseg.test.runsNode', groupDir);
    // The group's dashboard overlays the folds' curves.
    const shown = await vscode.commands.executeCommand<string>('medseg.openDashboard', node);
    // Whichever fold started first (the two running folds start together; CI saw fold-2 first).
    assert.match(path.relative(groupDir, shown), /^fold-\d+$/, 'the group opens the dashboard of its started folds');
    assert.ok(fs.existsSync(path.join(shown, 'summary.json')), `${shown} has started`);
    await sleep(10000);
    const shot = process.env.MEDSEG_UPDATE_SCREENSHOTS === '1' ? path.join(projectRoot(), 'media/runs-cv-slurm.png') : path.join(ws, 'runs-cv-slurm.png');
    await screenshot(shot);

    assert.ok(await vscode.commands.executeCommand<boolean>('medseg.cancelSlurm', node));
    const summaryFile = path.join(groupDir, 'cv-summary.json');
    const s = await waitFor(() => (fs.existsSync(summaryFile) ? JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as GroupSummary : undefined), 120000, 'the aggregate to report');
    assert.deepStrictEqual(s.completed, [], 'no fold of 400 epochs finished');
    assert.ok(s.tasks.filter((t) => t.status === 'cancelled').length >= 2, JSON.stringify(s.tasks.map((t) => t.status)));
    const after = await waitFor(async () => {
      const lines = await tree();
      const i = lines.findIndex((l) => l.startsWith(dir));
      return i >= 0 && !/running|pending/.test(lines[i]) && lines.slice(i + 1).some((l) => /CANCELLED/.test(l)) ? lines : undefined;
    }, 60000, 'the Runs view to show the folds cancelled');
    assert.ok(!after.some((l) => /RUNNING on/.test(l)), after.join('\n'));
  });
});
