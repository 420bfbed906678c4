/**
 * One cell of the viewer grid: a plane of one image layer. Renders the slice at native
 * resolution into an offscreen canvas (ImageData from `renderSlice`), then draws it
 * scaled by voxel spacing (no stretching), zoom and pan, with nearest-neighbour sampling,
 * the crosshair and the orientation letters.
 */
import {
  SliceGeometry, SlicePlane, orientationLabels, sliceGeometry, sliceToVoxel, voxelToSlice,
} from '../../src/core/viewer/SliceGeometry';
import { renderSlice, SliceRenderInput } from '../../src/core/viewer/renderSlice';

/** Mouse actions a view reports to the app. */
export interface SliceViewEvents {
  /** Left click/drag: move the crosshair to this voxel. */
  point(view: SliceView, voxel: [number, number, number]): void;
  /** Hover: show this voxel in the status line (undefined = outside the image). */
  hover(view: SliceView, voxel: [number, number, number] | undefined): void;
  /** Wheel or slider: move through slices. */
  step(view: SliceView, delta: number): void;
  /** Right-drag: window/level by a mouse delta. */
  window(view: SliceView, dx: number, dy: number): void;
  /** Ctrl+wheel: zoom by a factor; shift/middle-drag: pan by screen pixels. */
  zoom(factor: number): void;
  pan(dx: number, dy: number): void;
  /** Double-click: zoom 1, no pan. */
  reset(): void;
  /** The slider was moved to an absolute slice. */
  slice(view: SliceView, index: number): void;
}

/** A view cell. */
export class SliceView {
  readonly element: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  geometry: SliceGeometry;
  private readonly offscreen = document.createElement('canvas');
  private image: ImageData;
  private readonly caption: HTMLDivElement;
  private readonly slider: HTMLInputElement;
  private readonly letters: Record<'left' | 'right' | 'top' | 'bottom', HTMLSpanElement>;
  /** Screen transform of the last draw: CSS px per slice pixel and the image's top-left. */
  private fit = { sx: 1, sy: 1, x0: 0, y0: 0 };
  sliceIndex = 0;

  constructor(readonly plane: SlicePlane, readonly layer: number, readonly layerName: string,
    private readonly dims: readonly number[], private readonly spacing: readonly number[], radiological: boolean,
    private readonly events: SliceViewEvents) {
    this.geometry = sliceGeometry(dims, spacing, plane, radiological);
    this.image = new ImageData(this.geometry.width, this.geometry.height);
    this.element = document.createElement('div');
    this.element.className = 'view';
    this.caption = document.createElement('div');
    this.caption.className = 'caption';
    this.canvas = document.createElement('canvas');
    const stage = document.createElement('div');
    stage.className = 'stage';
    stage.append(this.canvas);
    this.letters = { left: span('left'), right: span('right'), top: span('top'), bottom: span('bottom') };
    stage.append(...Object.values(this.letters));
    this.slider = document.createElement('input');
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.className = 'slider';
    this.slider.setAttribute('aria-label', `${layerName} ${plane} slice`);
    this.slider.addEventListener('input', () => events.slice(this, Number(this.slider.value)));
    this.element.append(this.caption, stage, this.slider);
    this.setRadiological(radiological);
    this.bindMouse();
  }

  /** Switches between radiological and neurological display. */
  setRadiological(radiological: boolean): void {
    this.geometry = sliceGeometry(this.dims, this.spacing, this.plane, radiological);
    const o = orientationLabels(this.geometry);
    for (const k of ['left', 'right', 'top', 'bottom'] as const) this.letters[k].textContent = o[k];
    this.slider.max = String(this.geometry.depth - 1);
    this.slider.hidden = this.geometry.depth <= 1;
  }

  /** Renders slice `index` with `input` (everything but geometry/index) into the offscreen canvas. */
  render(index: number, input: Omit<SliceRenderInput, 'geometry' | 'index'>): void {
    this.sliceIndex = index;
    renderSlice({ ...input, geometry: this.geometry, index }, this.image.data);
    this.offscreen.width = this.geometry.width;
    this.offscreen.height = this.geometry.height;
    this.offscreen.getContext('2d')!.putImageData(this.image, 0, 0);
    this.slider.value = String(index);
    const planeName = this.plane === 'image' ? '' : ` · ${this.plane}`;
    this.caption.textContent = `${this.layerName}${planeName}${this.geometry.depth > 1 ? ` · ${index + 1}/${this.geometry.depth}` : ''}`;
  }

