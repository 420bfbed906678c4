import * as vscode from 'vscode';
import { EnvironmentReport } from '../../core/protocol/workerProtocol';
import { formatEnvironmentReport } from '../../core/protocol/formatEnvironmentReport';
import { ExtensionServices } from '../services';
import { WorkerClient } from '../worker/WorkerClient';
import { EnvironmentPanel } from './EnvironmentPanel';

/**
 * "MedSeg: Show Environment": forks a real worker, asks it which tfjs backends load
 * there, prints the report to the MedSeg output channel, shows it in a panel and
 * returns it (tests assert it).
 */
export function registerShowEnvironment(context: vscode.ExtensionContext, services: ExtensionServices): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('medseg.showEnvironment', (opts?: { panel?: boolean }): Thenable<EnvironmentReport> =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'MedSeg: probing tfjs backends' }, async () => {
        const worker = new WorkerClient({ workerPath: services.workerPath, timeoutMs: 120000 });
        try {
          const report = await worker.request({ type: 'getEnvironment' });
          services.output.appendLine(formatEnvironmentReport(report));
          if (opts?.panel !== false) await EnvironmentPanel.show(services.extensionUri, report);
          return report;
        } catch (err) {
          const msg = `MedSeg: could not get the environment report: ${(err as Error).message}`;
          services.output.appendLine(msg);
          void vscode.window.showErrorMessage(msg);
          throw err;
        } finally {
          await worker.stop();
        }
      })),
    // Test hook: what the Environment panel displays (not in the command palette).
    vscode.commands.registerCommand('medseg.test.environmentPanelState', () => EnvironmentPanel.instance?.state()),
  );
}
