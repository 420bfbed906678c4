import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { projectRoot, pythonHas } from '../../helpers/paths';

/** Whether the numpy/scipy reference can run; prints the reason once when it cannot. */
export function referenceAvailable(): boolean {
  const ok = pythonHas('scipy', 'numpy');
  if (!ok) console.log('    (skipping scipy comparisons: python3 with numpy and scipy not found)');
  return ok;
}

/** Test-side description of one reference run; arrays are written as raw files. */
export interface ReferenceInput {
  masks?: { name: string; pred: Uint8Array; gt: Uint8Array; dims: number[]; spacing: number[] }[];
  components?: { name: string; mask: Uint8Array; dims: number[]; connectivity: number }[];
  auc?: { name: string; scores: Float64Array; labels: Int32Array; classes: number }[];
  /** Gaussian smoothing of a w×h float image with σx, σy (pixels). */
  gaussian?: { name: string; image: Float32Array; dims: [number, number]; sigma: [number, number] }[];
}

/** Parsed results.json plus a reader for the arrays the script wrote. */
export interface ReferenceOutput {
  masks: Record<string, { dice: number; iou: number; hd95: number | 'inf'; hd95_max: number | 'inf'; hausdorff: number | 'inf'; assd: number | 'inf' }>;
  components: Record<string, { count: number; sizes: number[] }>;
  auc: Record<string, { perClass: (number | null)[]; macro: number | null }>;
  labels(name: string): Int32Array;
  filled(name: string): Uint8Array;
  largest(name: string): Uint8Array;
  smooth(name: string): Float32Array;
}

/**
 * Runs test/scripts/metrics_reference.py on the given arrays. Our dims are fastest-first
 * ([w, h(, d)]); numpy's C-order shape is the reverse, and so is the spacing.
 */
export function runReference(input: ReferenceInput): ReferenceOutput {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-metrics-ref-'));
  const write = (file: string, a: ArrayBufferView): string => {
    fs.writeFileSync(path.join(dir, file), Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    return file;
  };
  const cases = {
    masks: (input.masks ?? []).map((m) => ({
      name: m.name, pred: write(`${m.name}.pred.raw`, m.pred), gt: write(`${m.name}.gt.raw`, m.gt),
      shape: [...m.dims].reverse(), spacing: [...m.spacing].reverse(),
    })),
    components: (input.components ?? []).map((c) => ({
      name: c.name, mask: write(`${c.name}.mask.raw`, c.mask), shape: [...c.dims].reverse(), connectivity: c.connectivity,
    })),
    auc: (input.auc ?? []).map((a) => ({
      name: a.name, scores: write(`${a.name}.scores.raw`, a.scores), labels: write(`${a.name}.labels.raw`, a.labels),
      n: a.labels.length, classes: a.classes,
    })),
    gaussian: (input.gaussian ?? []).map((g) => ({
      name: g.name, image: write(`${g.name}.image.raw`, g.image), shape: [...g.dims].reverse(), sigma: [...g.sigma].reverse(),
    })),
  };
  fs.writeFileSync(path.join(dir, 'cases.json'), JSON.stringify(cases));
  const script = path.join(projectRoot(), 'test', 'scripts', 'metrics_reference.py');
  const r = spawnSync('python3', [script, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`metrics_reference.py failed: ${r.stderr}`);
  const res = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as Omit<ReferenceOutput, 'labels' | 'filled' | 'largest' | 'smooth'>;
  const read = (file: string): Buffer => fs.readFileSync(path.join(dir, file));
  // Read every array now so the temp folder can go.
  const arrays = new Map<string, Buffer>();
  for (const c of cases.components) for (const k of ['labels', 'filled', 'largest']) arrays.set(`${c.name}.${k}`, read(`${c.name}.${k}.raw`));
  for (const g of cases.gaussian) arrays.set(`${g.name}.smooth`, read(`${g.name}.smooth.raw`));
  fs.rmSync(dir, { recursive: true, force: true });
  const get = (key: string): Buffer => {
    const b = arrays.get(key);
    if (!b) throw new Error(`no reference array ${key}`);
    return b;
  };
  return {
    ...res,
    labels: (name) => { const b = get(`${name}.labels`); return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); },
    filled: (name) => new Uint8Array(get(`${name}.filled`)),
    largest: (name) => new Uint8Array(get(`${name}.largest`)),
    smooth: (name) => { const b = get(`${name}.smooth`); return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); },
  };
}

/** A reference value as a number ('inf' → Infinity, null → NaN). */
export function referenceNumber(v: number | 'inf' | null): number {
  return v === 'inf' ? Infinity : v === null ? NaN : v;
}
