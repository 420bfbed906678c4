/**
 * The VS Code host. Activation only registers commands, editors and views: no work at
 * import time, and never tfjs (jobs run in worker child processes).
 * Each feature lives in its own module exposing `register…(context, services)`.
 */
import * as vscode from 'vscode';
import { registerShowEnvironment } from './commands/showEnvironment';
import { registerTraining } from './runs/registerTraining';
import { createServices, ExtensionServices } from './services';
import { registerCheckDataset } from './dataset/registerCheckDataset';
import { registerInspector } from './inspector/registerInspector';
import { registerSliceViewer } from './viewer/registerSliceViewer';

/** Returned from `activate`, so integration tests can reach the host's services. */
export interface MedSegApi {
  services: ExtensionServices;
}

export function activate(context: vscode.ExtensionContext): MedSegApi {
  const services = createServices(context);
  registerShowEnvironment(context, services);
  registerTraining(context, services);
  registerSliceViewer(context, services);
  registerInspector(context, services);
  registerCheckDataset(context, services);
  // Features register here, one line each (see README "How to add a command").
  return { services };
}

export function deactivate(): void {
  // Workers are disposed through context.subscriptions.
}
