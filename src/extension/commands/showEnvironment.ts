import * as vscode from 'vscode';
import { EnvironmentReport } from '../../core/protocol/workerProtocol';
import { ExtensionServices } from '../services';
import { WorkerClient } from '../worker/WorkerClient';
import { formatEnvironmentReport } from '../../core/protocol/formatEnvironmentReport';

/**
 * "MedSeg: Show Environment": forks a real worker, asks it which tfjs backends load
 * there, prints the report to the MedSeg output channel and returns it (tests assert it).
 */
export function registerShowEnvironment(context: vscode.ExtensionContext, services: ExtensionServices): void {
  context.subscriptions.push(vscode.commands.registerCommand('medseg.showEnvironment', async (): Promise<EnvironmentReport> => {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'MedSeg: probing tfjs backends' },
      async () => {
        const worker = new WorkerClient({ workerPath: services.workerPath, timeoutMs: 120000 });
        try {
          const report = await worker.request({ type: 'getEnvironment' });
          services.output.appendLine(formatEnvironmentReport(report));
          services.output.show(true);
          return report;
        } catch (err) {
          const msg = `MedSeg: could not get the environment report: ${(err as Error).message}`;
          services.output.appendLine(msg);
          void vscode.window.showErrorMessage(msg);
          throw err;
        } finally {
          await worker.stop();
        }
      },
    );
  }));
}
