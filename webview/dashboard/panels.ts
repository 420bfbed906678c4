/** Dashboard sections other than the curves: overlays, confusion matrix, config diff. */
import type { InitDashboardRequest, OverlaysReply, PreviewMessage } from '../../src/core/protocol/dashboardProtocol';
import { COMPARE_COLORS } from '../../src/core/viewer/labels';
import { classLabel } from './dashboardText';

/**
 * A live validation case: the image with the prediction against ground truth coloured
 * as true positive, false positive and false negative.
 */
export function drawPreview(p: PreviewMessage): HTMLElement {
  const fig = document.createElement('figure');
  const canvas = document.createElement('canvas');
  canvas.width = p.width;
  canvas.height = p.height;
  const img = new ImageData(p.width, p.height);
  for (let i = 0; i < p.width * p.height; i++) {
    const g = p.image[i];
    const t = p.gt[i] > 0;
    const q = p.pred[i] > 0;
    const c = t && q ? COMPARE_COLORS.tp : q ? COMPARE_COLORS.fp : t ? COMPARE_COLORS.fn : undefined;
    const a = c ? 0.55 : 0;
    img.data[i * 4] = c ? g * (1 - a) + c[0] * a : g;
    img.data[i * 4 + 1] = c ? g * (1 - a) + c[1] * a : g;
    img.data[i * 4 + 2] = c ? g * (1 - a) + c[2] * a : g;
    img.data[i * 4 + 3] = 255;
  }
  canvas.getContext('2d')!.putImageData(img, 0, 0);
  const cap = document.createElement('figcaption');
  cap.textContent = `${p.caseId} · Dice ${p.dice.toFixed(3)}`;
  fig.append(canvas, cap);
  return fig;
}

/** Stored overlays of an epoch (image | gt | pred PNGs from the run folder). */
export function renderOverlayPngs(host: HTMLElement, reply: OverlaysReply): void {
  host.textContent = '';
  for (const c of reply.cases) {
    const fig = document.createElement('figure');
    const img = document.createElement('img');
    img.src = URL.createObjectURL(new Blob([c.png.slice().buffer as ArrayBuffer], { type: 'image/png' }));
    img.alt = c.id;
    const cap = document.createElement('figcaption');
    cap.textContent = `${c.id} · Dice ${c.dice.toFixed(3)}`;
    fig.append(img, cap);
    host.append(fig);
  }
}

/** Confusion matrix `[true][predicted]` as a table shaded by row share. */
export function renderConfusion(host: HTMLElement, m: number[][] | null, classes: string[], placeholder: string): void {
  host.textContent = '';
  if (!m) {
    host.textContent = placeholder;
    return;
  }
  const table = document.createElement('table');
  table.className = 'confusion';
  const head = table.createTHead().insertRow();
  head.insertCell().textContent = 'true \\ predicted';
  m.forEach((_, j) => { head.insertCell().textContent = classLabel(classes, j); });
  m.forEach((row, i) => {
    const tr = table.insertRow();
    tr.insertCell().textContent = classLabel(classes, i);
    const total = row.reduce((a, b) => a + b, 0) || 1;
    row.forEach((v) => {
      const td = tr.insertCell();
      td.textContent = String(v);
      // Shade in 5 % steps by class (dashboard style.css): the CSP forbids style attributes.
      td.className = `shade-${Math.round((v / total) * 20)}`;
    });
  });
  host.append(table);
}

/** In compare mode: the config keys that differ, one column per run. */
export function renderConfigDiff(host: HTMLElement, init: InitDashboardRequest): void {
  host.textContent = '';
  if (init.runs.length < 2) return;
  const h = document.createElement('h3');
  h.textContent = init.configDiff.length ? 'Config differences' : 'Configs are identical';
  host.append(h);
  if (!init.configDiff.length) return;
  const table = document.createElement('table');
  table.id = 'configDiff';
  const head = table.createTHead().insertRow();
  head.insertCell().textContent = 'key';
  for (const r of init.runs) head.insertCell().textContent = r.name;
  for (const d of init.configDiff) {
    const tr = table.insertRow();
    tr.insertCell().textContent = d.key;
    for (const v of d.values) tr.insertCell().textContent = v ?? '—';
  }
  host.append(table);
}
