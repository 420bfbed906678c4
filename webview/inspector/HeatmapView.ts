/**
 * The heatmap: one plane drawn to a canvas at plane resolution (≤ 1024 per side; the
 * host downsamples), scaled by CSS with crisp pixels, plus a colorbar or label legend.
 * Hover reads the value under the mouse from the plane already received.
 */
import { renderPlaneRgba } from '../../src/core/tensor/renderPlaneRgba';
import { labelColor } from '../../src/core/viewer/labels';
import { StyleRules } from '../shared/StyleRules';
import { h, fmt } from './dom';
import { cellIndex, Plane, ViewContext } from './ViewContext';

/** Largest plane side drawn (the host strides larger planes). */
export const HEATMAP_MAX_SIDE = 1024;

export class HeatmapView {
  readonly el: HTMLElement;
  private readonly canvas = h('canvas', { class: 'heatmap', 'data-testid': 'heatmap' });
  private readonly bar = h('div', { class: 'colorbar' });
  plane: Plane | undefined;
  private seq = 0;
  private readonly rules = new StyleRules();
  private readonly swatchRules = new StyleRules();

  constructor(private readonly ctx: ViewContext) {
    this.el = h('div', { class: 'heatmap-view' }, h('div', { class: 'canvas-wrap' }, this.canvas), this.bar);
    this.canvas.addEventListener('mousemove', (e) => this.onHover(e));
    this.canvas.addEventListener('mouseleave', () => this.ctx.hover(''));
  }

  /** Fetches the current plane and draws it. */
  async refresh(): Promise<void> {
    const seq = ++this.seq;
    const plane = await this.ctx.getPlane(this.ctx.spec(), undefined, HEATMAP_MAX_SIDE);
    if (seq !== this.seq) return; // a newer request superseded this one
    this.plane = plane;
    this.redraw();
  }

  /** Redraws the cached plane (colormap or range changed). */
  redraw(): void {
    const p = this.plane;
    if (!p) return;
    this.canvas.width = Math.max(1, p.cols);
    this.canvas.height = Math.max(1, p.rows);
    const g = this.canvas.getContext('2d');
    if (g && p.rows > 0 && p.cols > 0) {
      const img = g.createImageData(p.cols, p.rows);
      const [lo, hi] = this.ctx.range();
      renderPlaneRgba(p.values, lo, hi, this.ctx.lut(), this.ctx.labels(), img.data);
      g.putImageData(img, 0, 0);
    }
    // Keep small planes visible: at least 256 CSS px on the long side.
    const scale = Math.max(1, Math.floor(256 / Math.max(p.rows, p.cols, 1)));
    // A single row (vectors) would be a hairline: give it a visible strip instead.
    const strip = p.rows * p.rowStep < 4;
    this.rules.set([['canvas.heatmap', `width: ${p.cols * scale * p.colStep}px; max-width: 100%; ` +
      (strip ? 'aspect-ratio: auto; height: 32px' : `aspect-ratio: ${p.cols * p.colStep} / ${p.rows * p.rowStep}`)]]);
    this.drawBar();
  }

  /** PNG of the canvas as base64 (export). */
  pngBase64(): string {
    return this.canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  }

  private drawBar(): void {
    this.bar.textContent = '';
    const s = this.ctx.summary();
    if (this.ctx.labels() && s.stats.labels) {
      const swatches: [string, string][] = [];
      for (const v of s.stats.labels) {
        const [r, g, b] = labelColor(v);
        swatches.push([`.colorbar .label-${v}`, `background: rgb(${r},${g},${b})`]);
        this.bar.append(h('div', { class: 'legend-item' }, h('span', { class: `swatch label-${v}` }), String(v)));
      }
      this.swatchRules.set(swatches);
      return;
    }
    const [lo, hi] = this.ctx.range();
    const c = h('canvas', { class: 'bar', width: 16, height: 256 });
    const g = c.getContext('2d');
    if (g) {
      const lut = this.ctx.lut();
      for (let i = 0; i < 256; i++) {
        const k = (255 - i) * 4;
        g.fillStyle = `rgb(${lut[k]},${lut[k + 1]},${lut[k + 2]})`;
        g.fillRect(0, i, 16, 1);
      }
    }
    this.bar.append(h('div', { class: 'bar-label', text: fmt(hi) }), c, h('div', { class: 'bar-label', text: fmt(lo) }));
  }

  private onHover(e: MouseEvent): void {
    const p = this.plane;
    if (!p || !p.rows || !p.cols) return;
    const rect = this.canvas.getBoundingClientRect();
    const c = Math.min(p.cols - 1, Math.max(0, Math.floor(((e.clientX - rect.left) / rect.width) * p.cols)));
    const r = Math.min(p.rows - 1, Math.max(0, Math.floor(((e.clientY - rect.top) / rect.height) * p.rows)));
    this.ctx.hover(`${cellIndex(this.ctx, p.row0 + r * p.rowStep, p.col0 + c * p.colStep)} = ${fmt(p.values[r * p.cols + c]!)}`);
  }
}
