/**
 * The data table (as PyCharm's SciView): a virtual grid over the full-resolution plane.
 * Only the visible window of cells exists in the DOM and only that window is fetched
 * from the host, so a 10 000 × 10 000 plane scrolls as smoothly as a 10 × 10 one.
 * Cells are tinted with the colormap.
 */
import { labelColor } from '../../src/core/viewer/labels';
import { viewShape } from '../../src/core/tensor/slicePlane';
import type { InspectorViewState } from '../../src/core/protocol/inspectorProtocol';
import { StyleRules } from '../shared/StyleRules';
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
  private readonly rules = new StyleRules();
  private paintedWindow: Plane | undefined;
  private colours = new Map<string, string>();

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

  /** The first `n` data cells with their on-screen boxes (tests check the grid is laid out). */
  cellBoxes(n: number): InspectorViewState['tableCells'] {
    return [...this.grid.querySelectorAll<HTMLElement>('[data-r]')].slice(0, n).map((el) => {
      const b = el.getBoundingClientRect();
      return { r: Number(el.dataset.r), c: Number(el.dataset.c), text: el.textContent ?? '', x: b.x, y: b.y, width: b.width, height: b.height };
    });
  }

  /** Re-sizes the scroll area for the current plane and refetches the visible window. */
  async refresh(): Promise<void> {
    this.applyRules();
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
    const integer = /int|bool/.test(this.ctx.summary().dtype);
    // Positions and tints are rules of this table's stylesheet, keyed by classes on the
    // cells: the CSP forbids style attributes.
    const colours = new Map<string, string>();
    const tint = (v: number): string => {
      if (v !== v) return '';
      let rgb: readonly number[];
      if (labels) rgb = labelColor(v);
      else {
        const k = Math.max(0, Math.min(255, Math.round(hi > lo ? ((v - lo) / (hi - lo)) * 255 : 0))) * 4;
        rgb = [lut[k]!, lut[k + 1]!, lut[k + 2]!];
      }
      const cls = `bg-${rgb[0]}-${rgb[1]}-${rgb[2]}`;
      colours.set(cls, `background: rgba(${rgb[0]},${rgb[1]},${rgb[2]},0.45)`);
      return ` ${cls}`;
    };
    this.grid.textContent = '';
    const head = h('div', { class: 'trow thead' }, h('div', { class: 'tcell rowhead' }));
    for (let c = 0; c < w.cols; c++) head.append(h('div', { class: `tcell colhead c${c}`, text: String(w.col0 + c) }));
    const frag = document.createDocumentFragment();
    for (let r = 0; r < w.rows; r++) {
      const row = h('div', { class: `trow r${r}` }, h('div', { class: 'tcell rowhead', text: String(w.row0 + r) }));
      for (let c = 0; c < w.cols; c++) {
        const v = w.values[r * w.cols + c]!;
        row.append(h('div', { class: `tcell c${c}${tint(v)}`, 'data-r': w.row0 + r, 'data-c': w.col0 + c, text: integer ? String(v) : fmt(v) }));
      }
      frag.append(row);
    }
    this.grid.append(head, frag);
    this.paintedWindow = w;
    this.colours = colours;
    this.applyRules();
  }

  /** Writes the sheet: scroll area size, window offset, column/row positions, tints. */
  private applyRules(): void {
    const spec = this.ctx.spec();
    const vs = viewShape(this.ctx.summary().shape);
    const rules: [string, string][] = [
      ['.table-spacer', `height: ${(vs[spec.rowAxis]! + 1) * ROW_H}px; width: ${HEAD_W + vs[spec.colAxis]! * COL_W}px`],
    ];
    const w = this.paintedWindow;
    if (w) {
      rules.push(['.table-grid', `transform: translate(0px, ${w.row0 * ROW_H}px)`]);
      // The header row sticks to the top and the row numbers to the left, whatever the scroll offset.
      rules.push(['.table-grid .thead', `top: ${this.el.scrollTop - w.row0 * ROW_H}px`]);
      rules.push(['.table-grid .rowhead', `left: ${this.el.scrollLeft}px`]);
      for (let c = 0; c < w.cols; c++) rules.push([`.table-grid .c${c}`, `left: ${HEAD_W + (w.col0 + c) * COL_W}px`]);
      for (let r = 0; r < w.rows; r++) rules.push([`.table-grid .r${r}`, `top: ${(r + 1) * ROW_H}px`]);
      for (const [cls, decl] of this.colours) rules.push([`.table-grid .${cls}`, decl]);
    }
    this.rules.set(rules);
  }
}
