import * as fs from 'fs';
import * as path from 'path';
import type { FileSource } from '../../core/dataset/FileSource';

/** Node file access for core's FileSource (core itself never touches fs). */
export const nodeFileSource: FileSource = {
  async list(dir) {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true });
    // Follow symlinks so linked case folders (common with shared data) count as folders.
    return Promise.all(entries.map(async (e) => ({
      name: e.name,
      isDirectory: e.isDirectory() || (e.isSymbolicLink() && (await fs.promises.stat(path.join(dir, e.name)).then((s) => s.isDirectory(), () => false))),
    })));
  },
  async read(p) {
    const b = await fs.promises.readFile(p);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
  join: (dir, ...parts) => path.join(dir, ...parts),
};
