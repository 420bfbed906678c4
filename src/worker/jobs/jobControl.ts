/**
 * The worker runs one training job at a time; `stop` flips its flag and the loop checks
 * it after every optimiser step.
 */

/** Control handle of a running job. */
export interface JobControl {
  stopRequested: boolean;
  runDir: string;
}

let active: JobControl | undefined;

/** Registers a new running job; throws if one is already running. */
export function beginJob(runDir: string): JobControl {
  if (active) throw new Error(`a training job is already running in this worker (${active.runDir})`);
  active = { stopRequested: false, runDir };
  return active;
}

/** Clears the running job. */
export function endJob(c: JobControl): void {
  if (active === c) active = undefined;
}

/** Asks the running job to stop; returns whether there was one. */
export function requestStop(): boolean {
  if (!active) return false;
  active.stopRequested = true;
  return true;
}

/** Whether a training job is running (the worker outlives its host while one is). */
export function isJobRunning(): boolean {
  return active !== undefined;
}
