/**
 * The VS Code host. Activation only registers commands, editors and views: no work at
 * import time, and never tfjs (jobs run in worker child processes).
 * Each feature lives in its own module exposing `register…(context, services)`.
 */
// First import: its clock starts before any other module of the bundle is evaluated.
import { activationTiming, type ActivationTiming } from './activationClock';
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
  /** How long this activation took (also written to the MedSeg output channel). */
  activation: ActivationTiming;
}

export function activate(context: vscode.ExtensionContext): MedSegApi {
  const started = performance.now();
  const services = createServices(context);
  registerShowEnvironment(context, services);
  registerTraining(context, services);
  registerSliceViewer(context, services);
  registerInspector(context, services);
  registerCheckDataset(context, services);
  // Features register here, one line each (see README "How to add a command").
  const activation = activationTiming(started);
  services.output.appendLine(`MedSeg Lab activated in ${activation.activateMs.toFixed(1)} ms (${activation.loadToActivateMs.toFixed(1)} ms after its bundle started loading)`);
  return { services, activation };
}

export function deactivate(): void {
  // Workers are disposed through context.subscriptions.
}
