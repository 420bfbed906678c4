/**
 * Registers the Tensor Inspector: "MedSeg: Inspect Tensor…" on tensor files and
 * "MedSeg: View as Tensor" on debugger variables/expressions, plus a test hook that
 * returns what the active inspector webview shows.
 */
import * as vscode from 'vscode';
import { InspectorViewState } from '../../core/protocol/inspectorProtocol';
import { ExtensionServices } from '../services';
import { requireTrust } from '../workspaceTrust';
import { DebugTensorSource, currentDebugSession } from './DebugTensorSource';
import { FileTensorSource, TENSOR_FILE_EXTENSIONS } from './FileTensorSource';
import { InspectorPanel } from './InspectorPanel';
import { registerInspectActivations } from './registerInspectActivations';

/** What the commands return (tests use it; users never see it). */
export interface InspectorOpened {
  title: string;
}

/** The argument VS Code passes from the Variables view context menu. */
interface VariablesViewArg {
  variable?: { name?: string; evaluateName?: string };
}

/** Largest tensor moved from a debuggee, in MB (setting `medseg.inspector.maxMegabytes`). */
function maxDebugBytes(): number {
  return vscode.workspace.getConfiguration('medseg').get<number>('inspector.maxMegabytes', 64) * 1024 * 1024;
}

/** Shows `err` and rethrows it so command callers (tests) see the failure. */
function report(services: ExtensionServices, err: unknown): never {
  const msg = err instanceof Error ? err.message : String(err);
  services.output.appendLine(`[inspector] ${msg}`);
  void vscode.window.showErrorMessage(`MedSeg Tensor Inspector: ${msg}`);
  throw err;
}

export function registerInspector(context: vscode.ExtensionContext, services: ExtensionServices): void {
  registerInspectActivations(context, services);
  context.subscriptions.push(
    vscode.commands.registerCommand('medseg.inspectTensor', async (uri?: vscode.Uri): Promise<InspectorOpened | undefined> => {
      const target = uri instanceof vscode.Uri ? uri : (await vscode.window.showOpenDialog({
        canSelectMany: false, openLabel: 'Inspect', filters: { 'Tensors and volumes': TENSOR_FILE_EXTENSIONS.filter((e) => !e.includes('.')).concat(['gz']), 'Checkpoints (manifest.json, weights.bin)': ['json', 'bin'] },
      }))?.[0];
      if (!target) return undefined;
      try {
        const source = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: 'MedSeg: reading tensor file' },
          () => FileTensorSource.open(target),
        );
        await InspectorPanel.create(services.extensionUri, source);
        return { title: source.title };
      } catch (err) {
        return report(services, err);
      }
    }),

    vscode.commands.registerCommand('medseg.viewAsTensor', async (arg?: VariablesViewArg | string): Promise<InspectorOpened | undefined> => {
      if (!requireTrust('View as Tensor (debugger evaluation)')) return undefined;
      const session = currentDebugSession();
      if (!session) return report(services, new Error('no debug session: start debugging and stop at a breakpoint first'));
      let expression = typeof arg === 'string' ? arg : arg?.variable?.evaluateName ?? arg?.variable?.name;
      expression ??= await vscode.window.showInputBox({
        prompt: 'Expression to view as a tensor (NumPy/PyTorch/PIL/list in Python; tfjs tensor/typed array/array in JS)',
        placeHolder: 'e.g. x, model.weight, batch[0]',
      });
      if (!expression) return undefined;
      services.output.appendLine(`[inspector] View as Tensor '${expression}' (debug session '${session.name}')`);
      try {
        const source = new DebugTensorSource(session, expression, maxDebugBytes());
        const first = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `MedSeg: reading '${expression}' from the debuggee`, cancellable: true },
          (_p, token) => source.load(expression!, token),
        ).then(undefined, (err: unknown) => { source.dispose(); throw err; });
        if (first.note) void vscode.window.showWarningMessage(`MedSeg: '${expression}' ${first.note}`);
        await InspectorPanel.create(services.extensionUri, source, first);
        return { title: source.title };
      } catch (err) {
        return report(services, err);
      }
    }),
  );
  // Registered only under test: integration tests ask the webview what it shows.
  if (services.testMode) context.subscriptions.push(
    vscode.commands.registerCommand('medseg.test.inspectorState', async (): Promise<InspectorViewState | undefined> => {
      return InspectorPanel.active?.webviewState();
    }),
    vscode.commands.registerCommand('medseg.test.inspectorSetView', (view?: InspectorViewState['view'], variable?: string) => InspectorPanel.active?.showView(view, variable)),
    vscode.commands.registerCommand('medseg.test.inspectorWatch', (on: boolean): boolean | undefined => InspectorPanel.active?.setWatch(on)),
  );
}
