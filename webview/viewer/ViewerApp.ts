/**
 * The viewer: holds the layers sent once by the host, the UI state, and the grid of
 * SliceViews; renders on every change (coalesced per animation frame), answers the
 * host's `getRenderState` / `setView`, and exports PNGs.
 */
import type { LoadMessage, PendingLayer, PixelSample, RenderState, SamplePoint, SetViewRequest, ViewerLayer } from '../../src/core/protocol/viewerProtocol';
import { ANATOMICAL_PLANES, type SlicePlane } from '../../src/core/viewer/SliceGeometry';
import { labelCentroid, statusLine, valueRange } from '../../src/core/viewer/volumeStats';
import { colormapLut, COMPARE_COLORS, cssColor } from '../../src/core/viewer/index';
import { WINDOW_PRESETS, dragWindow, presetLimits } from '../../src/core/viewer/windowing';
import { classColors, classMap, distinctLabels, labelTableFor, LabelTable, BRATS_REGION_VIEWS } from '../../src/core/viewer/labels';
import { formatDice, sliceOverlap, volumeOverlap } from '../../src/core/viewer/overlap';
import { diceFromCounts, type OverlapCounts } from '../../src/core/metrics/dice';
import { SliceView, SliceViewEvents } from './SliceView';
import { renderToolbar } from './Toolbar';
import { ViewerUiState, restoreUiState } from './viewerState';
import { StyleRules } from '../shared/StyleRules';
import { classificationText } from '../../src/core/viewer/classificationText';

/** A `load` with its first layers decoded (the webview decodes NIfTI layers itself). */
export type DecodedLoad = Omit<LoadMessage, 'layers'> & { layers: ViewerLayer[] };

/** What the app needs from its surroundings. */
export interface ViewerHost {
  saveState(s: ViewerUiState): void;
  loadState(): unknown;
  exportPng(png: Uint8Array, name: string): void;
}

/** The loaded viewer. */
export class ViewerApp {
  private readonly layers: ViewerLayer[] = [];
  private readonly images: ViewerLayer[] = [];
  private truth?: ViewerLayer;
  private prediction?: ViewerLayer;
  private labelTable?: LabelTable;
  private readonly flat: boolean;
  private readonly dims: number[];
  /** Per image: max − min, computed at the first right-drag (a pass over the volume nobody needs at load). */
  private readonly ranges: number[] = [];
  /** Layers announced by `load` that have not arrived yet. */
  private pending: PendingLayer[];
  /** New content (no saved state): the crosshair may still jump to the lesion when the labels arrive. */
  private readonly fresh: boolean;
  private userMoved = false;
  state: ViewerUiState;
  private views: SliceView[] = [];
  private readonly toolbar = document.createElement('div');
  private readonly grid = document.createElement('div');
  private readonly statusEl = document.createElement('div');
  private readonly diceEl = document.createElement('div');
  private readonly classEl = document.createElement('div');
  private hover: [number, number, number] | undefined;
  private volumeDice = NaN;
  private frame = 0;
  private activeView = 0;
  private timings: RenderState['timings'];
  /** Grid template and legend colours (a stylesheet: the CSP forbids style attributes). */
  private readonly gridRules = new StyleRules();

