/**
 * The tensors of a training checkpoint (`checkpoints/<name>/`, see core/run): the
 * manifest names each tensor, its shape and float32 offset in `weights.bin` /
 * `optimizer.bin`. Arrays are views into the file bytes (no copy).
 */
import { CheckpointManifest, TensorEntry } from '../run/CheckpointManifest';
import { MedSegError } from '../util/MedSegError';
import { NdArray, sizeOf } from '../volume/NdArray';

/** Prefix of optimiser slot variables among the inspector's variable names. */
export const OPTIMIZER_PREFIX = 'optimizer/';

/** Parses and checks `manifest.json`. */
export function parseCheckpointManifest(text: string, file = 'manifest.json'): CheckpointManifest {
  let m: Partial<CheckpointManifest>;
  try {
    m = JSON.parse(text) as Partial<CheckpointManifest>;
  } catch (err) {
    throw new MedSegError('bad-checkpoint', `not JSON: ${(err as Error).message}`, file);
  }
  if (m.format !== 'medseg-checkpoint-1') throw new MedSegError('bad-checkpoint', `unknown checkpoint format ${JSON.stringify(m.format)}`, file);
  if (!Array.isArray(m.weights)) throw new MedSegError('bad-checkpoint', 'the manifest lists no weights', file);
  return m as CheckpointManifest;
}

/** Float32 view of a little-endian .bin (copied only when unaligned or on a big-endian host). */
function floats(bytes: Uint8Array): Float32Array {
  const le = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  if (le && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 4));
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Float32Array.from({ length: Math.floor(bytes.length / 4) }, (_, i) => dv.getFloat32(i * 4, true));
}

function entries(list: readonly TensorEntry[], all: Float32Array, prefix: string, file: string, out: Record<string, NdArray>): void {
  for (const e of list) {
    const n = sizeOf(e.shape);
    if (!Number.isSafeInteger(e.offset) || e.offset < 0 || e.offset + n > all.length) {
      throw new MedSegError('bad-checkpoint', `tensor ${e.name} (offset ${e.offset}, ${n} values) runs past the end of the file (${all.length} values)`, file);
    }
    out[prefix + e.name] = { data: all.subarray(e.offset, e.offset + n), shape: [...e.shape], dtype: 'float32' };
  }
}

/** Every tensor of a checkpoint: weights by name, optimiser slots as `optimizer/<name>`. */
export function checkpointTensors(manifest: CheckpointManifest, weights: Uint8Array, optimizer?: Uint8Array): Record<string, NdArray> {
  const out: Record<string, NdArray> = {};
  entries(manifest.weights, floats(weights), '', 'weights.bin', out);
  if (optimizer && manifest.optimizer?.tensors) entries(manifest.optimizer.tensors, floats(optimizer), OPTIMIZER_PREFIX, 'optimizer.bin', out);
  return out;
}
