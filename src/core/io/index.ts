/**
 * Medical image readers and writers. Everything here takes and returns bytes (never
 * paths), so it runs in the extension host, the worker, the CLI and webviews alike.
 *
 * Decisions worth knowing:
 * - NIfTI-1/2 headers are parsed by nifti-reader-js (NiiVue's reader) from only the first
 *   540 inflated bytes (fflate's streaming Gunzip), so `maxVoxels` is checked before any
 *   large allocation; the package is ESM-only and esbuild bundles it into every CJS bundle
 *   (test/runner/bundleEsmOnly.mjs for the test and bench bundles). Own code keeps what it
 *   lacks: canonical RAS, the scaling rules, the voxel limit, C strings, NIfTI-1 srow.
 * - rgb24/rgba32 → one grey channel (Rec. 601 luminance), complex → magnitude (noted),
 *   int64 → float64. Scaling follows the standard (slope 0 or NaN = none).
 * - Affine: sform (code > 0), else qform, else diag(pixdim) — NIfTI method 1, not nibabel's
 *   centred/x-flipped fallback.
 * - `.mat` files need h5wasm (≈ 5.8 MB of WebAssembly), loaded on first use only. A webview
 *   that needs just NIfTI should import `core/io/readNifti` directly to keep its bundle small.
 * - `readVolume` (async) inflates with the platform's native DecompressionStream, falling
 *   back to fflate where there is none.
 */
import { setBuiltinReaders } from './readerRegistry';
import { builtinReaders } from './builtinReaders';

setBuiltinReaders(builtinReaders);

export { readVolume, companionFileName, type VolumeReader } from './readerRegistry';
export { readNiftiAsync, readNiftiHeader, niftiLayout, DEFAULT_MAX_VOXELS, type ReadVolumeOptions, type NiftiLayout } from './readNifti';
export { parseNiftiHeader, sniffNiftiHeader, type NiftiHeader } from './niftiHeader';
export { niftiAffine, qformAffine, type AffineSource } from './niftiAffine';
export { toCanonicalRAS, canonicalDims, ioOrientation, type Orientation } from './toCanonicalRAS';
export { writeNifti, type WriteNiftiOptions, type NiftiWriteDtype } from './writeNifti';
export { readPng, readJpeg, isPng, isJpeg } from './readImage2d';
export { writePng } from './writePng';
export { readFigshareMat, type FigshareCase } from './readFigshareMat';
export { readMatVariables } from './readMatVariables';
export { readMatV5, isMatV5 } from './readMatV5';
export { readNpy, readNpz } from './npy';
export { npyToVolume } from './builtinReaders';
export { isGzip, gzipTrailerSize } from './gzip';
