/**
 * "MedSeg: Run Cross-Validation…" and "MedSeg: Run Sweep…" (config, grid, executor,
 * Slurm partition and resources, remembered per workspace), and Cancel / Resubmit on
 * the Runs view's groups and tasks. Everything goes through the `medseg` CLI in a child
 * process (see medsegCli.ts), so what the view does is what a terminal user would do.
 */
import * as vscode from 'vscode';
import { execFile } from 'child_process';
import * as path from 'path';
import { ExecutorName, GroupKind, parseGridAxis, parseResources } from '../../core/cluster';
import { ExtensionServices } from '../services';
import { requireTrust } from '../workspaceTrust';
import { cliError, startCli } from './medsegCli';
import { GroupNode, RunsTreeProvider, TaskNode } from './RunsTreeProvider';

/** What the commands return (for callers and tests). */
export interface GroupLaunch { dir?: string; executor: ExecutorName; arrayJobId?: string; aggregateJobId?: string; pid?: number }

const KEY = { executor: 'medseg.cluster.executor', partition: 'medseg.cluster.partition', resources: 'medseg.cluster.resources', grid: 'medseg.cluster.grid' };
const DEFAULT_RESOURCES = '--time 1:00:00 --cpus 1 --max-parallel 2';

function sinfoPartitions(): Promise<string[]> {
  return new Promise((resolve) => {
    execFile('sinfo', ['-h', '-o', '%P'], { timeout: 15000 }, (err, out) => resolve(err ? [] : [...new Set(out.split('\n').map((l) => l.trim()).filter(Boolean))]));
  });
}

async function pickConfig(title: string): Promise<string | undefined> {
  const found = (await vscode.workspace.findFiles('**/*.medseg.json', '**/{node_modules,runs}/**', 200))
    .map((u) => ({ label: path.basename(u.fsPath), description: vscode.workspace.asRelativePath(u), file: u.fsPath }))
    .sort((a, b) => a.description.localeCompare(b.description));
  if (!found.length) { void vscode.window.showWarningMessage('MedSeg: no *.medseg.json config in the workspace (create one with "Train Multitask UNet").'); return undefined; }
  return (await vscode.window.showQuickPick(found, { title, placeHolder: 'choose a training config' }))?.file;
}

/** Asks executor, partition and resources; returns the CLI's executor arguments. */
async function pickExecutor(state: vscode.Memento, title: string): Promise<{ executor: ExecutorName; args: string[] } | undefined> {
  const ex = await vscode.window.showQuickPick([
    { label: 'Local', description: 'on this machine, one task after another', executor: 'local' as const },
    { label: 'Slurm', description: 'one job array (a task per fold/point) + an aggregate job', executor: 'slurm' as const },
  ], { title, placeHolder: `executor (last: ${state.get<string>(KEY.executor, 'local')})` });
  if (!ex) return undefined;
  await state.update(KEY.executor, ex.executor);
  if (ex.executor === 'local') return { executor: 'local', args: [] };
  const last = state.get<string>(KEY.partition);
  const parts = await sinfoPartitions();
  const names = parts.map((p) => p.replace(/\*$/, ''));
  const items = [...new Set([...(last && names.includes(last) ? [last] : []), ...names])].map((p) => ({ label: p, description: parts.includes(`${p}*`) ? 'default partition' : '' }));
  items.push({ label: '(cluster default)', description: 'no --partition' });
  const part = await vscode.window.showQuickPick(items, { title, placeHolder: parts.length ? 'Slurm partition' : 'sinfo gave no partitions: is Slurm reachable from this machine?' });
  if (!part) return undefined;
  const partition = part.label === '(cluster default)' ? undefined : part.label;
  await state.update(KEY.partition, partition);
  const res = await vscode.window.showInputBox({
    title, prompt: 'sbatch resources per task (--time, --cpus, --mem, --gres or --gpus, --max-parallel, --sbatch "--account=x")',
    value: state.get<string>(KEY.resources, DEFAULT_RESOURCES), validateInput: (v) => { const r = parseResources(v); return typeof r === 'string' ? r : undefined; },
  });
  if (res === undefined) return undefined;
  await state.update(KEY.resources, res);
  const extra = vscode.workspace.getConfiguration('medseg').get<string[]>('slurm.extraSbatchLines', []).flatMap((l) => ['--sbatch', l]);
  return { executor: 'slurm', args: ['--executor', 'slurm', ...(partition ? ['--partition', partition] : []), ...(parseResources(res) as string[]), ...extra] };
}

async function askGrid(state: vscode.Memento): Promise<string[] | undefined> {
  const v = await vscode.window.showInputBox({
    title: 'MedSeg: Run Sweep', prompt: 'grid: dotted config keys with comma-separated values, axes separated by spaces',
    value: state.get<string>(KEY.grid, 'optimizer.learningRate=0.01,0.001'),
    validateInput: (text) => { try { text.trim().split(/\s+/).forEach(parseGridAxis); return undefined; } catch (e) { return (e as Error).message; } },
  });
  if (v === undefined) return undefined;
  await state.update(KEY.grid, v);
  return v.trim().split(/\s+/).flatMap((a) => ['--grid', a]);
}

