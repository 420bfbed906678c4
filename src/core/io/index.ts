/**
 * Medical image readers and writers. Everything here takes and returns bytes (never
 * paths), so it runs in the extension host, the worker, the CLI and webviews alike.
 */
import { setBuiltinReaders } from './readerRegistry';
import { builtinReaders } from './builtinReaders';

setBuiltinReaders(builtinReaders);

export { readVolume, registerReader, listReaders, type VolumeReader } from './readerRegistry';
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
