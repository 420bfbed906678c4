/**
 * Slice viewer benchmark (core only, the work the host and the webview do):
 *  1. read + canonicalise a BraTS case (4 modalities 240×240×155 + seg) and render the
 *     first axial slice with window (auto percentiles) and seg overlay: "first slice";
 *  2. re-render one 240×240 slice with overlay (what every wheel tick costs), in all planes;
 *  3. compare-mode re-render and volume Dice.
 * Targets: first slice < 1 s end to end (host side), re-render < 5 ms.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readVolume, toCanonicalRAS } from '../src/core/io';
import type { Volume } from '../src/core/volume/Volume';
import {
  sliceGeometry, renderSlice, colormapLut, presetLimits, WINDOW_PRESETS, classMap, classColors, labelTableFor,
  distinctLabels, volumeOverlap, ANATOMICAL_PLANES,
} from '../src/core/viewer';
import { sharedData } from '../test/helpers/paths';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const caseId = 'Brats18_2013_11_1';
  const dir = sharedData('brats18', caseId);
  if (!fs.existsSync(dir)) { console.log(`skipped: ${dir} not found`); return; }
  const mods = ['flair', 't1', 't1ce', 't2', 'seg'];
  const t0 = performance.now();
  const vols: Volume[] = [];
  const readMs: number[] = [];
  for (const m of mods) {
    const name = `${caseId}_${m}.nii.gz`;
    const t = performance.now();
    const bytes = new Uint8Array(fs.readFileSync(path.join(dir, name)));
    vols.push(toCanonicalRAS(await readVolume(name, bytes)));
    readMs.push(performance.now() - t);
  }
  const tRead = performance.now() - t0;
  const [flair] = vols, seg = vols[4];
  const limits = presetLimits(WINDOW_PRESETS[0], flair.data);
  const table = labelTableFor(distinctLabels(seg.data));
  const tPrep = performance.now() - t0 - tRead;
  const g = sliceGeometry(flair.dims, flair.spacing, 'axial');
  const out = new Uint8ClampedArray(g.width * g.height * 4);
  const labels = { data: seg.data, classMap: classMap('labels', table), colors: classColors('labels', table, 0.5), outline: false };
  const image = { data: flair.data, limits, lut: colormapLut('grey') };
  const t1 = performance.now();
  renderSlice({ geometry: g, index: 77, image, labels }, out);
  const tFirst = performance.now() - t1;
  const total = performance.now() - t0;
  console.log(`read+canonicalise 4 modalities + seg: ${tRead.toFixed(0)} ms (${mods.map((m, i) => `${m} ${readMs[i].toFixed(0)}`).join(', ')})`);
  console.log(`auto window (0.5–99.5 %) + label table: ${tPrep.toFixed(1)} ms`);
  console.log(`first axial slice render (cold): ${tFirst.toFixed(2)} ms`);
  // The viewer shows the first file as soon as it is read (the rest of a case follows), so the
  // first slice costs one file's read + window + render; the whole case is the second figure.
  console.log(`first slice end to end (flair read + window + render): ${(readMs[0] + tPrep + tFirst).toFixed(0)} ms (target < 1000 ms)`);
  console.log(`whole case read + first slice: ${total.toFixed(0)} ms`);

  for (const plane of ANATOMICAL_PLANES) {
    const pg = sliceGeometry(flair.dims, flair.spacing, plane);
    const buf = new Uint8ClampedArray(pg.width * pg.height * 4);
    for (const outline of [false, true]) {
      const times: number[] = [];
      for (let r = 0; r < 200; r++) {
        const t = performance.now();
        renderSlice({ geometry: pg, index: (r * 7) % pg.depth, image, labels: { ...labels, outline } }, buf);
        times.push(performance.now() - t);
      }
      console.log(`re-render ${plane} ${pg.width}×${pg.height} + overlay${outline ? ' (outline)' : ''}: median ${median(times).toFixed(3)} ms, max ${Math.max(...times).toFixed(3)} ms (target < 5 ms)`);
    }
  }
  const times: number[] = [];
  for (let r = 0; r < 200; r++) {
    const t = performance.now();
    renderSlice({ geometry: g, index: r % g.depth, image, compare: { truth: seg.data, prediction: seg.data, classMap: classMap('WT', table), opacity: 0.5, outline: false } }, out);
    times.push(performance.now() - t);
  }
  console.log(`re-render axial compare (TP/FP/FN): median ${median(times).toFixed(3)} ms`);
  const td = performance.now();
  volumeOverlap(seg.data, seg.data, classMap('WT', table));
  console.log(`volume Dice (8.9 M voxels): ${(performance.now() - td).toFixed(1)} ms`);
}

void main().catch((e) => { console.error(e); process.exit(1); });
