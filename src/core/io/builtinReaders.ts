import type { Volume } from '../volume/Volume';
import { MedSegError } from '../util/MedSegError';
import type { NdArray } from '../volume/NdArray';
import type { VolumeReader } from './readerRegistry';
import { gunzipPrefix, isGzip } from './gzip';
import { sniffNiftiHeader } from './niftiHeader';
import { readNiftiAsync } from './readNifti';
import { isJpeg, isPng, readJpeg, readPng } from './readImage2d';
import { hdf5Offset } from './h5wasmLoader';
import { readFigshareMat } from './readFigshareMat';
import { readNpy } from './npy';

function sniffNifti(bytes: Uint8Array): boolean {
  if (sniffNiftiHeader(bytes)) return true;
  if (!isGzip(bytes)) return false;
  try {
    return sniffNiftiHeader(gunzipPrefix(bytes, 4, '')) !== null;
  } catch {
    return false;
  }
}

/**
 * An `.npy` as a Volume: the Volume's first axis is the fastest-varying one, so a C-order
 * array of shape (H, W) becomes dims [W, H, 1] (and (D, H, W) → [W, H, D]); a Fortran-order
 * array keeps its shape as dims (what `np.save(nib_img.get_fdata())` writes). 1 mm, identity affine.
 */
export function npyToVolume(name: string, arr: NdArray): Volume {
  const { data } = arr;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array || arr.dtype.startsWith('complex')) {
    throw new MedSegError('unsupported-dtype', `a ${arr.dtype} array cannot be shown as an image`, name);
  }
  if (arr.shape.length < 2 || arr.shape.length > 7) throw new MedSegError('bad-dims', `a ${arr.shape.length}-D array cannot be shown as an image (2..7 axes)`, name);
  const dims = arr.fortranOrder ? [...arr.shape] : [...arr.shape].reverse();
  while (dims.length < 3) dims.push(1);
  const spacing = dims.map(() => 1);
  return {
    data, dims, spacing, affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
    sourceDtype: arr.dtype === 'bool' ? 'bool' : (arr.dtype as Volume['sourceDtype']),
    scaling: { slope: 1, inter: 0, applied: false }, meta: { format: 'npy', shape: arr.shape.join('x') },
  };
}

/** The readers `readVolume` knows out of the box (built lazily on its first call). */
export function builtinReaders(): VolumeReader[] {
  return [
    { name: 'nifti', extensions: ['.nii', '.nii.gz', '.hdr', '.hdr.gz'], sniff: sniffNifti, read: readNiftiAsync },
    { name: 'png', extensions: ['.png'], sniff: isPng, read: (n, b, o) => readPng(n, b, o.maxVoxels) },
    { name: 'jpeg', extensions: ['.jpg', '.jpeg'], sniff: isJpeg, read: (n, b, o) => readJpeg(n, b, o.maxVoxels) },
    {
      name: 'figshare-mat', extensions: ['.mat'], sniff: (b) => hdf5Offset(b) >= 0,
      read: async (n, b, o) => (await readFigshareMat(n, b, o)).image,
    },
    {
      name: 'npy', extensions: ['.npy'], sniff: (b) => b.length >= 6 && b[0] === 0x93 && b[1] === 0x4e && b[2] === 0x55,
      read: (n, b, o) => npyToVolume(n, readNpy(n, b, o.maxVoxels)),
    },
  ];
}
