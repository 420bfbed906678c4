import { encode } from 'fast-png';
import { MedSegError } from '../util/MedSegError';

/** Encodes a one-channel 8- or 16-bit image (row-major, row 0 on top) as PNG; masks stay 0/1 as stored. */
export function writePng(data: Uint8Array | Uint16Array, width: number, height: number): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new MedSegError('bad-dims', `PNG size ${width}×${height} is invalid`);
  }
  if (data.length !== width * height) throw new MedSegError('bad-dims', `PNG data has ${data.length} values, ${width}×${height} needs ${width * height}`);
  return encode({ width, height, data, channels: 1, depth: data instanceof Uint16Array ? 16 : 8 });
}
