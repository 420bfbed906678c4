import { strFromU8 } from 'fflate';
import { MedSegError, asMedSegError } from '../util/MedSegError';
import { FileEntry, FileSource, baseName, dirName } from './FileSource';
import { naturalCompare } from './naturalCompare';

/**
 * A dataset root seen through a FileSource, addressed by `/`-separated paths relative to
 * the root. Directory listings are cached (recognition asks "does X exist" many times)
 * and returned in natural order.
 */
export class DatasetDir {
  private readonly listings = new Map<string, Promise<FileEntry[]>>();

  constructor(readonly source: FileSource, readonly root: string) {}

  /** The source path of a relative path ('' is the root itself). */
  path(rel: string): string {
    return rel === '' ? this.root : this.source.join(this.root, rel);
  }

  /** Entries of a relative directory in natural order; [] when it is missing or unreadable. */
  list(rel: string): Promise<FileEntry[]> {
    let p = this.listings.get(rel);
    if (!p) {
      p = this.source.list(this.path(rel)).then(
        (es) => visible(es),
        () => [] as FileEntry[],
      );
      this.listings.set(rel, p);
    }
    return p;
  }

  /** Lists the root, failing with a MedSegError when it is not a readable folder. */
  async listRoot(): Promise<FileEntry[]> {
    let entries: FileEntry[];
    try {
      entries = await this.source.list(this.root);
    } catch (err) {
      throw new MedSegError('not-a-folder', `not a readable folder: ${asMedSegError(err, undefined).message}`, this.root);
    }
    const sorted = visible(entries);
    this.listings.set('', Promise.resolve(sorted));
    return sorted;
  }

  /** Whether a relative path names an existing file (not a directory). */
  async isFile(rel: string): Promise<boolean> {
    const name = baseName(rel);
    return (await this.list(dirName(rel))).some((e) => e.name === name && !e.isDirectory);
  }

  /** Reads a relative file as bytes. */
  read(rel: string): Promise<Uint8Array> {
    return this.source.read(this.path(rel));
  }

  /** Reads a relative file as UTF-8 text. */
  async readText(rel: string): Promise<string> {
    return strFromU8(await this.read(rel));
  }

  /** A display name for the root: its last path segment. */
  get name(): string {
    const parts = this.root.split(/[\\/]+/).filter(Boolean);
    return parts[parts.length - 1] ?? this.root;
  }
}

/**
 * Entries in natural order without hidden ones: macOS `._1.png` resource forks and
 * `.DS_Store` would otherwise pose as cases and fail to parse.
 */
function visible(entries: FileEntry[]): FileEntry[] {
  return entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => naturalCompare(a.name, b.name));
}
