/**
 * Random access to prepared samples without holding them all: training draws batches and
 * validation walks the set through this contract, so a dataset larger than memory trains
 * from the preprocessed cache (worker/io/PreprocessedCache) as an array of samples does.
 */
import type { Sample2D } from './Sample2D';

/** What the sampler needs to know of a sample without reading its pixels. */
export interface SampleInfo {
  id: string;
  /** Whether the mask has any non-zero pixel (foreground oversampling). */
  foreground: boolean;
  label?: number;
}

/** Prepared samples by index, in a fixed order. Samples returned must not be modified. */
export interface SampleSource extends Iterable<Sample2D> {
  readonly length: number;
  info(i: number): SampleInfo;
  get(i: number): Sample2D;
}

/** Whether a mask has foreground. */
export function hasForeground(mask: Uint8Array | undefined): boolean {
  if (mask) for (const v of mask) if (v !== 0) return true;
  return false;
}

/** Samples held in memory (already an array) as a source. */
function arraySource(samples: readonly Sample2D[]): SampleSource {
  const infos = samples.map((s): SampleInfo => ({ id: s.id, foreground: hasForeground(s.mask), label: s.label }));
  return {
    length: samples.length,
    info: (i) => infos[i],
    get: (i) => samples[i],
    [Symbol.iterator]: () => samples[Symbol.iterator](),
  };
}

/** A source as is, or an array of samples wrapped as one. */
export function toSampleSource(s: SampleSource | readonly Sample2D[]): SampleSource {
  return Array.isArray(s) ? arraySource(s as readonly Sample2D[]) : s as SampleSource;
}

/** Samples `from` ≤ i < `to` of a source. */
export function sampleRange(s: SampleSource, from: number, to: number): Sample2D[] {
  const out: Sample2D[] = [];
  for (let i = from; i < Math.min(to, s.length); i++) out.push(s.get(i));
  return out;
}