  constructor(private readonly root: HTMLElement, private readonly msg: DecodedLoad, private readonly host: ViewerHost) {
    const ref = msg.layers[0].volume;
    this.dims = ref.dims.slice(0, 3);
    while (this.dims.length < 3) this.dims.push(1);
    this.flat = msg.options.plane === 'image';
    this.pending = [...(msg.pending ?? [])];
    const saved = host.loadState();
    const restored = restoreUiState(saved, msg.title, this.dims);
    this.fresh = !saved || (saved as { title?: string }).title !== msg.title;
    if (this.fresh) {
      if (msg.options.layout) restored.layout = msg.options.layout;
      if (msg.options.plane) restored.plane = msg.options.plane;
    }
    if (this.flat) { restored.layout = 'single'; restored.plane = 'image'; }
    restored.source = msg.source;
    this.state = restored;
    for (const l of msg.layers) this.ingest(l);
    this.toolbar.className = 'toolbar';
    this.grid.className = 'grid';
    this.statusEl.className = 'status';
    this.statusEl.id = 'status';
    this.diceEl.className = 'dice';
    this.classEl.className = 'classification';
    this.classEl.id = 'classification';
    const cls = msg.options.classification;
    this.classEl.textContent = cls ? classificationText(cls) : '';
    this.classEl.hidden = !cls;
    root.textContent = '';
    root.append(this.toolbar, this.classEl, this.grid, this.diceEl, this.statusEl);
    new ResizeObserver(() => this.schedule()).observe(this.grid);
    window.addEventListener('keydown', (e) => this.onKey(e));
    this.rebuild();
  }

  /** Layers still to come. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /**
   * A layer that followed `load` (the rest of a case): shown at once, the display kept. An
   * image adds its views beside the existing ones (which are kept, not rebuilt); labels only
   * change the toolbar (label table) and the overlay.
   */
  addLayer(layer: ViewerLayer): void {
    this.pending.shift();
    this.ingest(layer);
    if (layer.role === 'image') this.rebuild(true);
    else { this.buildToolbar(); this.renderNow(); }
    this.host.saveState(this.state);
  }

  /** Files a layer under its role and derives what depends on it (window, label table, Dice, lesion centre). */
  private ingest(l: ViewerLayer): void {
    this.layers.push(l);
    if (l.role === 'image') {
      this.images.push(l);
      if (!this.state.windows[l.name]) this.state.windows[l.name] = presetLimits(WINDOW_PRESETS[0], l.volume.data);
      return;
    }
    if (l.role === 'labels') this.truth ??= l;
    else this.prediction ??= l;
    const vals = new Set<number>();
    for (const x of [this.truth, this.prediction]) if (x) for (const v of distinctLabels(x.volume.data)) vals.add(v);
    this.labelTable = labelTableFor([...vals].sort((a, b) => a - b));
    // A case with labels opens on the lesion: crosshair at the labels' centre of mass.
    if (this.fresh && !this.userMoved && l === (this.truth ?? this.prediction)) {
      const c = labelCentroid(l.volume.data, this.dims);
      if (c) this.state.cursor = c;
    }
  }

  private rangeOf(image: number): number {
    return (this.ranges[image] ??= valueRange(this.images[image].volume.data));
  }

  /** Records load timings (reported in `RenderState`). */
  setTimings(t: RenderState['timings']): void {
    this.timings = t;
  }

  /** Applies a state patch from the UI or a `setView` request and re-renders. */
  update(patch: Partial<ViewerUiState>): void {
    const changed = (k: keyof ViewerUiState): boolean => patch[k] !== undefined && patch[k] !== this.state[k];
    const structural = changed('layout') || changed('plane') || changed('radiological');
    // Rebuilding the toolbar on every right-drag move would steal the mouse: only on real changes.
    const toolbarChange = structural || changed('labelView') || changed('compare') || changed('preset') || changed('showLabels');
    Object.assign(this.state, patch);
    if (structural) this.rebuild();
    else { if (toolbarChange) this.buildToolbar(); this.renderNow(); }
    this.host.saveState(this.state);
  }

