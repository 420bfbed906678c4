/**
 * The data table (as PyCharm's SciView): a virtual grid over the full-resolution plane.
 * Only the visible window of cells exists in the DOM and only that window is fetched
 * from the host, so a 10 000 × 10 000 plane scrolls as smoothly as a 10 × 10 one.
 * Cells are tinted with the colormap.
 */
import { labelColor } from '../../src/core/tensor/colormaps';
import { viewShape } from '../../src/core/tensor/slicePlane';
import { h, fmt } from './dom';
import { cellIndex, Plane, ViewContext } from './ViewContext';

const ROW_H = 22;
const COL_W = 84;
const HEAD_W = 56;

export class TableView {
  readonly el: HTMLElement;
  private readonly spacer = h('div', { class: 'table-spacer' });
  private readonly grid = h('div', { class: 'table-grid' });
  private window: Plane | undefined;
  private seq = 0;
  private pending = 0;

  constructor(private readonly ctx: ViewContext) {
    this.el = h('div', { class: 'table-view', 'data-testid': 'table' }, this.spacer);
    this.spacer.append(this.grid);
    this.el.addEventListener('scroll', () => this.schedule());
    this.grid.addEventListener('mouseover', (e) => {
      const td = (e.target as HTMLElement).closest<HTMLElement>('[data-r]');
      if (td) this.ctx.hover(`${cellIndex(this.ctx, Number(td.dataset.r), Number(td.dataset.c))} = ${td.textContent}`);
    });
  }

  /** Number of data rows currently in the DOM (tests check virtualisation). */
  get domRows(): number {
    return this.grid.querySelectorAll('.trow').length;
  }

  /** Re-sizes the scroll area for the current plane and refetches the visible window. */
  async refresh(): Promise<void> {
    const spec = this.ctx.spec();
    const vs = viewShape(this.ctx.summary().shape);
    this.spacer.style.height = `${(vs[spec.rowAxis]! + 1) * ROW_H}px`;
    this.spacer.style.width = `${HEAD_W + vs[spec.colAxis]! * COL_W}px`;
    await this.fetchVisible();
  }

  /** Repaints with new colours without refetching. */
  redraw(): void {
    if (this.window) this.paint(this.window);
  }

  private schedule(): void {
    // Coalesce scroll events into one fetch per frame.
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => { this.pending = 0; void this.fetchVisible(); });
  }

  private async fetchVisible(): Promise<void> {
    const seq = ++this.seq;
    const row0 = Math.floor(this.el.scrollTop / ROW_H);
    const col0 = Math.floor(Math.max(0, this.el.scrollLeft - HEAD_W) / COL_W);
    const rows = Math.ceil((this.el.clientHeight || 600) / ROW_H) + 2;
    const cols = Math.ceil((this.el.clientWidth || 800) / COL_W) + 2;
    const w = await this.ctx.getPlane(this.ctx.spec(), { row0, col0, rows, cols });
    if (seq !== this.seq) return;
    this.window = w;
    this.paint(w);
  }

  private paint(w: Plane): void {
    const [lo, hi] = this.ctx.range();
    const lut = this.ctx.lut();
    const labels = this.ctx.labels();
    const dtype = this.ctx.summary().dtype;
    const integer = /int|bool/.test(dtype);
    this.grid.textContent = '';
    this.grid.style.transform = `translate(0px, ${w.row0 * ROW_H}px)`;
    const head = h('div', { class: 'trow thead' }, h('div', { class: 'tcell rowhead', style: `left:${this.el.scrollLeft}px` }));
    for (let c = 0; c < w.cols; c++) head.append(h('div', { class: 'tcell colhead', style: `left:${HEAD_W + (w.col0 + c) * COL_W}px`, text: String(w.col0 + c) }));
    const frag = document.createDocumentFragment();
    for (let r = 0; r < w.rows; r++) {
      const row = h('div', { class: 'trow', style: `top:${(r + 1) * ROW_H}px` }, h('div', { class: 'tcell rowhead', style: `left:${this.el.scrollLeft}px`, text: String(w.row0 + r) }));
      for (let c = 0; c < w.cols; c++) {
        const v = w.values[r * w.cols + c]!;
        let rgb: readonly number[];
        if (labels) rgb = labelColor(v);
        else {
          const k = Math.max(0, Math.min(255, Math.round(hi > lo ? ((v - lo) / (hi - lo)) * 255 : 0))) * 3;
          rgb = [lut[k]!, lut[k + 1]!, lut[k + 2]!];
        }
        const bg = v === v ? `background: rgba(${rgb[0]},${rgb[1]},${rgb[2]},0.45);` : '';
        row.append(h('div', {
          class: 'tcell', 'data-r': w.row0 + r, 'data-c': w.col0 + c,
          style: `left:${HEAD_W + (w.col0 + c) * COL_W}px;${bg}`, text: integer ? String(v) : fmt(v),
        }));
      }
      frag.append(row);
    }
    // The header row sticks to the top of the scroll area, whatever the scroll offset.
    head.style.top = `${this.el.scrollTop - w.row0 * ROW_H}px`;
    this.grid.append(head, frag);
  }
}
