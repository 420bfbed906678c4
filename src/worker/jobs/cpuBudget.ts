/**
 * The CPU-time budget of a training run (`training.budgetMinutes`): process CPU time (user +
 * system, all threads, so WASM worker threads count) since the budget started, plus what an
 * earlier session of a resumed run had already spent.
 */
export class CpuBudget {
  private readonly start = process.cpuUsage();

  /** `minutes` 0 = no budget; `spentBefore` seconds carried over from a resumed run. */
  constructor(readonly minutes: number, private readonly spentBefore = 0) {}

  /** CPU seconds spent (this session and earlier ones). */
  seconds(): number {
    const u = process.cpuUsage(this.start);
    return this.spentBefore + (u.user + u.system) / 1e6;
  }

  /** Share of the budget spent (null without a budget). */
  fraction(): number | null {
    return this.minutes > 0 ? this.seconds() / (this.minutes * 60) : null;
  }

  /** Whether the budget is spent. */
  spent(): boolean {
    return this.minutes > 0 && this.seconds() >= this.minutes * 60;
  }
}