  /** Handles `setView` (tests and deterministic screenshots). */
  setView(m: SetViewRequest): RenderState {
    const patch: Partial<ViewerUiState> = {};
    if (m.layout) patch.layout = this.flat ? 'single' : m.layout;
    if (m.plane && !this.flat) patch.plane = m.plane;
    if (m.cursor) this.userMoved = true;
    if (m.cursor) patch.cursor = m.cursor.map((c, a) => Math.max(0, Math.min(this.dims[a] - 1, Math.round(c)))) as [number, number, number];
    if (m.colormap) patch.colormap = m.colormap;
    if (m.opacity !== undefined) patch.opacity = m.opacity;
    if (m.outline !== undefined) patch.outline = m.outline;
    if (m.labelView) patch.labelView = m.labelView;
    this.update(patch);
    if (m.window) {
      const layer = this.images[m.window.layer ?? 0];
      if (m.window.preset) this.applyPreset(m.window.preset);
      if (m.window.limits && layer) this.update({ windows: { ...this.state.windows, [layer.name]: m.window.limits }, preset: 'custom' });
    }
    return this.renderState(m.samples);
  }

  /** The display as it is now, with pixel samples of the rendered slices. */
  renderState(points: SamplePoint[] = []): RenderState {
    this.renderNow();
    const samples: PixelSample[] = points.map((p) => ({ ...p, rgba: this.views[p.view]?.sample(p.u, p.v) ?? [0, 0, 0, 0] }));
    const cmp = this.compareActive() ? this.diceNow() : undefined;
    return {
      status: this.pending.length ? 'loading' : 'ready', title: this.msg.title, layout: this.state.layout, plane: this.state.plane, cursor: [...this.state.cursor],
      layers: this.layers.map((l) => ({ name: l.name, role: l.role, dims: l.volume.dims, limits: this.state.windows[l.name], dtype: l.volume.data.constructor.name })),
      views: this.views.map((v) => ({
        plane: v.plane, layer: v.layer, layerName: v.layerName, slice: v.sliceIndex, sliceCount: v.geometry.depth,
        width: v.geometry.width, height: v.geometry.height, orientation: orientationOf(v),
      })),
      colormap: this.state.colormap, opacity: this.state.opacity, outline: this.state.outline, labelView: this.state.labelView,
      samples, statusLine: this.statusEl.textContent ?? '', dice: cmp && { slice: nanToNull(cmp.slice), volume: nanToNull(cmp.volume) }, timings: this.timings,
      classificationText: this.classEl.hidden ? undefined : this.classEl.textContent ?? undefined,
    };
  }

  /** Exports the whole grid as one PNG (asks the host to save it). */
  async exportPng(): Promise<void> {
    const r = await this.renderPng();
    if (r) this.host.exportPng(r.png, r.suggestedName);
  }

  /** The grid's views composed into one PNG, at screen resolution. */
  async renderPng(): Promise<{ png: Uint8Array; suggestedName: string } | undefined> {
    this.renderNow();
    const box = this.grid.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const out = document.createElement('canvas');
    out.width = Math.max(1, Math.round(box.width * dpr)); out.height = Math.max(1, Math.round(box.height * dpr));
    const ctx = out.getContext('2d')!;
    for (const v of this.views) {
      const r = v.canvas.getBoundingClientRect();
      ctx.drawImage(v.canvas, Math.round((r.left - box.left) * dpr), Math.round((r.top - box.top) * dpr));
    }
    const blob = await new Promise<Blob | null>((res) => out.toBlob(res, 'image/png'));
    if (!blob) return undefined;
    const base = this.msg.title.replace(/\.(nii\.gz|nii|mat|npy|png|jpe?g|hdr)$/i, '').replace(/[^\w.-]+/g, '_');
    return { png: new Uint8Array(await blob.arrayBuffer()), suggestedName: `${base}_${this.state.plane}_${this.state.cursor.join('-')}.png` };
  }

  private compareActive(): boolean {
    return !!(this.truth && this.prediction && this.state.compare && this.state.showLabels);
  }

  private diceNow(): { slice: number; volume: number } {
    const v = this.views.find((x) => x.plane === 'axial' || x.plane === 'image') ?? this.views[0];
    const cm = classMap(this.state.labelView, this.labelTable!, new Set());
    return { slice: viewerDice(sliceOverlap(v.geometry, v.sliceIndex, this.truth!.volume.data, this.prediction!.volume.data, cm)), volume: this.volumeDice };
  }

