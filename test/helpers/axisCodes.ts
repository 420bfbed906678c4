import { ioOrientation } from '../../src/core/io/toCanonicalRAS';

/** Axis codes like nibabel's `aff2axcodes`, e.g. `['L', 'P', 'S']` (what the orientation tests compare with nibabel). */
export function axisCodes(affine: readonly number[]): string[] {
  const pos = ['R', 'A', 'S'];
  const neg = ['L', 'P', 'I'];
  return ioOrientation(affine).map(([a, f]) => (f > 0 ? pos[a] : neg[a]));
}
