import { gridDims, neighbourTable, type Connectivity } from './connectedComponents';

/**
 * Fills holes: background voxels not connected to the grid border through background become
 * foreground (`scipy.ndimage.binary_fill_holes`). Background connectivity defaults to the
 * face neighbourhood (4 in 2-D, 6 in 3-D), scipy's default, which pairs with 8/26-connected
 * foreground so a diagonal gap does not leak. In 3-D the border is the faces of the volume,
 * so a cavity open towards the top or bottom slice is not a hole (call it per slice for 2-D
 * behaviour). Output is 0/1.
 */
export function fillHoles(mask: ArrayLike<number>, dims: readonly number[], backgroundConnectivity?: Connectivity): Uint8Array {
  const n = mask.length;
  const [w, h, d] = gridDims(dims, n);
  const { dx, dy, dz, step } = neighbourTable(w, h, dims.length, backgroundConnectivity ?? (dims.length === 2 ? 4 : 6));
  const K = step.length;
  const outside = new Uint8Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  const wh = w * h;
  const is3d = dims.length === 3;
  // Seed the flood with every background voxel on the border of the grid.
  for (let z = 0; z < d; z++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const onBorder = x === 0 || y === 0 || x === w - 1 || y === h - 1 || (is3d && (z === 0 || z === d - 1));
    if (!onBorder) continue;
    const i = z * wh + y * w + x;
    if (mask[i] === 0 && !outside[i]) { outside[i] = 1; queue[tail++] = i; }
  }
  let head = 0;
  while (head < tail) {
    const i = queue[head++];
    const z = (i / wh) | 0;
    const rem = i - z * wh;
    const y = (rem / w) | 0;
    const x = rem - y * w;
    const interior = x > 0 && y > 0 && x < w - 1 && y < h - 1 && (!is3d || (z > 0 && z < d - 1));
    for (let k = 0; k < K; k++) {
      if (!interior) {
        const nx = x + dx[k], ny = y + dy[k], nz = z + dz[k];
        if (nx < 0 || ny < 0 || nz < 0 || nx >= w || ny >= h || nz >= d) continue;
      }
      const j = i + step[k];
      if (!outside[j] && mask[j] === 0) { outside[j] = 1; queue[tail++] = j; }
    }
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = outside[i] ? 0 : 1;
  return out;
}
