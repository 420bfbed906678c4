/**
 * The "Runs" tree of the MedSeg view container: every run folder in the workspace
 * (`runs/` next to configs, or any folder named in `medseg.runsFolders`) with its status
 * and best validation Dice. Context actions live in package.json menus.
 */
import * as vscode from 'vscode';
import * as path from 'path';
import { RunStatus } from '../../core/run';
import { Disposable } from '../../core/util/Disposable';
import { JobManager } from './JobManager';
import { listRuns, RunInfo } from './runFiles';

/** A run as a tree element (also the argument of the context-menu commands). */
export interface RunNode {
  runDir: string;
  info: RunInfo;
}

const ICONS: Record<RunStatus, string> = { running: 'sync~spin', completed: 'pass', stopped: 'debug-stop', failed: 'error' };

export class RunsTreeProvider extends Disposable implements vscode.TreeDataProvider<RunNode> {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly jobs: JobManager) {
    super();
    this._register(jobs.onDidChange(() => this.refresh()));
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/summary.json'));
    this._register(watcher.onDidChange(() => this.refresh()));
    this._register(watcher.onDidCreate(() => this.refresh()));
    this._register(watcher.onDidDelete(() => this.refresh()));
  }

  private pending: ReturnType<typeof setTimeout> | undefined;
  /** Coalesces bursts of changes (progress events) into one refresh. */
  refresh(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => { this.pending = undefined; this.changed.fire(); }, 500);
  }

  /** Folders that may hold runs: `runs/` in each workspace folder, beside configs, and configured ones. */
  async runRoots(): Promise<string[]> {
    const roots = new Set<string>();
    for (const f of vscode.workspace.workspaceFolders ?? []) roots.add(path.join(f.uri.fsPath, 'runs'));
    const configs = await vscode.workspace.findFiles('**/*.medseg.json', '**/{node_modules,runs}/**', 100);
    for (const c of configs) roots.add(path.join(path.dirname(c.fsPath), 'runs'));
    for (const j of this.jobs.running) if (j.runDir) roots.add(path.dirname(j.runDir));
    for (const extra of vscode.workspace.getConfiguration('medseg').get<string[]>('runsFolders', [])) roots.add(extra);
    return [...roots];
  }

  /** All runs, newest first. */
  async runs(): Promise<RunInfo[]> {
    return listRuns(await this.runRoots());
  }

  async getChildren(element?: RunNode): Promise<RunNode[]> {
    if (element) return [];
    return (await this.runs()).map((info) => ({ runDir: info.dir, info }));
  }

  getTreeItem(node: RunNode): vscode.TreeItem {
    const s = node.info.summary;
    const live = this.jobs.find(node.runDir);
    const status: RunStatus = live ? 'running' : s.status;
    const item = new vscode.TreeItem(path.basename(node.runDir), vscode.TreeItemCollapsibleState.None);
    const epochs = `${s.epochsCompleted}/${s.epochsTotal} ep`;
    item.description = `${status} · ${epochs} · Dice ${s.bestValDice.toFixed(3)}${s.bestAccuracy === null ? '' : ` · acc ${s.bestAccuracy.toFixed(2)}`}`;
    item.tooltip = new vscode.MarkdownString(`**${s.name}** — ${status}\n\n${node.runDir}\n\nbackend: ${s.backend} (${s.backendReason})${s.error ? `\n\nerror: ${s.error}` : ''}`);
    item.iconPath = new vscode.ThemeIcon(ICONS[status]);
    item.contextValue = `medsegRun.${status}`;
    item.command = { command: 'medseg.openDashboard', title: 'Open Dashboard', arguments: [node] };
    item.id = node.runDir;
    return item;
  }
}
