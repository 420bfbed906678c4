/**
 * The viewer's controls (vscode-elements): layout, plane, window preset, colormap, label
 * overlay (on/off, opacity, outline, region view, per-label toggles), compare mode and
 * PNG export. It only reports changes; the app owns the state.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import { COLORMAPS } from '../../src/core/viewer/colormaps';
import { WINDOW_PRESETS } from '../../src/core/viewer/windowing';
import { BRATS_REGION_VIEWS, LabelTable } from '../../src/core/viewer/labels';
import { cssColor } from '../../src/core/viewer/colormaps';
import type { ViewerUiState } from './viewerState';
import { StyleRules } from '../shared/StyleRules';

/** Colours of the label swatches (the CSP forbids style attributes). */
let labelSwatches: StyleRules | undefined;

/** What the toolbar needs to know about the content. */
export interface ToolbarContext {
  state: ViewerUiState;
  flat: boolean;
  labelTable?: LabelTable;
  hasPrediction: boolean;
  hasTruth: boolean;
}

/** Callbacks of the toolbar. */
export interface ToolbarEvents {
  change(patch: Partial<ViewerUiState>): void;
  preset(id: string): void;
  exportPng(): void;
}

type Option = [value: string, label: string];

function select(id: string, label: string, options: Option[], value: string, onChange: (v: string) => void, disabled = false): HTMLElement {
  const wrap = document.createElement('label');
  wrap.className = 'control';
  wrap.append(`${label} `);
  const sel = document.createElement('vscode-single-select') as HTMLElement & { value: string; disabled: boolean };
  sel.id = id;
  for (const [v, l] of options) {
    const o = document.createElement('vscode-option') as HTMLElement & { value: string; selected: boolean };
    o.value = v;
    o.textContent = l;
    if (v === value) o.selected = true;
    sel.append(o);
  }
  sel.value = value;
  sel.disabled = disabled;
  sel.addEventListener('change', () => onChange(sel.value));
  wrap.append(sel);
  return wrap;
}

function checkbox(id: string, label: string, checked: boolean, onChange: (v: boolean) => void): HTMLElement {
  const cb = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean; label: string };
  cb.id = id;
  cb.label = label;
  cb.checked = checked;
  cb.addEventListener('change', () => onChange(cb.checked));
  return cb;
}

/** Builds the toolbar into `host` (replacing its content). */
export function renderToolbar(host: HTMLElement, ctx: ToolbarContext, ev: ToolbarEvents): void {
  const s = ctx.state;
  host.textContent = '';
  const row1 = document.createElement('div');
  row1.className = 'row';
  if (!ctx.flat) {
    row1.append(
      select('layout', 'Layout', [['single', 'Single plane'], ['3-plane', '3 planes']], s.layout, (v) => ev.change({ layout: v as ViewerUiState['layout'] })),
      select('plane', 'Plane', [['axial', 'Axial'], ['coronal', 'Coronal'], ['sagittal', 'Sagittal']], s.plane === 'image' ? 'axial' : s.plane,
        (v) => ev.change({ plane: v as ViewerUiState['plane'] }), s.layout === '3-plane'),
    );
  }
  row1.append(
    select('preset', 'Window', [...WINDOW_PRESETS.map((p): Option => [p.id, p.label]), ['custom', 'Custom (right-drag)']], s.preset, (v) => ev.preset(v)),
    select('colormap', 'Colormap', COLORMAPS.map((c): Option => [c, c]), s.colormap, (v) => ev.change({ colormap: v as ViewerUiState['colormap'] })),
  );
  if (!ctx.flat) row1.append(checkbox('radiological', 'Radiological (R on left)', s.radiological, (v) => ev.change({ radiological: v })));
  const exp = document.createElement('vscode-button');
  exp.id = 'export';
  exp.textContent = 'Export PNG';
  exp.addEventListener('click', () => ev.exportPng());
  row1.append(exp);
  host.append(row1);

  if (!ctx.labelTable) return;
  const row2 = document.createElement('div');
  row2.className = 'row';
  row2.append(checkbox('showLabels', 'Labels', s.showLabels, (v) => ev.change({ showLabels: v })));
  const op = document.createElement('input');
  op.type = 'range'; op.min = '0'; op.max = '1'; op.step = '0.05'; op.value = String(s.opacity);
  op.id = 'opacity';
  op.title = 'Overlay opacity';
  op.addEventListener('input', () => ev.change({ opacity: Number(op.value) }));
  const opl = document.createElement('label');
  opl.className = 'control';
  opl.append('Opacity ', op);
  row2.append(opl, checkbox('outline', 'Outline', s.outline, (v) => ev.change({ outline: v })));
  if (ctx.labelTable.id === 'brats') {
    row2.append(select('labelView', 'Show', [['labels', 'Labels'], ...Object.entries(BRATS_REGION_VIEWS).map(([k, r]): Option => [k, `${k} (${r.name})`])],
      s.labelView, (v) => ev.change({ labelView: v as ViewerUiState['labelView'] })));
  }
  if (ctx.hasPrediction && ctx.hasTruth) row2.append(checkbox('compare', 'Compare (TP/FP/FN)', s.compare, (v) => ev.change({ compare: v })));
  if (s.labelView === 'labels' && !(ctx.hasPrediction && ctx.hasTruth && s.compare)) {
    labelSwatches ??= new StyleRules();
    labelSwatches.set(ctx.labelTable.labels.map((l) => [`.swatch.label-${l.value}`, `background: ${cssColor(l.color)}`]));
    for (const l of ctx.labelTable.labels) {
      const cb = checkbox(`label-${l.value}`, `${l.value} ${l.name}`, !s.hiddenLabels.includes(l.value), (on) => ev.change({
        hiddenLabels: on ? s.hiddenLabels.filter((x) => x !== l.value) : [...s.hiddenLabels, l.value],
      }));
      const sw = document.createElement('span');
      sw.className = `swatch label-${l.value}`;
      const w = document.createElement('span');
      w.className = 'legend';
      w.append(sw, cb);
      row2.append(w);
    }
  }
  host.append(row2);
}