  /** RGBA of the rendered slice at slice pixel (u, v). */
  sample(u: number, v: number): [number, number, number, number] {
    const o = (Math.floor(v) * this.geometry.width + Math.floor(u)) * 4;
    const d = this.image.data;
    return [d[o], d[o + 1], d[o + 2], d[o + 3]];
  }

  /** Draws the rendered slice to the visible canvas with zoom, pan and the crosshair at `cursor`. */
  draw(zoom: number, pan: readonly [number, number], cursor: readonly number[] | undefined): void {
    const dpr = window.devicePixelRatio || 1;
    const cw = this.canvas.clientWidth, ch = this.canvas.clientHeight;
    if (cw === 0 || ch === 0) return;
    if (this.canvas.width !== Math.round(cw * dpr) || this.canvas.height !== Math.round(ch * dpr)) {
      this.canvas.width = Math.round(cw * dpr);
      this.canvas.height = Math.round(ch * dpr);
    }
    const g = this.geometry;
    const mmW = g.width * g.pixelWidthMm, mmH = g.height * g.pixelHeightMm;
    const s = Math.min(cw / mmW, ch / mmH) * zoom; // CSS px per mm: the same both ways, so no stretching
    const sx = s * g.pixelWidthMm, sy = s * g.pixelHeightMm;
    const x0 = (cw - g.width * sx) / 2 + pan[0] * sx, y0 = (ch - g.height * sy) / 2 + pan[1] * sy;
    this.fit = { sx, sy, x0, y0 };
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, cw, ch);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.offscreen, x0, y0, g.width * sx, g.height * sy);
    if (cursor) {
      const { u, v } = voxelToSlice(g, cursor);
      const x = x0 + (u + 0.5) * sx, y = y0 + (v + 0.5) * sy;
      ctx.strokeStyle = 'rgba(0, 200, 255, 0.6)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(0, Math.round(y) + 0.5); ctx.lineTo(cw, Math.round(y) + 0.5);
      ctx.moveTo(Math.round(x) + 0.5, 0); ctx.lineTo(Math.round(x) + 0.5, ch);
      ctx.stroke();
    }
  }

  /** Voxel under a mouse position, or undefined outside the image. */
  private voxelAt(e: MouseEvent): [number, number, number] | undefined {
    const r = this.canvas.getBoundingClientRect();
    const u = Math.floor((e.clientX - r.left - this.fit.x0) / this.fit.sx);
    const v = Math.floor((e.clientY - r.top - this.fit.y0) / this.fit.sy);
    if (u < 0 || v < 0 || u >= this.geometry.width || v >= this.geometry.height) return undefined;
    return sliceToVoxel(this.geometry, u, v, this.sliceIndex);
  }

  private bindMouse(): void {
    const c = this.canvas;
    let drag: { button: number; x: number; y: number; pan: boolean } | undefined;
    c.addEventListener('contextmenu', (e) => e.preventDefault());
    c.addEventListener('mousedown', (e) => {
      e.preventDefault();
      drag = { button: e.button, x: e.clientX, y: e.clientY, pan: e.button === 1 || (e.button === 0 && e.shiftKey) };
      if (e.button === 0 && !drag.pan) { const v = this.voxelAt(e); if (v) this.events.point(this, v); }
      const move = (m: MouseEvent): void => {
        if (!drag) return;
        const dx = m.clientX - drag.x, dy = m.clientY - drag.y;
        drag.x = m.clientX; drag.y = m.clientY;
        if (drag.pan) this.events.pan(dx / this.fit.sx, dy / this.fit.sy);
        else if (drag.button === 2) this.events.window(this, dx, -dy);
        else if (drag.button === 0) { const v = this.voxelAt(m); if (v) this.events.point(this, v); }
      };
      const up = (): void => { drag = undefined; window.removeEventListener('mousemove', move); window.removeEventListener('mouseup', up); };
      window.addEventListener('mousemove', move);
      window.addEventListener('mouseup', up);
    });
    c.addEventListener('mousemove', (e) => this.events.hover(this, this.voxelAt(e)));
    c.addEventListener('dblclick', () => this.events.reset());
    c.addEventListener('mouseleave', () => this.events.hover(this, undefined));
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      if (e.ctrlKey || e.metaKey) this.events.zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15);
      else this.events.step(this, e.deltaY > 0 ? -1 : 1);
    }, { passive: false });
  }
}

function span(cls: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = `orient ${cls}`;
  return s;
}
