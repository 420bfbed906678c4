import * as vscode from 'vscode';
import { checkDataset } from '../../core/dataset/checkDataset';
import { DoctorReport } from '../../core/dataset/Finding';
import { formatDoctorReport } from '../../core/dataset/formatDoctorReport';
import { ExtensionServices } from '../services';
import { findingsToDiagnostics } from './findingsToDiagnostics';
import { workspaceFileSource } from './workspaceFileSource';

/** Options a caller (test, other command) may pass after the folder. */
export interface CheckDatasetArgs {
  /** Pair files by pattern instead of guessing (as `medseg doctor --image/--mask`). */
  pattern?: { image: string; mask?: string };
}

/** Asks for a folder when the command is run from the palette without one. */
async function pickFolder(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true, canSelectFiles: false, canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri, openLabel: 'Check Dataset',
  });
  return picked?.[0];
}

/**
 * "MedSeg: Check Dataset" (`medseg.checkDataset`): runs the dataset doctor on a folder (the
 * Uri argument, the explorer selection, or one picked) with a cancellable progress
 * notification, publishes the findings as diagnostics on the offending files (replacing the
 * previous run's for that folder), prints the report to the MedSeg channel and returns it.
 */
export function registerCheckDataset(context: vscode.ExtensionContext, services: ExtensionServices): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('medseg-dataset');
  context.subscriptions.push(diagnostics);

  const run = async (uri?: vscode.Uri, args?: unknown): Promise<DoctorReport | undefined> => {
    const root = uri instanceof vscode.Uri ? uri : await pickFolder();
    if (!root) return undefined;
    // The explorer passes the multi-selection as the 2nd argument: only a plain object is options.
    const opts: CheckDatasetArgs = args && typeof args === 'object' && !Array.isArray(args) ? (args as CheckDatasetArgs) : {};
    const name = root.path.split('/').filter(Boolean).pop() ?? root.toString();
    let report: DoctorReport;
    try {
      report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `MedSeg: checking dataset ${name}`, cancellable: true },
        async (progress, token) => {
          let reported = 0;
          return checkDataset(workspaceFileSource, root.toString(), {
            pattern: opts.pattern,
            signal: { get aborted() { return token.isCancellationRequested; } },
            onProgress: (p) => {
              const pct = p.total ? (100 * p.done) / p.total : 0;
              progress.report({ message: `${p.done + 1}/${p.total} ${p.file}`, increment: pct - reported });
              reported = pct;
            },
          });
        },
      );
    } catch (err) {
      const msg = `MedSeg: cannot check ${name}: ${(err as Error).message}`;
      services.output.appendLine(msg);
      void vscode.window.showErrorMessage(msg);
      throw err;
    }

    publish(diagnostics, root, report);
    services.output.appendLine(`\n=== Dataset doctor: ${root.fsPath || root.toString()} ===`);
    services.output.appendLine(formatDoctorReport(report));
    const s = report.summary;
    const text = `MedSeg: ${name}: ${s.cases} cases, ${s.errors} errors, ${s.warnings} warnings${s.cancelled ? ' (cancelled)' : ''}`;
    // Not awaited: the command returns the report at once (tests and callers must not wait on a toast).
    const show = s.errors ? vscode.window.showErrorMessage : s.warnings ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(text, 'Show Problems', 'Show Report').then((pick) => {
      if (pick === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      else if (pick === 'Show Report') services.output.show(true);
    });
    return report;
  };
  context.subscriptions.push(vscode.commands.registerCommand('medseg.checkDataset', run));
}

/** Replaces the diagnostics under `root` with this report's. */
function publish(collection: vscode.DiagnosticCollection, root: vscode.Uri, report: DoctorReport): void {
  const prefix = root.toString().replace(/\/?$/, '/');
  const stale: vscode.Uri[] = [];
  collection.forEach((uri) => { if (uri.toString() === root.toString() || uri.toString().startsWith(prefix)) stale.push(uri); });
  for (const uri of stale) collection.delete(uri);
  for (const { uri, diagnostics } of findingsToDiagnostics(root, report.findings).values()) collection.set(uri, diagnostics);
}
