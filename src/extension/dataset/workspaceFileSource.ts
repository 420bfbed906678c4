import * as vscode from 'vscode';
import { FileSource } from '../../core/dataset/FileSource';

/**
 * core's FileSource over `vscode.workspace.fs`, so the doctor also works on remote and
 * virtual workspaces. Paths are URI strings.
 */
export const workspaceFileSource: FileSource = {
  async list(dir) {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(dir, true));
    // FileType is a bit set: a symlinked folder is Directory | SymbolicLink.
    return entries.map(([name, type]) => ({ name, isDirectory: (type & vscode.FileType.Directory) !== 0 }));
  },
  read: async (p) => vscode.workspace.fs.readFile(vscode.Uri.parse(p, true)),
  join: (dir, ...parts) => vscode.Uri.joinPath(vscode.Uri.parse(dir, true), ...parts.flatMap((p) => p.split('/'))).toString(),
};
