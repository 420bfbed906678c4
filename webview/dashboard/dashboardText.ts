/**
 * What the dashboard writes, as pure functions of the messages (unit-tested without a
 * DOM): the progress line, the backend and threads, the CPU time, the best Dice so far, the confusion matrix's labels and
 * placeholder, and the order of the cases table.
 */
import type { DashboardRun, ProgressMessage } from '../../src/core/protocol/dashboardProtocol';

/**
 * The progress line. While the worker reads the dataset it reports cases read in
 * `iteration` and the case count in `iterations` (there is no epoch or loss yet); the epoch
 * never reads past the total (the last validation/checkpoint phase reports epoch + 1).
 */
export function progressLine(m: ProgressMessage): string {
  if (m.phase === 'loading') return `loading cases ${m.iteration}/${m.iterations}`;
  const epoch = Math.max(1, Math.min(m.epoch, m.epochs));
  const eta = m.etaSeconds === null ? '' : ` · ETA ${Math.round(m.etaSeconds)} s`;
  const step = m.phase === 'train' ? ` · step ${Math.min(m.iteration, m.iterations)}/${m.iterations}` : '';
  return `epoch ${epoch}/${m.epochs} · ${m.phase}${step} · loss ${m.loss.toFixed(4)}${eta}`;
}

/** Progress in percent (0 while loading, never above 100). */
export function progressPercent(m: ProgressMessage): number {
  if (m.phase === 'loading') return 0;
  const pct = (((m.epoch - 1) + m.iteration / Math.max(1, m.iterations)) / Math.max(1, m.epochs)) * 100;
  return Math.max(0, Math.min(100, pct));
}

/** The environment part of the header: the backend, with the WASM thread count when it trains on WASM. */
export function backendText(summary: { backend: string; threads?: number } | undefined): string {
  if (!summary) return '';
  const t = summary.threads;
  return t === undefined ? summary.backend : `${summary.backend} · ${t} thread${t === 1 ? '' : 's'}`;
}

/**
 * CPU time spent, and a warning once the learning rate follows the CPU budget (the planned
 * steps stopped fitting in it): from then on the run does not repeat for its seed.
 */
export function cpuText(summary: { cpuSeconds?: number; scheduleFollowsBudget?: boolean } | undefined): string {
  if (summary?.cpuSeconds === undefined) return '';
  const cpu = `${(summary.cpuSeconds / 60).toFixed(1)} CPU-min`;
  return summary.scheduleFollowsBudget ? `${cpu} · lr follows the CPU budget (not repeatable)` : cpu;
}

/** Best validation Dice of a run so far: its summary or any epoch received since, whichever is higher. */
export function bestDice(run: DashboardRun | undefined): number | null {
  if (!run) return null;
  let best = run.summary?.bestValDice ?? -Infinity;
  for (const r of run.history) if (Number.isFinite(r.valDice) && r.valDice > best) best = r.valDice;
  return Number.isFinite(best) ? best : null;
}

/** Why the confusion matrix is empty: no head at all, or no validation epoch yet. */
export function confusionPlaceholder(classes: readonly string[], epochs: number): string {
  if (!classes.length) return 'no classification head';
  return epochs ? 'no confusion matrix recorded' : 'after the first validation epoch';
}

/** Confusion matrix labels: the class names, indices only beyond the names given. */
export function classLabel(classes: readonly string[], i: number): string {
  return classes[i] ?? String(i);
}

/** How the cases table is ordered: by Dice (worst first by default) or by case id. */
export interface CaseSort {
  key: 'id' | 'dice';
  descending: boolean;
}

/** The header texts, with an arrow that says the order in use (▲ ascending, ▼ descending). */
export function caseHeaders(sort: CaseSort): { id: string; dice: string } {
  const arrow = sort.descending ? ' ▼' : ' ▲';
  return { id: `case${sort.key === 'id' ? arrow : ''}`, dice: `Dice${sort.key === 'dice' ? arrow : ''}` };
}

/** Clicking a header: the same column flips its order, another column starts ascending. */
export function nextSort(sort: CaseSort, key: CaseSort['key']): CaseSort {
  return sort.key === key ? { key, descending: !sort.descending } : { key, descending: false };
}

/** Rows ordered by `sort` (ties by case id). */
export function sortCases<T extends { caseId: string; dice: number }>(rows: readonly T[], sort: CaseSort): T[] {
  const byId = (a: T, b: T): number => a.caseId.localeCompare(b.caseId, undefined, { numeric: true });
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => sign * (sort.key === 'dice' ? (a.dice - b.dice) || byId(a, b) : byId(a, b)));
}
