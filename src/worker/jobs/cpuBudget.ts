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

  /**
   * `minutes` 0 = no budget; `spentBefore` seconds and `follows` carried over from a resumed
   * run (once the schedule follows the budget it keeps following it).
   */
  constructor(readonly minutes: number, private readonly spentBefore = 0, private followsBudget = false) {}

  /** CPU seconds spent (this session and earlier ones). */
  seconds(): number {
    const u = process.cpuUsage(this.start);
    return this.spentBefore + (u.user + u.system) / 1e6;
  }

  /** Whether the schedule follows the budget (see `planEpochs`). */
  get follows(): boolean {
    return this.followsBudget;
  }

  /**
   * At the end of epoch `epochsDone` of `epochsPlanned`: the schedule starts following the
   * budget when the planned epochs, at the mean CPU cost of those done so far, would overrun
   * it. The mean (not the last epoch) keeps one slow epoch on a busy machine from deciding.
   * Returns `follows`.
   */
  planEpochs(epochsDone: number, epochsPlanned: number): boolean {
    if (this.minutes > 0 && !this.followsBudget && epochsDone > 0) this.followsBudget = (this.seconds() / epochsDone) * epochsPlanned > this.minutes * 60;
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
