/**
 * Restricted Mode: an untrusted workspace may view images, volumes and tensor files, but
 * nothing that runs code from it (training and prediction read configs that name files and
 * start workers; View as Tensor evaluates expressions in a debuggee). Those commands call
 * `requireTrust` first and explain why they refuse.
 */
import * as vscode from 'vscode';

/** True when the workspace is trusted; otherwise says what needs trust, offers to manage it, and returns false. */
export function requireTrust(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(
    `MedSeg: ${what} is disabled in Restricted Mode. Trust this workspace to use it (viewing works without trust).`,
    'Manage Workspace Trust',
  ).then((pick) => { if (pick) void vscode.commands.executeCommand('workbench.trust.manage'); });
  return false;
}
