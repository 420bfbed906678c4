/**
 * Channel grid: the current plane for every index of the channel axis (up to 64),
 * as small thumbnails sharing one colour range; clicking one shows that channel.
 */
import { renderPlaneRgba } from '../../src/core/tensor/renderPlaneRgba';
import { viewShape } from '../../src/core/tensor/slicePlane';
import { h } from './dom';
import { ViewContext } from './ViewContext';

const MAX_CHANNELS = 64;
const THUMB_SIDE = 128;

export class ChannelGrid {
  readonly el = h('div', { class: 'channel-grid', 'data-testid': 'channels' });
  private seq = 0;

  constructor(private readonly ctx: ViewContext, private readonly onPick: () => void) {}

  /** The axis the grid runs over: the layout's channel axis unless it is displayed. */
  axis(): number | undefined {
    const s = this.ctx.summary();
    const spec = this.ctx.spec();
    const a = s.layout.channelAxis;
    return a !== undefined && a !== spec.rowAxis && a !== spec.colAxis ? a : undefined;
  }

  async refresh(): Promise<void> {
    const seq = ++this.seq;
    this.el.textContent = '';
    const axis = this.axis();
    if (axis === undefined) {
      this.el.append(h('p', { text: 'No channel axis outside the displayed axes.' }));
      return;
    }
    const n = Math.min(MAX_CHANNELS, viewShape(this.ctx.summary().shape)[axis]!);
    for (let c = 0; c < n; c++) {
      const spec = this.ctx.spec();
      const indices = [...spec.indices];
      indices[axis] = c;
      const p = await this.ctx.getPlane({ ...spec, indices }, undefined, THUMB_SIDE);
      if (seq !== this.seq) return;
      const canvas = h('canvas', { width: Math.max(1, p.cols), height: Math.max(1, p.rows) });
      const g = canvas.getContext('2d');
      if (g && p.rows && p.cols) {
        const img = g.createImageData(p.cols, p.rows);
        const [lo, hi] = this.ctx.range();
        renderPlaneRgba(p.values, lo, hi, this.ctx.lut(), this.ctx.labels(), img.data);
        g.putImageData(img, 0, 0);
      }
      const cell = h('figure', { class: 'thumb', title: `channel ${c}` }, canvas, h('figcaption', { text: `${c}` }));
      cell.addEventListener('click', () => { this.ctx.setIndex(axis, c); this.onPick(); });
      this.el.append(cell);
    }
  }
}
