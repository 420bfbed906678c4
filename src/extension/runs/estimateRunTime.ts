/**
 * How long a training config will take on this machine, for the wizard. A U-Net step costs
 * about inputSize² × batch × baseFilters² × (depth + 1) multiply-adds (each level halves
 * the side and doubles the channels, so every level costs the same). The seconds per unit
 * of that work come from the newest finished epoch of an earlier run on this machine
 * (its metrics.jsonl, validation included), else from the reference measurement below,
 * scaled by the CPU count. Pure: unit-tested.
 */

/** What sets the cost of one step. */
export interface StepShape {
  inputSize: number;
  batchSize: number;
  baseFilters: number;
  depth: number;
}

/** A measured rate: seconds per optimiser step of a config of that shape (validation included). */
export interface StepTiming {
  shape: StepShape;
  secondsPerStep: number;
  /** Where the figure comes from, for the wizard's explanation. */
  source: string;
  /** CPUs (WASM threads) it was measured with. */
  cpus: number;
}

/**
 * Measured with `medseg train` on media/demo/demo.medseg.json (96², batch 8, base 8, depth 4,
 * WASM, 2 threads) on the 2-CPU development machine, under load from other jobs.
 */
export const REFERENCE_TIMING: StepTiming = {
  shape: { inputSize: 96, batchSize: 8, baseFilters: 8, depth: 4 },
  secondsPerStep: 0.9,
  source: 'the reference figure (0.9 s per 96² step on 2 CPUs)',
  cpus: 2,
};

/** Relative work of one step. */
export function stepWork(s: StepShape): number {
  return s.inputSize ** 2 * s.batchSize * s.baseFilters ** 2 * (s.depth + 1);
}

/** The shape of a (partial, unvalidated) config object, with the engine's defaults. */
export function shapeOf(config: Record<string, unknown>): StepShape & { steps: number; budgetSeconds?: number } {
  const o = (v: unknown) => (v && typeof v === 'object' ? v as Record<string, unknown> : {});
  const n = (v: unknown, d: number) => (typeof v === 'number' && v > 0 ? v : d);
  const data = o(config.data), model = o(config.model), training = o(config.training);
  // budgetMinutes 0 means no budget.
  const budget = typeof training.budgetMinutes === 'number' && training.budgetMinutes > 0 ? training.budgetMinutes * 60 : undefined;
  return {
    // Patch training steps on patches: a step costs the patch's side, not the image's.
    inputSize: n(data.patchSize, n(data.inputSize, 128)), batchSize: n(training.batchSize, 8),
    baseFilters: n(model.baseFilters, 8), depth: n(model.depth, 3),
    steps: n(training.epochs, 1) * n(training.iterationsPerEpoch, 50),
    budgetSeconds: budget,
  };
}

/** Estimated seconds for `config` from `timing`, on `cpus` CPUs; capped by a time budget. */
export function estimateSeconds(config: Record<string, unknown>, timing: StepTiming, cpus: number): number {
  const shape = shapeOf(config);
  const perStep = timing.secondsPerStep * (stepWork(shape) / stepWork(timing.shape)) * (timing.cpus / Math.max(1, cpus));
  const total = shape.steps * perStep;
  return shape.budgetSeconds !== undefined ? Math.min(total, shape.budgetSeconds) : total;
}

/**
 * The measured timing to scale from for a config of `shape`: the first of `timings` (newest
 * first) whose step work is within 4× of it, else the reference. Per-step overheads do not scale
 * with work, so a tiny run's rate would make a real one look hours long.
 */
export function timingFor(shape: StepShape, timings: readonly StepTiming[]): StepTiming {
  const work = stepWork(shape);
  return timings.find((t) => {
    const ratio = stepWork(t.shape) / work;
    return ratio >= 0.25 && ratio <= 4;
  }) ?? REFERENCE_TIMING;
}

/** The rate of an earlier run from its config and the wall seconds of its finished epochs. */
export function timingOfRun(name: string, config: Record<string, unknown>, epochSeconds: number[], cpus: number): StepTiming | undefined {
  const training = (config.training ?? {}) as { iterationsPerEpoch?: number };
  const steps = epochSeconds.length * (training.iterationsPerEpoch ?? 50);
  const seconds = epochSeconds.reduce((s, e) => s + e, 0);
  if (!(seconds > 0) || !(steps > 0)) return undefined;
  return { shape: shapeOf(config), secondsPerStep: seconds / steps, source: `run ${name} on this machine (${(seconds / steps).toFixed(2)} s/step)`, cpus };
}

/** "about 4 min" style. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(10, Math.round(seconds / 10) * 10)} s`;
  if (seconds < 5400) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}
