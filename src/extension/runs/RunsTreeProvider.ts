/**
 * The "Runs" tree of the MedSeg view container: every run folder in the workspace
 * (`runs/` next to configs, or any folder named in `medseg.runsFolders`) with its status
 * and best validation Dice, and every cross-validation or sweep group with its tasks,
 * their Slurm state (PENDING, RUNNING on a node, FAILED with exit code…), epoch and Dice.
 * Reads the folders asynchronously (workspace fs) and refreshes on file changes, job
 * events and Slurm state changes; state lives in the folders, so a reload loses nothing.
 * Context actions live in package.json menus.
 */
import * as vscode from 'vscode';
import * as path from 'path';
import { describeTaskState, TaskSlurmState } from '../../core/cluster';
import { RunStatus, RunSummary } from '../../core/run';
import { Disposable } from '../../core/util/Disposable';
import { JobManager } from './JobManager';
import { RunInfo } from './runFiles';
import { GroupEntry, scanRoots, TaskEntry } from './runScan';
import { SlurmMonitor } from './SlurmMonitor';

/** A run as a tree element (also the argument of the context-menu commands). */
export interface RunNode {
  kind?: 'run';
  runDir: string;
  info: RunInfo;
}

/** A cross-validation or sweep group. */
export interface GroupNode {
  kind: 'group';
  dir: string;
  entry: GroupEntry;
}

/** A task of a group (its run folder may not exist yet). */
export interface TaskNode {
  kind: 'task';
  runDir: string;
  group: GroupEntry;
  entry: TaskEntry;
  info?: RunInfo;
}

export type RunsTreeNode = RunNode | GroupNode | TaskNode;

const ICONS: Record<RunStatus, string> = { running: 'sync~spin', completed: 'pass', stopped: 'debug-stop', failed: 'error' };
const SLURM_ICONS: Record<string, string> = {
  PENDING: 'clock', RUNNING: 'sync~spin', COMPLETING: 'sync~spin', COMPLETED: 'pass', FAILED: 'error', CANCELLED: 'circle-slash',
  TIMEOUT: 'watch', OUT_OF_MEMORY: 'error', MISSING: 'question',
};

function progressText(s: RunSummary | undefined): string {
  return s ? `ep ${s.epochsCompleted}/${s.epochsTotal} · Dice ${s.bestValDice.toFixed(3)}` : 'not started';
}

