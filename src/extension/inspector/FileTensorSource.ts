/**
 * Tensors from files: .npy, .npz (a variable per member), .mat (v5 and v7.3, a variable
 * each) and NIfTI volumes, read with the project's readers in `core/io`.
 */
import * as vscode from 'vscode';
import * as path from 'path';
import { readMatVariables, readNpy, readNpz, readVolume } from '../../core/io';
import { NdArray, NdData } from '../../core/volume/NdArray';
import { MedSegError, asMedSegError } from '../../core/util/MedSegError';
import { checkpointTensors, parseCheckpointManifest } from '../../core/tensor/checkpointTensors';
import { RUN_FILES } from '../../core/run/RunFolder';
import { LoadedTensor, TensorSource } from './TensorSource';

/** File extensions the inspector opens. */
export const TENSOR_FILE_EXTENSIONS = ['npy', 'npz', 'mat', 'nii', 'nii.gz'];

/** NumPy name of a typed array's element type. */
export function dtypeOfData(data: NdData): string {
  const names: Record<string, string> = {
    Uint8Array: 'uint8', Int8Array: 'int8', Uint16Array: 'uint16', Int16Array: 'int16', Uint32Array: 'uint32',
    Int32Array: 'int32', Float32Array: 'float32', Float64Array: 'float64', BigInt64Array: 'int64', BigUint64Array: 'uint64',
  };
  return names[data.constructor.name] ?? 'float64';
}

/** Reads every variable of a tensor file. */
export async function readTensorFile(uri: vscode.Uri): Promise<{ variables: Record<string, NdArray>; volume: boolean; note?: string }> {
  const name = path.basename(uri.path);
  const lower = name.toLowerCase();
  if (isCheckpointFile(uri)) return readCheckpoint(vscode.Uri.joinPath(uri, '..'));
  // A plain copy: the host may hand back a pooled Node Buffer whose `.slice` does not copy,
  // which readers that reinterpret `.buffer` would misread.
  const bytes = new Uint8Array(await vscode.workspace.fs.readFile(uri));
  try {
    if (lower.endsWith('.npy')) return { variables: { [name.replace(/\.npy$/i, '')]: readNpy(name, bytes) }, volume: false };
    if (lower.endsWith('.npz')) return { variables: readNpz(name, bytes), volume: false };
    if (lower.endsWith('.mat')) return { variables: await readMatVariables(name, bytes), volume: false };
    if (lower.endsWith('.nii') || lower.endsWith('.nii.gz')) {
      const v = await readVolume(name, bytes);
      // NIfTI order is fastest-first, i.e. Fortran order with shape = dims.
      const arr: NdArray = { data: v.data, shape: [...v.dims], dtype: dtypeOfData(v.data), fortranOrder: true };
      return { variables: { [name.replace(/\.nii(\.gz)?$/i, '')]: arr }, volume: true, note: v.notes?.join('; ') || undefined };
    }
  } catch (err) {
    throw asMedSegError(err, name);
  }
  throw new MedSegError('unsupported-file', `not a tensor file (expected ${TENSOR_FILE_EXTENSIONS.map((e) => '.' + e).join(', ')})`, name);
}

/** Whether `uri` is one of the files of a training checkpoint folder. */
export function isCheckpointFile(uri: vscode.Uri): boolean {
  return /\/checkpoints\/[^/]+\/(manifest\.json|weights\.bin|optimizer\.bin)$/.test(uri.path) || /(^|\/)weights\.bin$/.test(uri.path);
}

/** Weights (and optimiser slots) of the checkpoint folder `dir`. */
async function readCheckpoint(dir: vscode.Uri): Promise<{ variables: Record<string, NdArray>; volume: boolean; note?: string }> {
  const file = (f: string): vscode.Uri => vscode.Uri.joinPath(dir, f);
  const manifestText = new TextDecoder().decode(await vscode.workspace.fs.readFile(file(RUN_FILES.manifest)));
  const manifest = parseCheckpointManifest(manifestText, file(RUN_FILES.manifest).fsPath);
  const weights = new Uint8Array(await vscode.workspace.fs.readFile(file(RUN_FILES.weights)));
  const optimizer = await Promise.resolve(vscode.workspace.fs.readFile(file(RUN_FILES.optimizer))).then((b) => new Uint8Array(b), () => undefined);
  return {
    variables: checkpointTensors(manifest, weights, optimizer), volume: false,
    note: `checkpoint after epoch ${manifest.epoch} (validation Dice ${Number(manifest.valDice).toFixed(4)})`,
  };
}

/** A file's variables, read once. */
export class FileTensorSource implements TensorSource {
  readonly watchable = false;
  readonly title: string;
  readonly variables: string[];

  private constructor(private readonly uri: vscode.Uri, private readonly data: Awaited<ReturnType<typeof readTensorFile>>) {
    this.title = isCheckpointFile(uri) ? path.basename(path.dirname(uri.path)) + ' checkpoint' : path.basename(uri.path);
    this.variables = Object.keys(data.variables);
    if (this.variables.length === 0) throw new MedSegError('empty-file', 'the file holds no arrays', this.title);
  }

  /** Reads `uri` and wraps it. */
  static async open(uri: vscode.Uri): Promise<FileTensorSource> {
    return new FileTensorSource(uri, await readTensorFile(uri));
  }

  async load(name: string): Promise<LoadedTensor> {
    const array = this.data.variables[name];
    if (!array) throw new MedSegError('no-variable', `no variable '${name}'`, this.title);
    const volumeLayout = this.data.volume && array.shape.length >= 2
      ? { kind: 'unknown' as const, spatialAxes: array.shape.slice(0, 3).map((_, a) => a), rowAxis: 1, colAxis: 0 }
      : undefined;
    return { array, source: this.uri.scheme === 'file' ? this.uri.fsPath : this.uri.toString(), note: this.data.note, layout: volumeLayout };
  }

  dispose(): void {
    // Nothing held beyond the arrays, freed with the panel.
  }
}
