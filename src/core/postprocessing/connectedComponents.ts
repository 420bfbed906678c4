/**
 * Connected-component labelling of binary masks on 2-D (`dims = [w, h]`) and 3-D
 * (`[w, h, d]`) grids, fastest axis first (the Volume layout).
 *
 * Connectivity: 2-D 8 (default, "full") or 4; 3-D 26 (default) or 6. Components are numbered
 * 1..count in the order their first voxel appears in memory, which is also the numbering of
 * `scipy.ndimage.label` on the same buffer viewed as a C-order numpy array.
 */

/** 2-D: 4 or 8; 3-D: 6 or 26 (also 18). */
export type Connectivity = 4 | 8 | 6 | 18 | 26;

/** Result of {@link connectedComponents}. */
export interface Components {
  /** Component id per voxel (0 = background). */
  labels: Int32Array;
  /** Number of components. */
  count: number;
  /** `sizes[k]` = voxel count of component k (index 0 unused, 0). */
  sizes: number[];
}

/** Neighbour offsets (dx, dy, dz) for a connectivity; z offsets only in 3-D. */
export function neighbourOffsets(ndim: number, connectivity?: Connectivity): number[][] {
  const conn = connectivity ?? (ndim === 2 ? 8 : 26);
  const valid2 = ndim === 2 && (conn === 4 || conn === 8);
  const valid3 = ndim === 3 && (conn === 6 || conn === 18 || conn === 26);
  if (!valid2 && !valid3) throw new RangeError(`connectivity ${conn} is not valid in ${ndim}-D`);
  const out: number[][] = [];
  const zr = ndim === 3 ? [-1, 0, 1] : [0];
  for (const dz of zr) for (const dy of [-1, 0, 1]) for (const dx of [-1, 0, 1]) {
    const manhattan = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
    if (manhattan === 0) continue;
    const maxManhattan = conn === 4 || conn === 6 ? 1 : conn === 18 ? 2 : 3;
    if (manhattan <= maxManhattan) out.push([dx, dy, dz]);
  }
  return out;
}

/**
 * Neighbour offsets as flat typed arrays (dx, dy, dz and the linear index step) for the hot
 * flood-fill loops, where destructuring `[dx, dy, dz]` per visit costs more than the visit.
 */
export function neighbourTable(w: number, h: number, ndim: number, connectivity?: Connectivity): {
  dx: Int32Array; dy: Int32Array; dz: Int32Array; step: Int32Array;
} {
  const offs = neighbourOffsets(ndim, connectivity);
  return {
    dx: Int32Array.from(offs, (o) => o[0]),
    dy: Int32Array.from(offs, (o) => o[1]),
    dz: Int32Array.from(offs, (o) => o[2]),
    step: Int32Array.from(offs, (o) => o[2] * w * h + o[1] * w + o[0]),
  };
}

/** Normalises dims to [w, h, d] and checks the voxel count. */
export function gridDims(dims: readonly number[], n: number): [number, number, number] {
  if (dims.length !== 2 && dims.length !== 3) throw new RangeError(`expected 2-D or 3-D dims, got ${dims.join('×')}`);
  const [w, h, d = 1] = dims;
  if (w * h * d !== n) throw new RangeError(`${n} voxels for dims ${dims.join('×')}`);
  return [w, h, d];
}

/**
 * Labels the connected components of `mask` (non-zero = foreground), or of `mask == value`
 * when `value` is given (one class of a label map).
 */
export function connectedComponents(
  mask: ArrayLike<number>, dims: readonly number[], connectivity?: Connectivity, value?: number,
): Components {
  const n = mask.length;
  const [w, h, d] = gridDims(dims, n);
  const { dx, dy, dz, step } = neighbourTable(w, h, dims.length, connectivity);
  const K = step.length;
  const isFg = value === undefined ? (i: number) => mask[i] !== 0 : (i: number) => mask[i] === value;
  const labels = new Int32Array(n);
  const sizes = [0];
  const queue = new Int32Array(n);
  const wh = w * h;
  let count = 0;
  for (let start = 0; start < n; start++) {
    if (labels[start] !== 0 || !isFg(start)) continue;
    count++;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    labels[start] = count;
    while (head < tail) {
      const i = queue[head++];
      const z = (i / wh) | 0;
      const rem = i - z * wh;
      const y = (rem / w) | 0;
      const x = rem - y * w;
      // Interior voxels need no bounds checks (the common case in large volumes).
      const interior = x > 0 && y > 0 && x < w - 1 && y < h - 1 && (d === 1 || (z > 0 && z < d - 1));
      for (let k = 0; k < K; k++) {
        if (!interior) {
          const nx = x + dx[k], ny = y + dy[k], nz = z + dz[k];
          if (nx < 0 || ny < 0 || nz < 0 || nx >= w || ny >= h || nz >= d) continue;
        }
        const j = i + step[k];
        if (labels[j] === 0 && isFg(j)) { labels[j] = count; queue[tail++] = j; }
      }
    }
    sizes.push(tail);
  }
  return { labels, count, sizes };
}
