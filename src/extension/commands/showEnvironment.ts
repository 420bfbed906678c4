import * as vscode from 'vscode';
import { EnvironmentReport } from '../../core/protocol/workerProtocol';
import { formatEnvironmentReport } from '../../core/protocol/formatEnvironmentReport';
import { ExtensionServices } from '../services';
import { markWasmThreadsFailed, wasmThreads, wasmThreadsEnv } from '../worker/wasmThreads';
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
        try {
          const report = await probeEnvironment(services.workerPath);
          services.output.appendLine(formatEnvironmentReport(report));
          if (opts?.panel !== false) await EnvironmentPanel.show(services.extensionUri, report);
          return report;
        } catch (err) {
          const msg = `MedSeg: could not get the environment report: ${(err as Error).message}`;
          services.output.appendLine(msg);
          void vscode.window.showErrorMessage(msg);
          throw err;
        }
      })),
  );
  // Test hook (registered only under test): what the Environment panel displays.
  if (services.testMode) context.subscriptions.push(vscode.commands.registerCommand('medseg.test.environmentPanelState', () => EnvironmentPanel.instance?.state()));
}

/** One worker's environment report. */
async function report(workerPath: string, threads: number): Promise<EnvironmentReport> {
  const worker = new WorkerClient({ workerPath, timeoutMs: 120000, env: wasmThreadsEnv(threads) });
  try {
    return await worker.request({ type: 'getEnvironment' });
  } finally {
    await worker.stop();
  }
}

/**
 * The report of a worker started as training workers are (threaded WASM); when WASM does
 * not start with threads, the report of a one-thread worker, which later jobs then use too.
 */
export async function probeEnvironment(workerPath: string): Promise<EnvironmentReport> {
  const threads = wasmThreads();
  const first = await report(workerPath, threads).catch((err: Error) => err);
  const wasm = first instanceof Error ? undefined : first.backends.find((b) => b.name === 'wasm');
  if (threads < 2 || wasm?.available) {
    if (first instanceof Error) throw first;
    return first;
  }
  const why = first instanceof Error ? first.message : wasm?.reason ?? 'wasm unavailable';
  markWasmThreadsFailed(why);
  const single = await report(workerPath, 1);
  for (const b of single.backends) if (b.name === 'wasm') b.reason += ` (with ${threads} threads it failed: ${why.split('\n')[0]})`;
  return single;
}
