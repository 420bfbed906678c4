/** What the inspector's views share: the tensor on show, the plane spec and colour settings. */
import { PlaneReply, TensorSummary } from '../../src/core/protocol/inspectorProtocol';
import { PlaneSpec, PlaneWindow } from '../../src/core/tensor/slicePlane';

/** A plane whose values are a Float64Array for sure (see `asFloat64`). */
export type Plane = PlaneReply;

/** Services the app gives every view. */
export interface ViewContext {
  summary(): TensorSummary;
  spec(): PlaneSpec;
  /** Current colour range [lo, hi]. */
  range(): [number, number];
  /** 256×RGBA LUT of the current colormap. */
  lut(): Uint8ClampedArray;
  /** Whether label colouring is on. */
  labels(): boolean;
  /** Asks the host for a plane (downsampled to `maxSide` when given). */
  getPlane(spec: PlaneSpec, window?: PlaneWindow, maxSide?: number): Promise<Plane>;
  /** Shows a line in the status bar (hover readout). */
  hover(text: string): void;
  /** Sets the index of a non-displayed axis (channel grid click). */
  setIndex(axis: number, value: number): void;
}

/** "[i, j, k]" of a plane cell in the tensor's own axes (rank < 2 tensors drop the view's leading 1). */
export function cellIndex(ctx: ViewContext, row: number, col: number): string {
  const spec = ctx.spec();
  const idx = [...spec.indices];
  idx[spec.rowAxis] = row;
  idx[spec.colAxis] = col;
  const rank = ctx.summary().shape.length;
  return `[${(rank < 2 ? idx.slice(2 - rank) : idx).join(', ')}]`;
}
