/**
 * Reads a figshare `cjdata` .mat slice into a raw Sample2D (image as stored, mask 0/1,
 * label 0-based). Adapter over core/io's figshare reader.
 */
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import { MedSegError } from '../../core/util/MedSegError';

/** Reads one .mat slice. */
export async function readMatSlice(file: string, bytes: Uint8Array): Promise<Sample2D & { label?: number }> {
  void bytes;
  throw new MedSegError('unsupported', 'figshare .mat reading is not available yet', file);
}
