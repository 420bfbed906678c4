import { MedSegError, asMedSegError } from '../util/MedSegError';

/** The h5wasm module namespace (its ESM entry works in browsers and Node). */
export type H5wasm = typeof import('h5wasm');

let pending: Promise<H5wasm> | undefined;
let counter = 0;

async function importH5wasm(): Promise<H5wasm> {
  try {
    return await import('h5wasm');
  } catch (first) {
    // h5wasm is ESM-only; a CommonJS bundle outside the project tree (the unit-test runner's
    // temp dir) cannot resolve the bare name. MEDSEG_ROOT (set by the runner) points at the checkout.
    const root = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.MEDSEG_ROOT;
    if (!root) throw first;
    const url = `${root}/node_modules/h5wasm/dist/esm/hdf5_hl.js`;
    return (await import(url)) as H5wasm;
  }
}

/** Loads h5wasm once (lazily: its WebAssembly is instantiated on first use, never at import time). */
export function loadH5wasm(): Promise<H5wasm> {
  pending ??= (async () => {
    const mod = await importH5wasm();
    await mod.ready;
    return mod;
  })().catch((err: unknown) => {
    pending = undefined;
    throw new MedSegError('dependency-missing', `h5wasm could not be loaded (${err instanceof Error ? err.message : String(err)})`, undefined, { cause: err });
  });
  return pending;
}

/** True when bytes hold an HDF5 superblock signature at 0 or at 512 (MATLAB v7.3's user block). */
export function hdf5Offset(bytes: Uint8Array): number {
  const sig = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
  for (const off of [0, 512, 1024, 2048]) {
    if (bytes.length >= off + 8 && sig.every((s, i) => bytes[off + i] === s)) return off;
  }
  return -1;
}

/**
 * Opens `bytes` as an HDF5 file in h5wasm's in-memory file system, runs `use`, then closes
 * the file and always unlinks the temporary copy (the FS lives as long as the page/process).
 */
export async function withH5File<T>(name: string, bytes: Uint8Array, use: (file: InstanceType<H5wasm['File']>, h5: H5wasm) => T): Promise<T> {
  if (hdf5Offset(bytes) < 0) throw new MedSegError('bad-magic', 'not an HDF5 / MATLAB v7.3 file (no HDF5 signature)', name);
  const h5 = await loadH5wasm();
  const fs = h5.FS;
  if (!fs) throw new MedSegError('dependency-missing', 'h5wasm file system is not available', name);
  const tmp = `/medseg-io-${++counter}.h5`;
  fs.writeFile(tmp, bytes);
  let file: InstanceType<H5wasm['File']> | undefined;
  try {
    try {
      file = new h5.File(tmp, 'r');
    } catch (err) {
      throw new MedSegError('corrupt-hdf5', `HDF5 file could not be opened (${err instanceof Error ? err.message : String(err)})`, name, { cause: err });
    }
    try {
      return use(file, h5);
    } catch (err) {
      // h5wasm reports damaged structures as plain Errors ("name not defined!", HDF5 error stack).
      throw asMedSegError(err, name, 'corrupt-hdf5');
    }
  } finally {
    try { file?.close(); } catch { /* already failed; the unlink below matters more */ }
    try { fs.unlink(tmp); } catch { /* nothing to remove */ }
  }
}
