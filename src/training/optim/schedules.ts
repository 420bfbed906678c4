/**
 * Learning-rate schedules. The step-based ones are pure functions of the global step (so a
 * resumed run gets the same lr without state); reduce-on-plateau needs the monitored metric
 * and keeps a small, exportable state.
 */
import type { ScheduleConfig } from '../../core/config/modelConfig';
import { validateScheduleConfig } from '../../core/config/modelConfig';
import { assertNever } from '../../core/util/assertNever';

/**
 * Learning rate for optimiser step `step` (0-based) of a step-based schedule.
 * cosine: linear warm-up lr0·(step+1)/warmup (never 0), then minLr + ½(lr0−minLr)(1+cos(π·progress));
 * poly: lr0·(1 − step/total)^power (nnU-Net); step: lr0·γ^⌊step/stepSize⌋. Plateau returns lr0 (see LrScheduler).
 */
export function lrAt(cfg: ScheduleConfig, lr0: number, step: number): number {
  switch (cfg.kind) {
    case 'constant':
    case 'plateau':
      return lr0;
    case 'cosine': {
      if (step < cfg.warmupSteps) return (lr0 * (step + 1)) / cfg.warmupSteps;
      const span = Math.max(1, cfg.totalSteps - cfg.warmupSteps);
      const progress = Math.min(1, (step - cfg.warmupSteps) / span);
      return cfg.minLr + 0.5 * (lr0 - cfg.minLr) * (1 + Math.cos(Math.PI * progress));
    }
    case 'poly':
      return lr0 * Math.pow(1 - Math.min(step, cfg.totalSteps) / cfg.totalSteps, cfg.power);
    case 'step':
      return lr0 * Math.pow(cfg.gamma, Math.floor(step / cfg.stepSize));
    default:
      return assertNever(cfg, 'schedule');
  }
}

/**
 * Learning rate when training follows a CPU-time budget: warm-up still counts steps, then
 * cosine and poly use as their progress the larger of the share of steps done and the share
 * of the budget spent (0..1). A budget that is not binding thus leaves the step schedule (and
 * a seed's results) unchanged; a binding one compresses the schedule into the budget. Other
 * schedules ignore the budget.
 */
export function lrAtFraction(cfg: ScheduleConfig, lr0: number, step: number, fraction: number): number {
  const f = Math.min(1, Math.max(0, fraction));
  if (cfg.kind === 'cosine') {
    if (step < cfg.warmupSteps) return (lr0 * (step + 1)) / cfg.warmupSteps;
    const progress = Math.max(f, Math.min(1, (step - cfg.warmupSteps) / Math.max(1, cfg.totalSteps - cfg.warmupSteps)));
    return cfg.minLr + 0.5 * (lr0 - cfg.minLr) * (1 + Math.cos(Math.PI * progress));
  }
  if (cfg.kind === 'poly') return lr0 * Math.pow(1 - Math.max(f, Math.min(step, cfg.totalSteps) / cfg.totalSteps), cfg.power);
  return lrAt(cfg, lr0, step);
}

/** Exportable state of a scheduler (JSON-safe). */
export interface SchedulerState {
  lr: number;
  best: number | null;
  badEpochs: number;
  cooldownLeft: number;
}

/**
 * Gives the lr for every step (`lrForStep`) and, for reduce-on-plateau, lowers it when the
 * metric reported once per epoch (`reportMetric`) stops improving (PyTorch ReduceLROnPlateau, relative threshold).
 */
export class LrScheduler {
  readonly config: ScheduleConfig;
  private state: SchedulerState;

  constructor(cfg: Partial<ScheduleConfig> & { kind?: string }, readonly baseLr: number) {
    this.config = validateScheduleConfig(cfg);
    this.state = { lr: baseLr, best: null, badEpochs: 0, cooldownLeft: 0 };
  }

  /** Learning rate to use for optimiser step `step` (0-based); `budgetFraction` when training follows a CPU budget. */
  lrForStep(step: number, budgetFraction: number | null = null): number {
    if (this.config.kind === 'plateau') return this.state.lr;
    return budgetFraction === null ? lrAt(this.config, this.baseLr, step) : lrAtFraction(this.config, this.baseLr, step, budgetFraction);
  }

  /** Reports the monitored value (e.g. validation loss) at the end of an epoch; returns the new lr. */
  reportMetric(value: number): number {
    const c = this.config;
    if (c.kind !== 'plateau' || !Number.isFinite(value)) return this.state.lr;
    const s = this.state;
    const improved = s.best === null || (c.mode === 'min' ? value < s.best * (1 - c.threshold) : value > s.best * (1 + c.threshold));
    if (improved) {
      s.best = value;
      s.badEpochs = 0;
    } else {
      s.badEpochs++;
    }
    if (s.cooldownLeft > 0) {
      s.cooldownLeft--;
      s.badEpochs = 0;
    }
    if (s.badEpochs > c.patience) {
      s.lr = Math.max(c.minLr, s.lr * c.factor);
      s.cooldownLeft = c.cooldown;
      s.badEpochs = 0;
    }
    return s.lr;
  }

  getState(): SchedulerState {
    return { ...this.state };
  }

  setState(state: SchedulerState): void {
    this.state = { ...state };
  }
}
