/**
 * When the host bundle started evaluating: extension.ts imports this module first, so
 * esbuild evaluates it before every other module of the bundle. `activate` reports its
 * activation time against it (Output "MedSeg", the API, the viewer-e2e bench).
 */
export const bundleStartedAt = performance.now();

/** How long activation took, in ms: module evaluation up to `activate`, and `activate` itself. */
export interface ActivationTiming {
  /** Evaluating the bundle's modules (after VS Code read and compiled the file) until `activate` was called. */
  evaluateMs: number;
  /** The `activate` call: services, commands, editors, views registered. */
  activateMs: number;
}

/** The timing of an activation that started at `activateStartedAt` and ends now. */
export function activationTiming(activateStartedAt: number): ActivationTiming {
  return { evaluateMs: activateStartedAt - bundleStartedAt, activateMs: performance.now() - activateStartedAt };
}
