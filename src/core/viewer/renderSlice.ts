/**
 * Renders one slice to RGBA: windowed intensity through a colormap, then an optional
 * label overlay (filled or outline) or a compare overlay (TP/FP/FN of a prediction
 * against a ground truth). Pure and allocation-free after warm-up, so the webview can
 * call it on every wheel tick, and tests can compute the exact pixels the webview shows.
 */
import type { VolumeData } from '../volume/Volume';
import { SliceGeometry, sliceWalk } from './SliceGeometry';
import type { WindowLimits } from './windowing';
import { lutIndex } from './colormaps';
import { COMPARE_COLORS } from './labels';

/** Intensity layer: values, limits and a 256×RGBA colormap. */
export interface ImageLayer {
  data: VolumeData;
  limits: WindowLimits;
  lut: Uint8ClampedArray;
}

/** Label layer: label values mapped through `classMap` (256 entries) then `colors` (256×RGBA, alpha = opacity). */
export interface LabelLayer {
  data: VolumeData;
  classMap: Uint8Array;
  colors: Uint8ClampedArray;
  /** Draw only the boundary pixels of each class. */
  outline: boolean;
}

/** Compare layer: TP / FP / FN of `prediction` against `truth`, both binarised by `classMap` (> 0). */
export interface CompareLayer {
  truth: VolumeData;
  prediction: VolumeData;
  classMap: Uint8Array;
  opacity: number;
  outline: boolean;
}

/** Everything needed to draw one slice. */
export interface SliceRenderInput {
  geometry: SliceGeometry;
  index: number;
  image?: ImageLayer;
  labels?: LabelLayer;
  compare?: CompareLayer;
}

let scratch = new Uint8Array(0);

/** Class of a label value (rounded, 0 outside 0–255). */
function classOf(cm: Uint8Array, v: number): number {
  return v >= -0.5 && v < 255.5 ? cm[(v + 0.5) | 0] : 0;
}

/** Fills `out` (width·height·4 bytes, row-major from the top-left) with the rendered slice. */
export function renderSlice(input: SliceRenderInput, out: Uint8ClampedArray): void {
  const g = input.geometry;
  const w = g.width, h = g.height;
  const { start, stepU, stepV } = sliceWalk(g, input.index);
  const img = input.image;
  if (img) {
    const { data, lut } = img;
    const { low, high } = img.limits;
    let o = 0;
    for (let v = 0; v < h; v++) {
      let idx = start + v * stepV;
      for (let u = 0; u < w; u++, idx += stepU, o += 4) {
        // The one rounding rule, shared with the tests' expected pixels (small enough to inline).
        const e = lutIndex(data[idx], low, high) << 2;
        out[o] = lut[e]; out[o + 1] = lut[e + 1]; out[o + 2] = lut[e + 2]; out[o + 3] = 255;
      }
    }
  } else {
    out.fill(0);
    for (let o = 3; o < out.length; o += 4) out[o] = 255;
  }
  if (!input.labels && !input.compare) return;
  if (scratch.length < w * h) scratch = new Uint8Array(w * h);
  const cls = scratch;
  let colors: Uint8ClampedArray, outline: boolean;
  if (input.compare) {
    const c = input.compare;
    for (let v = 0, p = 0; v < h; v++) {
      let idx = start + v * stepV;
      for (let u = 0; u < w; u++, idx += stepU, p++) {
        const t = classOf(c.classMap, c.truth[idx]) > 0, q = classOf(c.classMap, c.prediction[idx]) > 0;
        cls[p] = t ? (q ? 1 : 3) : q ? 2 : 0;
      }
    }
    colors = compareColors(c.opacity);
    outline = c.outline;
  } else {
    const l = input.labels!;
    for (let v = 0, p = 0; v < h; v++) {
      let idx = start + v * stepV;
      for (let u = 0; u < w; u++, idx += stepU, p++) cls[p] = classOf(l.classMap, l.data[idx]);
    }
    colors = l.colors;
    outline = l.outline;
  }
  blendClasses(cls, w, h, colors, outline, out);
}

const compareCache = new Map<number, Uint8ClampedArray>();

/** RGBA per compare category (1 TP, 2 FP, 3 FN) at `opacity`. */
export function compareColors(opacity: number): Uint8ClampedArray {
  const a = Math.round(Math.min(1, Math.max(0, opacity)) * 255);
  let lut = compareCache.get(a);
  if (!lut) {
    lut = new Uint8ClampedArray(256 * 4);
    [COMPARE_COLORS.tp, COMPARE_COLORS.fp, COMPARE_COLORS.fn].forEach((rgb, i) => lut!.set([...rgb, a], (i + 1) * 4));
    compareCache.set(a, lut);
  }
  return lut;
}

/** Alpha-blends class colours over `out`; with `outline`, only pixels with a 4-neighbour of another class. */
function blendClasses(cls: Uint8Array, w: number, h: number, colors: Uint8ClampedArray, outline: boolean, out: Uint8ClampedArray): void {
  for (let v = 0, p = 0; v < h; v++) {
    for (let u = 0; u < w; u++, p++) {
      const c = cls[p];
      if (c === 0) continue;
      if (outline
        && u > 0 && cls[p - 1] === c && u < w - 1 && cls[p + 1] === c
        && v > 0 && cls[p - w] === c && v < h - 1 && cls[p + w] === c) continue;
      const a = colors[c * 4 + 3];
      if (a === 0) continue;
      const o = p * 4;
      out[o] = blend(out[o], colors[c * 4], a);
      out[o + 1] = blend(out[o + 1], colors[c * 4 + 1], a);
      out[o + 2] = blend(out[o + 2], colors[c * 4 + 2], a);
    }
  }
}

/** `base` over-painted by `top` at alpha a/255, rounded: the one blend rule (tests reuse it). */
export function blend(base: number, top: number, a: number): number {
  return Math.round((base * (255 - a) + top * a) / 255);
}