  private applyPreset(id: string): void {
    const p = WINDOW_PRESETS.find((x) => x.id === id);
    if (!p) { this.update({ preset: id }); return; }
    const windows = { ...this.state.windows };
    for (const l of this.images) windows[l.name] = presetLimits(p, l.volume.data);
    this.update({ windows, preset: id });
  }

  /** Lays out the grid of views (rows are planes, columns images); `keep`: reuse the views that exist (a layer was added). */
  private rebuild(keep = false): void {
    const s = this.state;
    const planes = this.flat ? ['image' as const] : s.layout === '3-plane' ? ANATOMICAL_PLANES : [s.plane === 'image' ? 'axial' as const : s.plane];
    const events: SliceViewEvents = {
      point: (_v, vox) => { this.userMoved = true; this.update({ cursor: vox }); },
      hover: (_v, vox) => { this.hover = vox; this.updateStatus(); },
      step: (v, d) => this.stepSlice(v, d),
      slice: (v, i) => { this.userMoved = true; const c = [...this.state.cursor] as [number, number, number]; c[v.geometry.axisN] = i; this.update({ cursor: c }); },
      window: (v, dx, dy) => {
        const name = this.images[v.layer].name;
        this.update({ windows: { ...this.state.windows, [name]: dragWindow(this.state.windows[name], dx, dy, this.rangeOf(v.layer)) }, preset: 'custom' });
      },
      zoom: (f) => this.update({ zoom: Math.max(0.25, Math.min(32, this.state.zoom * f)) }),
      pan: (dx, dy) => this.update({ pan: [this.state.pan[0] + dx, this.state.pan[1] + dy] }),
      reset: () => this.update({ zoom: 1, pan: [0, 0] }),
    };
    const old = new Map(keep ? this.views.map((v) => [`${v.plane}/${v.layer}`, v]) : []);
    const added: SliceView[] = [];
    const view = (p: SlicePlane, i: number): SliceView => {
      const kept = old.get(`${p}/${i}`);
      if (kept) return kept;
      const v = new SliceView(p, i, this.images[i].name, this.dims, this.images[i].volume.spacing, s.radiological, events);
      v.element.addEventListener('mouseenter', () => { this.activeView = this.views.indexOf(v); });
      added.push(v);
      return v;
    };
    // Rows are planes, columns are modalities: a case's modalities sit side by side.
    this.views = planes.flatMap((p) => this.images.map((_, i) => view(p, i)));
    // One image in 3 planes: a row of three (editors are wider than tall).
    const [cols, rows] = this.images.length === 1 ? [planes.length, 1] : [this.images.length, planes.length];
    this.gridRules.set([
      ['.grid', `grid-template-columns: repeat(${cols}, minmax(0, 1fr)); grid-template-rows: repeat(${rows}, minmax(0, 1fr))`],
      ...(['tp', 'fp', 'fn'] as const).map((k): [string, string] => [`.swatch.${k}`, `background: ${cssColor(COMPARE_COLORS[k])}`]),
    ]);
    this.grid.replaceChildren(...this.views.map((v) => v.element));
    // The toolbar shows no per-image controls: an added image leaves it as it is.
    if (!keep) this.buildToolbar();
    // Kept views show the same slice as before (they are only redrawn at their new size).
    this.renderNow(added);
  }

  private buildToolbar(): void {
    if (this.labelTable && this.truth && this.prediction) {
      this.volumeDice = viewerDice(volumeOverlap(this.truth.volume.data, this.prediction.volume.data, classMap(this.state.labelView, this.labelTable)));
    }
    renderToolbar(this.toolbar, {
      state: this.state, flat: this.flat, labelTable: this.labelTable, hasPrediction: !!this.prediction, hasTruth: !!this.truth,
    }, { change: (p) => this.update(p), preset: (id) => this.applyPreset(id), exportPng: () => void this.exportPng() });
  }

