/** Stats of the whole tensor and its histogram, with the current colour range marked. */
import { TensorSummary } from '../../src/core/protocol/inspectorProtocol';
import { h, fmt } from './dom';

export class StatsPane {
  readonly el = h('div', { class: 'stats', 'data-testid': 'stats' });

  /** Renders `s`, marking the colour range [lo, hi] on the histogram. */
  render(s: TensorSummary, lo: number, hi: number): void {
    const st = s.stats;
    const rows: [string, string][] = [
      ['shape', `(${s.shape.join(', ')})`], ['dtype', s.dtype], ['size', st.size.toLocaleString('en-US')],
      ['layout', s.layout.kind], ['min', fmt(st.min)], ['max', fmt(st.max)], ['mean', fmt(st.mean)], ['std', fmt(st.std)],
      ['p1 / p99', `${fmt(st.p1)} / ${fmt(st.p99)}`], ['NaN', String(st.nanCount)], ['+Inf / -Inf', `${st.posInfCount} / ${st.negInfCount}`],
    ];
    if (st.labels) rows.push(['labels', st.labels.map(fmt).join(', ')]);
    rows.push(['source', s.source]);
    const table = h('table');
    for (const [k, v] of rows) {
      const tr = table.insertRow();
      tr.dataset.stat = k;
      tr.insertCell().textContent = k;
      tr.insertCell().textContent = v;
    }
    this.el.textContent = '';
    this.el.append(table, this.histogram(s, lo, hi));
  }

  private histogram(s: TensorSummary, lo: number, hi: number): HTMLCanvasElement {
    const W = 240, H = 90;
    const c = h('canvas', { class: 'histogram', width: W, height: H, title: 'histogram of finite values (log counts)' });
    const g = c.getContext('2d');
    const { counts, min, max } = s.stats.histogram;
    if (!g || !counts.length) return c;
    const style = getComputedStyle(document.body);
    const peak = Math.log1p(Math.max(...counts));
    g.fillStyle = style.getPropertyValue('--vscode-charts-blue') || '#3794ff';
    const bw = W / counts.length;
    counts.forEach((n, i) => {
      const bh = peak > 0 ? (Math.log1p(n) / peak) * (H - 4) : 0;
      g.fillRect(i * bw, H - bh, Math.max(1, bw - 1), bh);
    });
    // Colour-range markers.
    if (max > min) {
      g.fillStyle = style.getPropertyValue('--vscode-charts-orange') || '#d18616';
      for (const v of [lo, hi]) g.fillRect(((v - min) / (max - min)) * W - 1, 0, 2, H);
    }
    return c;
  }
}
