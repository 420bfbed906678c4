/**
 * When the host bundle started evaluating: extension.ts imports this module first, so
 * esbuild evaluates it before every other module of the bundle. `activate` reports its
 * activation time against it (Output "MedSeg", the API, the viewer-e2e bench).
 */
export const bundleStartedAt = performance.now();

/** How long activation took, in ms: module evaluation up to `activate`, and `activate` itself. */
export interface ActivationTiming {
  /** From the bundle's first module evaluated until VS Code called `activate` (module evaluation, then VS Code's own set-up). */
  loadToActivateMs: number;
  /** The `activate` call: services, commands, editors, views registered. */
  activateMs: number;
}

/** The timing of an activation that started at `activateStartedAt` and ends now. */
export function activationTiming(activateStartedAt: number): ActivationTiming {
  return { loadToActivateMs: activateStartedAt - bundleStartedAt, activateMs: performance.now() - activateStartedAt };
}
