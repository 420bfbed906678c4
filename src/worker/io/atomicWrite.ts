/**
 * Atomic file and folder writes: a reader (the dashboard, a resuming run) never sees a
 * half-written file, and a worker killed mid-write leaves the previous version intact.
 */
import * as fs from 'fs';
import * as path from 'path';

let counter = 0;

/** A unique temp name beside `target` (same folder, so the rename never crosses devices). */
function tempBeside(target: string): string {
  counter++;
  return path.join(path.dirname(target), `.tmp-${path.basename(target)}-${process.pid}-${counter}`);
}

/** Writes `data` to `file` via a temp file + rename. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tempBeside(file);
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** Writes `value` as pretty JSON, atomically. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

/** Appends one line (a single write call; lines are small, so a reader sees whole lines). */
export function appendLine(file: string, line: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, line.endsWith('\n') ? line : line + '\n');
}

/**
 * Writes a whole folder atomically: `fill` writes into a fresh temp folder, which then
 * replaces `dir` (the old one is renamed aside first and deleted after, because rename
 * cannot replace a non-empty folder).
 */
export function writeDirAtomic(dir: string, fill: (tmpDir: string) => void): void {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = tempBeside(dir);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp);
  try {
    fill(tmp);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const old = fs.existsSync(dir) ? tempBeside(dir + '-old') : undefined;
  if (old) fs.renameSync(dir, old);
  fs.renameSync(tmp, dir);
  if (old) fs.rmSync(old, { recursive: true, force: true });
}

/** Reads and parses a JSON file. */
export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
