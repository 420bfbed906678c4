/**
 * The dashboard's curves (uPlot): losses, Dice/accuracy, learning rate and epoch time.
 * Rebuilt from the records on every change: a few hundred epochs redraw in well under a frame.
 */
import uPlot from 'uplot';
import type { EpochRecord } from '../../src/core/run';

/** One chart's series: a label and how to read its value from a record. */
interface SeriesDef {
  label: string;
  value: (r: EpochRecord) => number | null | undefined;
  /** A second y axis (on the right) for series of another magnitude. */
  scale?: 'right';
}

/** Options shared by all charts. */
export interface ChartOptions {
  logScale: boolean;
  /** EMA smoothing weight of the previous value (0 = raw). */
  smoothing: number;
  onPickEpoch: (epoch: number) => void;
}

const PALETTE = ['#4e9af1', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f'];

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function smooth(values: (number | null)[], w: number): (number | null)[] {
  if (w <= 0) return values;
  let acc: number | null = null;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return v;
    acc = acc === null ? v : w * acc + (1 - w) * v;
    return acc;
  });
}

/** Loss chart series: every train/val loss term present in the records. */
export function lossSeries(records: EpochRecord[]): SeriesDef[] {
  const trainKeys = new Set<string>();
  const valKeys = new Set<string>();
  // Records also log loss weights and the gradient norm beside the loss terms: not losses.
  const isLoss = (k: string) => !/Weight$|^gradNorm$/.test(k);
  for (const r of records) {
    Object.keys(r.train).filter(isLoss).forEach((k) => trainKeys.add(k));
    Object.keys(r.valLoss).filter(isLoss).forEach((k) => valKeys.add(k));
  }
  const order = (keys: Set<string>) => [...keys].sort((a, b) => (a === 'total' ? -1 : b === 'total' ? 1 : a.localeCompare(b)));
  return [
    ...order(trainKeys).map((k) => ({ label: `train ${k}`, value: (r: EpochRecord) => r.train[k] })),
    ...order(valKeys).map((k) => ({ label: `val ${k}`, value: (r: EpochRecord) => r.valLoss[k] })),
  ];
}

/** Dice per class/region, mean, EMA and accuracy. */
export function scoreSeries(records: EpochRecord[]): SeriesDef[] {
  const names = records[0]?.seg.map((s) => s.name) ?? [];
  return [
    { label: 'val Dice (mean)', value: (r) => r.valDice },
    { label: 'val Dice EMA', value: (r) => r.valDiceEma },
    ...(names.length > 1 ? names.map((n) => ({ label: `Dice ${n}`, value: (r: EpochRecord) => r.seg.find((s) => s.name === n)?.dice })) : []),
    ...(records.some((r) => r.accuracy !== null) ? [{ label: 'accuracy', value: (r: EpochRecord) => r.accuracy }, { label: 'AUC (macro)', value: (r: EpochRecord) => r.aucMacro }] : []),
  ];
}

/** Learning rate and epoch time. */
export function scheduleSeries(): SeriesDef[] {
  return [
    { label: 'learning rate', value: (r) => r.lr },
    { label: 'epoch time (s)', value: (r) => r.seconds, scale: 'right' },
  ];
}

/** Draws one chart into `host` (replacing what was there). `runs` are overlaid (compare mode). */
export function drawChart(host: HTMLElement, title: string, runs: { name: string; records: EpochRecord[] }[], defs: SeriesDef[], opts: ChartOptions, log: boolean): uPlot | undefined {
  host.textContent = '';
  const epochs = [...new Set(runs.flatMap((r) => r.records.map((x) => x.epoch)))].sort((a, b) => a - b);
  if (!epochs.length) {
    host.textContent = `${title}: waiting for the first epoch…`;
    return undefined;
  }
  const data: (number | null)[][] = [epochs];
  const series: uPlot.Series[] = [{ label: 'epoch' }];
  let colour = 0;
  for (const run of runs) {
    const byEpoch = new Map(run.records.map((r) => [r.epoch, r]));
    for (const d of defs) {
      const raw = epochs.map((e) => { const r = byEpoch.get(e); const v = r ? d.value(r) : null; return v === undefined || v === null || (log && v <= 0) ? null : v; });
      data.push(smooth(raw, opts.smoothing));
      series.push({ label: runs.length > 1 ? `${run.name}: ${d.label}` : d.label, stroke: PALETTE[colour++ % PALETTE.length], width: 1.5, points: { show: epochs.length < 60 }, scale: d.scale ?? 'y' });
    }
  }
  const fg = cssVar('--vscode-foreground', '#ccc');
  const grid = cssVar('--vscode-panel-border', '#444');
  // Learning rates (1e-3…1e-6) need exponents; uPlot's default ticks would round them to 0.001.
  const fmt = (_u: uPlot, vals: number[]) => vals.map((v) => (v !== 0 && Math.abs(v) < 0.01 ? v.toExponential(1) : String(+v.toPrecision(4))));
  const axis = { stroke: fg, grid: { stroke: grid, width: 0.5 }, ticks: { stroke: grid }, values: fmt };
  const plot = new uPlot({
    title, width: Math.max(320, host.clientWidth || 480), height: 220,
    scales: { x: { time: false }, y: log ? { distr: 3 } : {}, ...(defs.some((d) => d.scale) ? { right: {} } : {}) },
    axes: [{ ...axis, label: 'epoch' }, axis, ...(defs.some((d) => d.scale) ? [{ ...axis, scale: 'right', side: 1 as const, grid: { show: false } }] : [])],
    series,
    cursor: { drag: { x: false, y: false } },
  }, data as uPlot.AlignedData, host);
  plot.over.addEventListener('click', () => {
    const idx = plot.cursor.idx;
    if (idx !== null && idx !== undefined) opts.onPickEpoch(epochs[idx]);
  });
  return plot;
}