  private stepSlice(v: SliceView, d: number): void {
    this.userMoved = true;
    const c = [...this.state.cursor] as [number, number, number];
    const a = v.geometry.axisN;
    c[a] = Math.max(0, Math.min(this.dims[a] - 1, c[a] + d));
    this.update({ cursor: c });
  }

  private onKey(e: KeyboardEvent): void {
    const v = this.views[this.activeView] ?? this.views[0];
    if (!v) return;
    const step = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1, PageUp: 10, PageDown: -10 }[e.key];
    const target = e.target as HTMLElement | null;
    // Arrow keys belong to the focused control (selects, sliders), not to the slice.
    if (step === undefined || target?.tagName === 'INPUT' || target?.closest?.('.toolbar')) return;
    e.preventDefault();
    this.stepSlice(v, step);
  }

  /** Coalesces redraws (resize) to one per frame. */
  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.drawAll(); });
  }

  private drawAll(): void {
    for (const v of this.views) v.draw(this.state.zoom, this.state.pan, this.state.cursor);
  }

  /** Renders `views` (default all) synchronously (cheap: < 1 ms per 240² slice) and draws every view. */
  private renderNow(views: readonly SliceView[] = this.views): void {
    const s = this.state;
    const lut = colormapLut(s.colormap);
    const cmpOn = this.compareActive();
    const lab = this.truth ?? this.prediction;
    const labels = s.showLabels && this.labelTable && !cmpOn && lab ? {
      data: lab.volume.data, classMap: classMap(s.labelView, this.labelTable, new Set(s.hiddenLabels)),
      colors: classColors(s.labelView, this.labelTable, s.opacity), outline: s.outline,
    } : undefined;
    const compare = cmpOn ? {
      truth: this.truth!.volume.data, prediction: this.prediction!.volume.data,
      classMap: classMap(s.labelView, this.labelTable!), opacity: s.opacity, outline: s.outline,
    } : undefined;
    for (const v of views) {
      const layer = this.images[v.layer];
      v.render(s.cursor[v.geometry.axisN], { image: { data: layer.volume.data, limits: s.windows[layer.name], lut }, labels, compare });
    }
    this.drawAll();
    this.updateStatus();
    this.updateDice();
  }

  private updateDice(): void {
    this.diceEl.textContent = this.pending.length ? `Reading ${this.pending.map((p) => p.name).join(', ')}…  ` : '';
    if (!this.compareActive()) return;
    const d = this.diceNow();
    const region = this.state.labelView === 'labels' ? 'all labels' : BRATS_REGION_VIEWS[this.state.labelView].name;
    for (const name of ['TP', 'FP', 'FN']) {
      const sw = document.createElement('span');
      sw.className = `swatch ${name.toLowerCase()}`;
      this.diceEl.append(sw, ` ${name}  `);
    }
    this.diceEl.append(`Dice (${region}): slice ${formatDice(d.slice)} · volume ${formatDice(d.volume)}`);
  }

  private updateStatus(): void {
    const layers = [...this.images, ...(this.truth ? [this.truth] : []), ...(this.prediction ? [this.prediction] : [])];
    this.statusEl.textContent = statusLine(this.hover ?? this.state.cursor, this.dims, this.flat ? undefined : this.images[0].volume.affine,
      layers, this.labelTable);
  }
}

/** core's Dice with both masks empty as NaN (shown "—"): an empty slice is no evidence of a good model. */
function viewerDice(c: OverlapCounts): number {
  return diceFromCounts(c, { emptyValue: NaN });
}

function nanToNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

function orientationOf(v: SliceView): RenderState['views'][number]['orientation'] {
  const el = v.element.querySelectorAll('.orient');
  const get = (c: string): string => [...el].find((e) => e.classList.contains(c))?.textContent ?? '';
  return { left: get('left'), right: get('right'), top: get('top'), bottom: get('bottom') };
}
