/**
 * Reads and writes `checkpoints/<name>/` (see core/run/RunFolder.ts): tensors as raw
 * little-endian float32 `.bin` files plus `manifest.json`. The folder is written to a
 * temp folder and renamed, so a kill at any moment leaves the previous checkpoint whole.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CheckpointManifest, CheckpointName, checkpointDir, RUN_FILES, TensorEntry } from '../../core/run';
import { MedSegError } from '../../core/util/MedSegError';
import { readJson, writeDirAtomic } from './atomicWrite';

/** A named tensor as plain data (same shape as training's NamedTensorData). */
export interface TensorData {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Everything a checkpoint holds. */
export interface CheckpointContents {
  manifest: Omit<CheckpointManifest, 'weights' | 'optimizer' | 'format'> & { optimizerState: Record<string, unknown> };
  weights: TensorData[];
  optimizerTensors: TensorData[];
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function packTensors(tensors: readonly TensorData[]): { entries: TensorEntry[]; bytes: Uint8Array } {
  const total = tensors.reduce((n, t) => n + t.data.length, 0);
  const all = new Float32Array(total);
  const entries: TensorEntry[] = [];
  let offset = 0;
  for (const t of tensors) {
    all.set(t.data, offset);
    entries.push({ name: t.name, shape: [...t.shape], offset });
    offset += t.data.length;
  }
  const bytes = new Uint8Array(all.buffer);
  if (!littleEndian) swap32(bytes);
  return { entries, bytes };
}

function swap32(b: Uint8Array): void {
  for (let i = 0; i < b.length; i += 4) {
    const a = b[i], c = b[i + 1];
    b[i] = b[i + 3]; b[i + 1] = b[i + 2]; b[i + 2] = c; b[i + 3] = a;
  }
}

function unpackTensors(file: string, entries: readonly TensorEntry[]): TensorData[] {
  const buf = fs.readFileSync(file);
  const bytes = new Uint8Array(buf.byteLength);
  bytes.set(buf);
  if (!littleEndian) swap32(bytes);
  const all = new Float32Array(bytes.buffer);
  return entries.map((e) => {
    const n = e.shape.reduce((a, b) => a * b, 1);
    if (e.offset + n > all.length) throw new MedSegError('bad-checkpoint', `tensor ${e.name} runs past the end of the file`, file);
    return { name: e.name, shape: [...e.shape], data: all.slice(e.offset, e.offset + n) };
  });
}

/** Writes `checkpoints/<name>/` atomically. */
export function writeCheckpoint(runDir: string, name: CheckpointName, c: CheckpointContents): void {
  const w = packTensors(c.weights);
  const o = packTensors(c.optimizerTensors);
  const { optimizerState, ...rest } = c.manifest;
  const manifest: CheckpointManifest = {
    format: 'medseg-checkpoint-1', ...rest, weights: w.entries, optimizer: { tensors: o.entries, state: optimizerState },
  };
  writeDirAtomic(path.join(runDir, checkpointDir(name)), (tmp) => {
    fs.writeFileSync(path.join(tmp, RUN_FILES.weights), w.bytes);
    fs.writeFileSync(path.join(tmp, RUN_FILES.optimizer), o.bytes);
    fs.writeFileSync(path.join(tmp, RUN_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
  });
}

/** Reads `checkpoints/<name>/`. */
export function readCheckpoint(runDir: string, name: CheckpointName): { manifest: CheckpointManifest; weights: TensorData[]; optimizerTensors: TensorData[] } {
  const dir = path.join(runDir, checkpointDir(name));
  const mf = path.join(dir, RUN_FILES.manifest);
  if (!fs.existsSync(mf)) throw new MedSegError('no-checkpoint', `no ${name} checkpoint (missing ${RUN_FILES.manifest}); the run has not completed an epoch`, dir);
  const manifest = readJson<CheckpointManifest>(mf);
  if (manifest.format !== 'medseg-checkpoint-1') throw new MedSegError('bad-checkpoint', `unknown format ${String(manifest.format)}`, mf);
  return {
    manifest,
    weights: unpackTensors(path.join(dir, RUN_FILES.weights), manifest.weights),
    optimizerTensors: unpackTensors(path.join(dir, RUN_FILES.optimizer), manifest.optimizer.tensors),
  };
}
