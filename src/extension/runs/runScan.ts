/**
 * Finds run folders and group folders (cross-validation, sweeps) under the Runs view's
 * roots with `vscode.workspace.fs` only (no synchronous fs on the host thread). A group
 * folder's tasks are listed from its group.json, whether or not they have started.
 */
import * as vscode from 'vscode';
import * as path from 'path';
import { ClusterGroup, GROUP_FILES, GroupSummary, GroupTask, summaryFileOf } from '../../core/cluster';
import { RUN_FILES, RunSummary } from '../../core/run';

/** A plain run folder. */
export interface RunEntry { dir: string; summary: RunSummary }

/** One task of a group and what its run folder says so far. */
export interface TaskEntry { task: GroupTask; runDir: string; summary?: RunSummary }

/** A group folder. */
export interface GroupEntry { dir: string; group: ClusterGroup; summary?: GroupSummary; tasks: TaskEntry[] }

const decoder = new TextDecoder();

/** Parses a JSON file through the workspace file system; undefined when missing, mid-rename or invalid. */
export async function readJsonFile<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)))) as T;
  } catch {
    return undefined;
  }
}

async function readGroupEntry(dir: string): Promise<GroupEntry | undefined> {
  const group = await readJsonFile<ClusterGroup>(path.join(dir, GROUP_FILES.group));
  if (!group || group.format !== 'medseg-group-1') return undefined;
  const [summary, tasks] = await Promise.all([
    readJsonFile<GroupSummary>(path.join(dir, summaryFileOf(group.kind))),
    Promise.all(group.tasks.map(async (task) => {
      const runDir = path.join(dir, task.name);
      return { task, runDir, summary: await readJsonFile<RunSummary>(path.join(runDir, RUN_FILES.summary)) };
    })),
  ]);
  return { dir, group, summary, tasks };
}

/** Runs and groups directly under each root, newest first. */
export async function scanRoots(roots: readonly string[]): Promise<{ runs: RunEntry[]; groups: GroupEntry[] }> {
  const runs: RunEntry[] = [];
  const groups: GroupEntry[] = [];
  await Promise.all(roots.map(async (root) => {
    let entries: [string, vscode.FileType][];
    try { entries = await vscode.workspace.fs.readDirectory(vscode.Uri.file(root)); } catch { return; }
    await Promise.all(entries.filter(([, t]) => t & vscode.FileType.Directory).map(async ([name]) => {
      const dir = path.join(root, name);
      const summary = await readJsonFile<RunSummary>(path.join(dir, RUN_FILES.summary));
      if (summary) { runs.push({ dir, summary }); return; }
      const g = await readGroupEntry(dir);
      if (g) groups.push(g);
    }));
  }));
  const newest = (a: { dir: string }, b: { dir: string }) => path.basename(b.dir).localeCompare(path.basename(a.dir));
  return { runs: runs.sort(newest), groups: groups.sort(newest) };
}
