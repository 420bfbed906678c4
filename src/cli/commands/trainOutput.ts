/**
 * Console output of training jobs for the CLI: a one-line progress bar on a TTY, plain
 * lines otherwise, or one JSON object per line with `--json` (every worker event as is).
 */
import type { FromWorker } from '../../core/protocol/workerProtocol';
import type { EpochRecord } from '../../core/run';

function fmt(n: number | null | undefined, digits = 3): string {
  return n === null || n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits);
}

function eta(s: number | null): string {
  if (s === null) return '';
  const m = Math.floor(s / 60);
  return ` eta ${m}:${String(Math.round(s % 60)).padStart(2, '0')}`;
}

/** One line summarising an epoch record. */
export function formatEpoch(r: EpochRecord): string {
  const seg = r.seg.map((s) => `${s.name} ${fmt(s.dice)}${s.hd95 !== null ? ` hd95 ${fmt(s.hd95, 1)}mm` : ''}`).join(', ');
  return `epoch ${r.epoch}: loss ${fmt(r.train.total)} val loss ${fmt(r.valLoss.total)} | val Dice ${fmt(r.valDice)} (ema ${fmt(r.valDiceEma)}; ${seg})`
    + ` | acc ${fmt(r.accuracy)} auc ${fmt(r.aucMacro)} | lr ${r.lr.toExponential(2)} | ${r.seconds.toFixed(1)}s${r.best ? ' *best' : ''}`;
}

/** Returns an event sink that prints to stdout/stderr. */
export function makeEventPrinter(json: boolean, isTty = process.stdout.isTTY === true): (e: FromWorker) => void {
  let barShown = false;
  const clearBar = () => {
    if (barShown) process.stdout.write('\r\x1b[K');
    barShown = false;
  };
  return (e) => {
    if (json) {
      // Typed arrays become plain arrays in JSON; previews are large and only useful to UIs.
      if (e.type === 'validationPreview') return;
      console.log(JSON.stringify(e));
      return;
    }
    switch (e.type) {
      case 'progress': {
        if (e.phase === 'loading') {
          if (isTty) { process.stdout.write(`\rloading cases ${e.iteration}/${e.iterations}\x1b[K`); barShown = true; }
          return;
        }
        if (e.phase !== 'train') return;
        const width = 24;
        const done = Math.round((e.iteration / e.iterations) * width);
        const line = `epoch ${e.epoch}/${e.epochs} [${'#'.repeat(done)}${'.'.repeat(width - done)}] ${e.iteration}/${e.iterations} loss ${fmt(e.loss)}${eta(e.etaSeconds)}`;
        if (isTty) { process.stdout.write(`\r${line}\x1b[K`); barShown = true; } else if (e.iteration === e.iterations) console.log(line);
        return;
      }
      case 'metrics':
        clearBar();
        console.log(formatEpoch(e.record));
        return;
      case 'runStatus':
        return;
      case 'validationPreview':
        return;
      case 'log':
        clearBar();
        (e.level === 'info' ? console.log : console.error)(e.text);
        return;
    }
  };
}
