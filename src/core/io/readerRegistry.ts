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

let readers: VolumeReader[] | undefined;
let builtinLoader: (() => VolumeReader[]) | undefined;

/** Called once by the io index to supply the built-in readers lazily (no work at import time). */
export function setBuiltinReaders(load: () => VolumeReader[]): void {
  builtinLoader = load;
}

function all(): VolumeReader[] {
  readers ??= builtinLoader?.() ?? [];
  return readers;
}

function matchesExtension(r: VolumeReader, lower: string): boolean {
  return r.extensions.some((e) => lower.endsWith(e));
}

/** The reader `readVolume` would use for these bytes (magic first, then extension), without reading. */
function pickReader(name: string, bytes: Uint8Array): VolumeReader | undefined {
  const lower = name.toLowerCase();
  const list = all();
  const byExt = list.filter((r) => matchesExtension(r, lower));
  const sniffOk = (r: VolumeReader): boolean => {
    try { return r.sniff(bytes); } catch { return false; }
  };
  return byExt.find(sniffOk) ?? list.find(sniffOk) ?? byExt[0];
}

/** For the header of an Analyze-style pair (`x.hdr`, `x.hdr.gz`), the image file to pass as `companion`. */
export function companionFileName(name: string): string | undefined {
  const m = /^(.*)\.hdr(\.gz)?$/i.exec(name);
  return m ? `${m[1]}.img${m[2] ?? ''}` : undefined;
}

/**
 * Reads any supported image file into a {@link Volume}. The reader is picked by extension,
 * confirmed by magic bytes; when the extension lies (a `.nii` that is really gzip, a `.jpg`
 * that is a PNG) the bytes win. Anything that goes wrong surfaces as a `MedSegError` naming `name`.
 */
export async function readVolume(name: string, bytes: Uint8Array, opts: ReadVolumeOptions = {}): Promise<Volume> {
  const reader = pickReader(name, bytes);
  if (!reader) {
    if (/\.img(\.gz)?$/i.test(name)) {
      throw new MedSegError('missing-companion', 'this is the image half of a .hdr/.img pair: read the .hdr with this file as its companion', name);
    }
    throw new MedSegError('unsupported-format', `no reader for this file (known: ${[...new Set(all().flatMap((r) => r.extensions))].join(', ')})`, name);
  }
  try {
    return await reader.read(name, bytes, opts);
  } catch (err) {
    throw asMedSegError(err, name, `${reader.name}-read-failed`);
  }
}