/** Runs a local group in a child process with a cancellable progress notification. */
function runLocalGroup(workerPath: string, kind: GroupKind, args: string[], tree: RunsTreeProvider): GroupLaunch {
  let dir: string | undefined;
  let report: ((m: string) => void) | undefined;
  const proc = startCli(workerPath, args, (line) => {
    const m = /"runDir":"((?:[^"\\]|\\.)*)\/(?:fold|point)-[^"/]*"/.exec(line);
    if (m && !dir) { dir = JSON.parse(`"${m[1]}"`) as string; tree.refresh(); }
    const e = /"type":"metrics".*"runDir":"(?:[^"\\]|\\.)*\/((?:fold|point)-[^"/]*)".*"epoch":(\d+)/.exec(line);
    if (e) { report?.(`${e[1]}: epoch ${e[2]}`); tree.refresh(); }
  });
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `MedSeg ${kind === 'cv' ? 'cross-validation' : 'sweep'} (local)`, cancellable: true }, async (progress, token) => {
    report = (message) => progress.report({ message });
    token.onCancellationRequested(() => { proc.child.kill('SIGINT'); });
    const r = await proc.done;
    tree.refresh();
    if (r.code === 0) void vscode.window.showInformationMessage(`MedSeg: ${kind === 'cv' ? 'cross-validation' : 'sweep'} finished${dir ? `: ${path.basename(dir)}` : ''}.`);
    else if (!token.isCancellationRequested) void vscode.window.showErrorMessage(`MedSeg: ${kind} failed: ${cliError(r.out)}`);
  });
  return { executor: 'local', pid: proc.child.pid, dir };
}

async function launch(context: vscode.ExtensionContext, workerPath: string, tree: RunsTreeProvider, kind: GroupKind, uri?: vscode.Uri): Promise<GroupLaunch | undefined> {
  const title = kind === 'cv' ? 'MedSeg: Run Cross-Validation' : 'MedSeg: Run Sweep';
  if (!requireTrust(kind === 'cv' ? 'Cross-validation' : 'A sweep')) return undefined;
  const config = uri?.fsPath ?? await pickConfig(title);
  if (!config) return undefined;
  const grid = kind === 'sweep' ? await askGrid(context.workspaceState) : [];
  if (!grid) return undefined;
  const ex = await pickExecutor(context.workspaceState, title);
  if (!ex) return undefined;
  const args = [kind, config, ...grid, ...ex.args, '--json'];
  if (ex.executor === 'local') return runLocalGroup(workerPath, kind, args, tree);
  const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'MedSeg: submitting to Slurm…' }, () => startCli(workerPath, args).done);
  const line = r.out.split('\n').find((l) => l.includes('"type":"submitted"'));
  if (r.code !== 0 || !line) {
    void vscode.window.showErrorMessage(`MedSeg: Slurm submission failed: ${cliError(r.out)}`);
    return undefined;
  }
  const sub = JSON.parse(line) as { dir: string; arrayJobId: string; aggregateJobId: string; tasks: number[] };
  tree.slurm.poke();
  tree.refresh();
  void vscode.window.showInformationMessage(`MedSeg: submitted ${path.basename(sub.dir)}: array job ${sub.arrayJobId} (${sub.tasks.length} tasks), summary job ${sub.aggregateJobId}.`);
  return { dir: sub.dir, executor: 'slurm', arrayJobId: sub.arrayJobId, aggregateJobId: sub.aggregateJobId };
}

/** Runs `medseg <cmd> <dir> [--task name]` and reports failures. */
async function groupAction(workerPath: string, tree: RunsTreeProvider, cmd: 'cancel' | 'resubmit', node: GroupNode | TaskNode | undefined): Promise<boolean> {
  if (!node || !requireTrust(cmd === 'cancel' ? 'Cancelling Slurm jobs' : 'Resubmitting a Slurm task')) return false;
  const dir = node.kind === 'group' ? node.dir : node.group.dir;
  const args = [cmd, dir, ...(node.kind === 'task' ? ['--task', node.entry.task.name] : [])];
  const r = await startCli(workerPath, args).done;
  if (r.code !== 0) void vscode.window.showErrorMessage(`MedSeg: ${cmd} failed: ${cliError(r.out)}`);
  tree.slurm.poke();
  tree.refresh();
  return r.code === 0;
}

export function registerClusterCommands(context: vscode.ExtensionContext, services: ExtensionServices, tree: RunsTreeProvider): void {
  const { workerPath } = services;
  context.subscriptions.push(
    vscode.commands.registerCommand('medseg.runCrossValidation', (uri?: vscode.Uri) => launch(context, workerPath, tree, 'cv', uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('medseg.runSweep', (uri?: vscode.Uri) => launch(context, workerPath, tree, 'sweep', uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('medseg.cancelSlurm', (node?: GroupNode | TaskNode) => groupAction(workerPath, tree, 'cancel', node)),
    vscode.commands.registerCommand('medseg.resubmitTask', (node?: TaskNode) => groupAction(workerPath, tree, 'resubmit', node)),
  );
  if (services.testMode) {
    // What the Runs view shows, as text lines, and its nodes (to act on them like a context menu does).
    context.subscriptions.push(
      vscode.commands.registerCommand('medseg.test.runsTree', () => tree.render()),
      vscode.commands.registerCommand('medseg.test.runsNode', async (dir: string) => {
        const top = await tree.getChildren();
        const kids = (await Promise.all(top.map((n) => tree.getChildren(n)))).flat();
        return [...top, ...kids].find((n) => (n.kind === 'group' ? n.dir : n.runDir) === dir);
      }),
    );
  }
}