export class RunsTreeProvider extends Disposable implements vscode.TreeDataProvider<RunsTreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly slurm = this._register(new SlurmMonitor());
  private groupsOnScreen: GroupEntry[] = [];

  constructor(private readonly jobs: JobManager) {
    super();
    this._register(jobs.onDidChange(() => this.refresh()));
    this._register(this.slurm.onDidChange(() => this.refresh()));
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/{summary.json,group.json,cv-summary.json,sweep-summary.json}'));
    this._register(watcher.onDidChange(() => this.refresh()));
    this._register(watcher.onDidCreate(() => this.refresh()));
    this._register(watcher.onDidDelete(() => this.refresh()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('medseg.runsFolders')) this.refresh(); }));
  }

  private pending: ReturnType<typeof setTimeout> | undefined;
  /** Coalesces bursts of changes (progress events) into one refresh. */
  refresh(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => { this.pending = undefined; this.changed.fire(); }, 500);
  }

  private configDirsCache: { at: number; dirs: Promise<string[]> } | undefined;
  /** Folders holding configs; a workspace search, so reused for 30 s (live refreshes come every few seconds). */
  private configDirs(): Promise<string[]> {
    let cache = this.configDirsCache;
    if (!cache || Date.now() - cache.at > 30000) {
      const dirs = Promise.resolve(vscode.workspace.findFiles('**/*.medseg.json', '**/{node_modules,runs}/**', 100)).then((cs) => cs.map((c) => path.dirname(c.fsPath)));
      cache = this.configDirsCache = { at: Date.now(), dirs };
    }
    return cache.dirs;
  }

  /** Folders that may hold runs: `runs/` in each workspace folder, beside configs, and configured ones. */
  async runRoots(): Promise<string[]> {
    const roots = new Set<string>();
    for (const f of vscode.workspace.workspaceFolders ?? []) roots.add(path.join(f.uri.fsPath, 'runs'));
    for (const dir of await this.configDirs()) roots.add(path.join(dir, 'runs'));
    for (const j of this.jobs.running) if (j.runDir) roots.add(path.dirname(j.runDir));
    for (const extra of vscode.workspace.getConfiguration('medseg').get<string[]>('runsFolders', [])) roots.add(extra);
    return [...roots];
  }

  /** All runs, groups' task runs included, newest first. */
  async runs(): Promise<RunInfo[]> {
    const { runs, groups } = await scanRoots(await this.runRoots());
    const tasks = groups.flatMap((g) => g.tasks.filter((t) => t.summary).map((t) => ({ dir: t.runDir, summary: t.summary! })));
    return [...runs, ...tasks];
  }

  private live: ReturnType<typeof setTimeout> | undefined;
  /**
   * While a task of a group on screen is running, rescans every few seconds: its epochs
   * advance in its run folder, and file events do not always arrive (network file systems).
   */
  private scheduleLiveRefresh(groups: readonly GroupEntry[]): void {
    if (this.live || this.isDisposed) return;
    if (!groups.some((g) => g.tasks.some((t) => t.summary?.status === 'running'))) return;
    const seconds = vscode.workspace.getConfiguration('medseg').get<number>('slurm.pollSeconds', 5);
    this.live = setTimeout(() => { this.live = undefined; this.refresh(); }, Math.max(1, seconds) * 1000);
  }

  override dispose(): void {
    if (this.live) clearTimeout(this.live);
    if (this.pending) clearTimeout(this.pending);
    super.dispose();
  }

  /** Groups on screen (after the last scan). */
  get groups(): readonly GroupEntry[] {
    return this.groupsOnScreen;
  }

  async getChildren(element?: RunsTreeNode): Promise<RunsTreeNode[]> {
    if (element?.kind === 'group') {
      return element.entry.tasks.map((t) => ({ kind: 'task', runDir: t.runDir, group: element.entry, entry: t, info: t.summary ? { dir: t.runDir, summary: t.summary } : undefined }));
    }
    if (element) return [];
    const { runs, groups } = await scanRoots(await this.runRoots());
    this.groupsOnScreen = groups;
    this.slurm.watch(groups.map((g) => g.group));
    this.scheduleLiveRefresh(groups);
    const nodes: RunsTreeNode[] = [
      ...groups.map((g): GroupNode => ({ kind: 'group', dir: g.dir, entry: g })),
      ...runs.map((info): RunNode => ({ kind: 'run', runDir: info.dir, info })),
    ];
    return nodes.sort((a, b) => path.basename(b.kind === 'group' ? b.dir : b.runDir).localeCompare(path.basename(a.kind === 'group' ? a.dir : a.runDir)));
  }

  getTreeItem(node: RunsTreeNode): vscode.TreeItem {
    if (node.kind === 'group') return this.groupItem(node);
    if (node.kind === 'task') return this.taskItem(node);
    return this.runItem(node);
  }

  /** The Slurm state of a task, when Slurm knows it (or the summary recorded it). */
  taskState(group: GroupEntry, t: TaskEntry): TaskSlurmState | undefined {
    const live = this.slurm.states(group.group).get(t.task.index);
    if (live && live.state !== 'MISSING') return live;
    const recorded = group.summary?.tasks.find((x) => x.name === t.task.name)?.slurm;
    return recorded ? { ...recorded, state: recorded.state as TaskSlurmState['state'] } : live;
  }

  private runItem(node: RunNode): vscode.TreeItem {
    const s = node.info.summary;
    const live = this.jobs.find(node.runDir);
    const status: RunStatus = live ? 'running' : s.status;
    const item = new vscode.TreeItem(path.basename(node.runDir), vscode.TreeItemCollapsibleState.None);
    item.description = `${status} · ${s.epochsCompleted}/${s.epochsTotal} ep · Dice ${s.bestValDice.toFixed(3)}${s.bestAccuracy === null ? '' : ` · acc ${s.bestAccuracy.toFixed(2)}`}`;
    item.tooltip = new vscode.MarkdownString(`**${s.name}** — ${status}\n\n${node.runDir}\n\nbackend: ${s.backend} (${s.backendReason})${s.error ? `\n\nerror: ${s.error}` : ''}`);
    item.iconPath = new vscode.ThemeIcon(ICONS[status]);
    item.contextValue = `medsegRun.${status}`;
    item.command = { command: 'medseg.openDashboard', title: 'Open Dashboard', arguments: [node] };
    item.id = node.runDir;
    return item;
  }

  private groupItem(node: GroupNode): vscode.TreeItem {
    const { group, summary, tasks } = node.entry;
    const states = tasks.map((t) => this.taskState(node.entry, t)?.state ?? (t.summary?.status === 'running' ? 'RUNNING' : t.summary?.status.toUpperCase()));
    const active = group.executor === 'slurm' && states.some((s) => s === 'PENDING' || s === 'RUNNING' || s === undefined);
    const count = (s: string) => states.filter((x) => x === s).length;
    const parts = [`${group.kind === 'cv' ? 'CV' : 'sweep'} · ${group.executor}`, `${count('COMPLETED')}/${tasks.length} done`];
    if (count('RUNNING')) parts.push(`${count('RUNNING')} running`);
    if (count('PENDING')) parts.push(`${count('PENDING')} pending`);
    const dice = summary?.metrics.valDice;
    if (dice) parts.push(`Dice ${dice.mean.toFixed(3)} ± ${dice.std.toFixed(3)}`);
    const item = new vscode.TreeItem(path.basename(node.dir), vscode.TreeItemCollapsibleState.Expanded);
    item.description = parts.join(' · ');
    const table = summary ? Object.entries(summary.metrics).map(([k, v]) => `| ${k} | ${v.mean.toFixed(4)} ± ${v.std.toFixed(4)} | ${v.n} |`).join('\n') : '';
    item.tooltip = new vscode.MarkdownString(`**${group.name}** — ${group.kind === 'cv' ? 'cross-validation' : 'sweep'} (${group.executor})\n\n${node.dir}`
      + (summary ? `\n\n| metric | mean ± std | n |\n|---|---|---|\n${table}${summary.missing.length ? `\n\nnot completed: ${summary.missing.join(', ')}` : ''}` : ''));
    item.iconPath = new vscode.ThemeIcon(active ? 'sync~spin' : group.kind === 'cv' ? 'layers' : 'beaker');
    item.contextValue = `medsegGroup.${group.executor}${active ? '.active' : ''}`;
    item.command = { command: 'medseg.openDashboard', title: 'Open Dashboard', arguments: [node] };
    item.id = node.dir;
    return item;
  }

  private taskItem(node: TaskNode): vscode.TreeItem {
    const t = node.entry;
    const st = node.group.group.executor === 'slurm' ? this.taskState(node.group, t) : undefined;
    const local = this.jobs.find(node.runDir) ? 'running' : t.summary?.status;
    const params = t.task.params ? ` · ${Object.entries(t.task.params).map(([k, v]) => `${k.split('.').pop()}=${JSON.stringify(v)}`).join(' ')}` : '';
    const item = new vscode.TreeItem(t.task.name, vscode.TreeItemCollapsibleState.None);
    item.description = `${st ? describeTaskState(st) : local ?? 'not started'} · ${progressText(t.summary)}${params}`;
    const recorded = node.group.summary?.tasks.find((x) => x.name === t.task.name);
    const tail = recorded?.outputTail?.length ? `\n\n\`\`\`\n${recorded.outputTail.join('\n')}\n\`\`\`` : '';
    item.tooltip = new vscode.MarkdownString(`**${t.task.name}** — ${item.description}\n\n${node.runDir}${t.summary?.error ? `\n\nerror: ${t.summary.error}` : ''}${tail}`);
    item.iconPath = new vscode.ThemeIcon(st ? SLURM_ICONS[st.state] ?? 'circle-outline' : local ? ICONS[local] : 'circle-outline');
    item.contextValue = st ? `medsegSlurmTask.${st.state}` : local ? `medsegRun.${local}` : 'medsegTask.new';
    if (t.summary) item.command = { command: 'medseg.openDashboard', title: 'Open Dashboard', arguments: [{ kind: 'run', runDir: node.runDir, info: { dir: node.runDir, summary: t.summary } }] };
    item.id = node.runDir;
    return item;
  }

  /** The tree as text, for screen checks: one line per node (`label — description`). */
  async render(): Promise<string[]> {
    const lines: string[] = [];
    for (const n of await this.getChildren()) {
      const item = this.getTreeItem(n);
      lines.push(`${item.label} — ${item.description}`);
      for (const c of await this.getChildren(n)) { const ci = this.getTreeItem(c); lines.push(`  ${ci.label} — ${ci.description}`); }
    }
    return lines;
  }
}
