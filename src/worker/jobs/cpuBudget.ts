/**
 * The CPU-time budget of a training run (`training.budgetMinutes`): process CPU time (user +
 * system, all threads, so WASM worker threads count) since the budget started, plus what an
 * earlier session of a resumed run had already spent.
 *
 * The budget always ends training when it is spent. The learning-rate schedule follows it only
 * once the planned steps would not fit: until then the schedule counts steps, so a run whose
 * steps fit in its budget repeats step for step for a seed (measured CPU time never reaches
 * the learning rate).
 */
export class CpuBudget {
  private readonly start = process.cpuUsage();

  /** CPU seconds of each epoch ended in this session, and the reading at the last end. */
  private readonly epochCosts: number[] = [];
  private lastMark: number;

  /**
   * `minutes` 0 = no budget; `spentBefore` seconds and `follows` carried over from a resumed
   * run (once the schedule follows the budget it keeps following it).
   */
  constructor(readonly minutes: number, private readonly spentBefore = 0, private followsBudget = false) {
    this.lastMark = spentBefore;
  }

  /** CPU seconds spent (this session and earlier ones). */
  seconds(): number {
    const u = process.cpuUsage(this.start);
    return this.spentBefore + (u.user + u.system) / 1e6;
  }

  /** Whether the schedule follows the budget (see `endEpoch`). */
  get follows(): boolean {
    return this.followsBudget;
  }

  /**
   * At the end of epoch `epochsDone` of `epochsPlanned`: the schedule starts following the
   * budget when the epochs left, at the median CPU cost of this session's epochs, would
   * overrun it. Judged from the third epoch of a session on: the first carries the kernels'
   * compilation, and the median keeps a few slow epochs on a busy machine from deciding.
   * Returns `follows`.
   */
  endEpoch(epochsDone: number, epochsPlanned: number): boolean {
    const now = this.seconds();
    this.epochCosts.push(now - this.lastMark);
    this.lastMark = now;
    if (this.minutes > 0 && !this.followsBudget && this.epochCosts.length >= 3) {
      this.followsBudget = now + Math.max(0, epochsPlanned - epochsDone) * median(this.epochCosts) > this.minutes * 60;
    }
    return this.followsBudget;
  }

  /** Share of the budget spent for the schedule to follow; null while it counts steps (or without a budget). */
  scheduleFraction(): number | null {
    return this.followsBudget ? this.seconds() / (this.minutes * 60) : null;
  }

  /** Whether the budget is spent. */
  spent(): boolean {
    return this.minutes > 0 && this.seconds() >= this.minutes * 60;
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
