/**
 * The only way the dataset code touches files: core stays free of `fs` so it runs in the
 * CLI (Node fs), the extension host (`vscode.workspace.fs`) and tests (in-memory) alike.
 * Paths are opaque strings to core; it only builds them with `join`.
 */
export interface FileSource {
  /** Entries of a directory (names only, no path), in any order. Rejects when `dir` is not a directory. */
  list(dir: string): Promise<FileEntry[]>;
  /** The whole content of a file. */
  read(path: string): Promise<Uint8Array>;
  /** Joins a directory path and relative parts (parts use `/`). */
  join(dir: string, ...parts: string[]): string;
}

/** One directory entry. */
export interface FileEntry {
  name: string;
  isDirectory: boolean;
}

/** Something that can be cancelled: structurally both an AbortSignal and adaptable from a CancellationToken. */
export interface CancelSignal {
  readonly aborted: boolean;
}

/** Joins relative path parts with `/`, dropping empty ones (`relJoin('', 'a')` is `a`). */
export function relJoin(...parts: string[]): string {
  return parts.filter((p) => p !== '' && p !== '.').join('/');
}

/** The last segment of a `/`-separated relative path. */
export function baseName(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? rel : rel.slice(i + 1);
}

/** The directory part of a `/`-separated relative path ('' for a bare name). */
export function dirName(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}

/**
 * Splits a file name into stem and extension, treating `.nii.gz` (and any `.X.gz`) as one
 * extension: `a.nii.gz` → [`a`, `.nii.gz`], `b.png` → [`b`, `.png`].
 */
export function splitExt(name: string): [string, string] {
  const m = /^(.*?)((?:\.[A-Za-z0-9]+)?\.gz|\.[A-Za-z0-9]+)$/.exec(name);
  return m && m[1] ? [m[1], m[2].toLowerCase()] : [name, ''];
}
