import type { Volume } from '../volume/Volume';
import { MedSegError, asMedSegError } from '../util/MedSegError';
import type { ReadVolumeOptions } from './readNifti';

/** A format plug-in for {@link readVolume}. Readers get bytes only, never paths to open. */
export interface VolumeReader {
  /** Short format name shown in errors, e.g. `nifti`, `png`. */
  name: string;
  /** Lower-case file-name endings it claims, with the dot: `.nii.gz`, `.png`. */
  extensions: string[];
  /** True when the leading bytes look like this format. */
  sniff(bytes: Uint8Array): boolean;
  /** Decodes a whole file; throws `MedSegError` on bad input. */
  read(name: string, bytes: Uint8Array, opts: ReadVolumeOptions): Volume | Promise<Volume>;
}

const readers: VolumeReader[] = [];
let builtinsLoaded = false;
let builtinLoader: (() => VolumeReader[]) | undefined;

/** Called once by the io index to supply the built-in readers lazily (no work at import time). */
export function setBuiltinReaders(load: () => VolumeReader[]): void {
  builtinLoader = load;
}

function all(): VolumeReader[] {
  if (!builtinsLoaded && builtinLoader) {
    builtinsLoaded = true;
    // Built-ins go after readers registered earlier, so a caller's registration can override them.
    readers.push(...builtinLoader());
  }
  return readers;
}

/** Adds a reader; later registrations win over earlier ones for the same extension. */
export function registerReader(reader: VolumeReader): void {
  all();
  readers.unshift(reader);
}

/** The registered readers, highest priority first. */
export function listReaders(): readonly VolumeReader[] {
  return all();
}

function matchesExtension(r: VolumeReader, lower: string): boolean {
  return r.extensions.some((e) => lower.endsWith(e));
}

/**
 * Reads any supported image file into a {@link Volume}. The reader is picked by extension,
 * confirmed by magic bytes; when the extension lies (a `.nii` that is really gzip, a `.jpg`
 * that is a PNG) the bytes win. Anything that goes wrong surfaces as a `MedSegError` naming `name`.
 */
export async function readVolume(name: string, bytes: Uint8Array, opts: ReadVolumeOptions = {}): Promise<Volume> {
  const lower = name.toLowerCase();
  const list = all();
  const byExt = list.filter((r) => matchesExtension(r, lower));
  const sniffOk = (r: VolumeReader): boolean => {
    try { return r.sniff(bytes); } catch { return false; }
  };
  const reader = byExt.find(sniffOk) ?? list.find(sniffOk) ?? byExt[0];
  if (!reader) {
    throw new MedSegError('unsupported-format', `no reader for this file (known: ${[...new Set(list.flatMap((r) => r.extensions))].join(', ')})`, name);
  }
  try {
    return await reader.read(name, bytes, opts);
  } catch (err) {
    throw asMedSegError(err, name, `${reader.name}-read-failed`);
  }
}
