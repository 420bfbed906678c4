/**
 * Medical image readers and writers. Everything here takes and returns bytes (never
 * paths), so it runs in the extension host, the worker, the CLI and webviews alike.
 *
 * Decisions worth knowing:
 * - NIfTI-1/2 headers are parsed here (not with nifti-reader-js: that package is ESM-only
 *   with an import-only `exports` map, so CommonJS test bundles cannot load it, and it
 *   inflates the whole file before the header can be checked against `maxVoxels`).
 * - rgb24/rgba32 → one grey channel (Rec. 601 luminance), complex → magnitude (noted),
 *   int64 → float64. Scaling follows the standard (slope 0 or NaN = none).
 * - Affine: sform (code > 0), else qform, else diag(pixdim) — NIfTI method 1, not nibabel's
 *   centred/x-flipped fallback.
 * - `.mat` files need h5wasm (≈ 5.8 MB of WebAssembly), loaded on first use only. A webview
 *   that needs just NIfTI should import `core/io/readNifti` directly to keep its bundle small.
 * - `readVolume` (async) inflates with the platform's native DecompressionStream; the
 *   synchronous `readNifti` uses fflate (about 3× slower on BraTS volumes).
 */
import { setBuiltinReaders } from './readerRegistry';
import { builtinReaders } from './builtinReaders';

setBuiltinReaders(builtinReaders);

export { readVolume, registerReader, listReaders, detectFormat, companionFileName, type VolumeReader } from './readerRegistry';
export { readNifti, readNiftiAsync, readNiftiHeader, DEFAULT_MAX_VOXELS, type ReadVolumeOptions } from './readNifti';
export { parseNiftiHeader, sniffNiftiHeader, type NiftiHeader } from './niftiHeader';
export { niftiAffine, qformAffine, type AffineSource } from './niftiAffine';
export { toCanonicalRAS, ioOrientation, axisCodes, type Orientation } from './toCanonicalRAS';
export { writeNifti, type WriteNiftiOptions, type NiftiWriteDtype } from './writeNifti';
export { readPng, readJpeg, isPng, isJpeg } from './readImage2d';
export { writePng } from './writePng';
export { readFigshareMat, type FigshareCase } from './readFigshareMat';
export { readMatVariables } from './readMatVariables';
export { readMatV5, isMatV5 } from './readMatV5';
export { readNpy, readNpz, writeNpy } from './npy';
export { npyToVolume } from './builtinReaders';
export { isGzip } from './gzip';
