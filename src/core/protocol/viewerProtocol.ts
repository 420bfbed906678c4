/**
 * The slice viewer's host ↔ webview boundary: every message that crosses it. Both ends
 * wrap it in a `MessageHandler` (request/reply by id + events). Volumes cross exactly once
 * per webview lifetime, inside `load`, as typed arrays (never number[] or base64).
 */
import type { Volume } from '../volume/Volume';
import type { SlicePlane, OrientationLabels } from '../viewer/SliceGeometry';
import type { WindowLimits } from '../viewer/windowing';
import type { ColormapName } from '../viewer/colormaps';
import type { LabelView } from '../viewer/labels';

/** Grid arrangement: one plane (modalities side by side) or all three planes per modality. */
export type ViewerLayout = 'single' | '3-plane';

/** What a layer is for: an intensity image, the ground-truth labels, or a prediction to compare. */
export type LayerRole = 'image' | 'labels' | 'prediction';

/** One volume of a viewer, already canonicalised to RAS by the host. */
export interface ViewerLayer {
  role: LayerRole;
  /** Short name shown in the UI and status line, e.g. `flair`, `seg`, `12.mat`. */
  name: string;
  volume: Volume;
}

/**
 * A NIfTI layer as it crosses to the webview: the file's bytes as stored (a `.nii.gz` stays
 * compressed, about a tenth of the voxel bytes), checked by the host from the header and
 * decoded by the webview with the same core reader into the stored dtype, then canonicalised.
 * Why: the host → webview channel (a compressed websocket under code-server and remote
 * windows) carried ~18 MB per BraTS modality at 4–10 MB/s; the webview inflates natively.
 */
export interface EncodedViewerLayer {
  role: LayerRole;
  name: string;
  encoded: {
    /** The file name (the reader's messages name it). */
    file: string;
    /** The stored bytes, when they cross on the channel (else `url`). */
    bytes?: Uint8Array;
    /**
     * Where the webview fetches the stored bytes instead (the host serves them, see
     * `ViewerFileServer`); a gzipped file comes back inflated by the browser. When the fetch
     * fails the webview asks for the bytes with `layerBytes`.
     */
    url?: string;
    /** Size of the file as stored (and of its companion): what crosses either way. */
    storedBytes: number;
    /** The image file of a `.hdr`/`.img` pair. */
    companion?: Uint8Array;
    /** Canonical (RAS) dims of the first frame, known from the header. */
    dims: number[];
  };
}

/** A layer on the wire: decoded by the host (PNG, JPEG, .mat, .npy), or a NIfTI file the webview decodes. */
export type WireLayer = (ViewerLayer & { encoded?: undefined }) | (EncodedViewerLayer & { volume?: undefined });

/** What was opened, as URI strings: lets a restored panel reopen the same files. */
export interface ViewerSource {
  image: string;
  mask?: string;
  prediction?: string;
  title?: string;
}

/** Display options the opener may force (e.g. the screenshot harness asks for `3-plane`). */
export interface ViewerOpenOptions {
  layout?: ViewerLayout;
  plane?: SlicePlane;
  /** The model's class for a prediction (from `<id>_pred.json` beside the predicted mask). */
  classification?: ViewerClassification;
}

/** A predicted image-level class, named, with the probability of every class. */
export interface ViewerClassification {
  className?: string;
  /** The dataset's own label (figshare 1..3) and the 0-based training index. */
  label?: number;
  classIndex?: number;
  probabilities: { name: string; p: number }[];
}

// ---- host → viewer -------------------------------------------------------------------

/** Event: the files are being read (shown while the volumes are on their way). */
export interface LoadingMessage {
  type: 'loading';
  title: string;
  files: string[];
}

/** A layer still being read by the host (it follows in a `layer` event). */
export interface PendingLayer {
  role: LayerRole;
  name: string;
}

/**
 * Event: the volumes to show. Replaces whatever was shown. Sent as soon as the first file
 * is read, so the first slice shows while the rest of a case is still being read; the
 * others follow one `layer` event each, in `pending` order.
 */
export interface LoadMessage {
  type: 'load';
  title: string;
  layers: WireLayer[];
  pending?: PendingLayer[];
  /** Host `Date.now()` when reading started: the webview reports open → first paint. */
  startedAt?: number;
  options: ViewerOpenOptions;
  /** Present for panels opened by command, so their state can be restored after a reload. */
  source?: ViewerSource;
  /** Host time spent reading + canonicalising, in ms (diagnostics and benchmarks). */
  readMs?: number;
  /** Host: ms from the start of reading until each of `layers` was read. */
  layerReadMs?: number[];
  /** Host `Date.now()` when posted: the webview derives the transfer time (same machine clock). */
  sentAt?: number;
  /** The display state this content had when last closed (layout, windows, overlay): reopening keeps it. */
  savedState?: unknown;
}

/** Event: one more layer of a `load` that had `pending` layers. */
export interface LayerMessage {
  type: 'layer';
  layer: WireLayer;
  /** Host `Date.now()` when posted (the webview reports when it arrived). */
  sentAt?: number;
  /** Host: ms from the start of reading until this layer was read. */
  readMs?: number;
}

/** Event: reading failed; the viewer shows the message with the file name instead of a blank panel. */
export interface LoadErrorMessage {
  type: 'loadError';
  title: string;
  file: string;
  message: string;
  code?: string;
}

/** A point to sample from a rendered view: slice pixel (u, v) of view number `view`. */
export interface SamplePoint {
  view: number;
  u: number;
  v: number;
}

/** Request → `RenderState`: the current display, with RGBA samples of the rendered slices. */
export interface GetRenderStateRequest {
  type: 'getRenderState';
  samples?: SamplePoint[];
}

/** Request → `RenderState`: change the display (tests and deterministic screenshots), then report it. */
export interface SetViewRequest {
  type: 'setView';
  layout?: ViewerLayout;
  plane?: SlicePlane;
  /** Crosshair voxel (i, j, k) in the canonical volume. */
  cursor?: [number, number, number];
  /** Window of image layer `layer` (default 0). */
  window?: { layer?: number; limits?: WindowLimits; preset?: string };
  colormap?: ColormapName;
  opacity?: number;
  outline?: boolean;
  labelView?: LabelView;
  samples?: SamplePoint[];
}

/** Request → `RenderedPng`: the current grid as a PNG (the same image "Export PNG" saves). */
export interface RenderPngRequest {
  type: 'renderPng';
}

/** Everything the host sends. */
export type ToViewer = LoadingMessage | LoadMessage | LayerMessage | LoadErrorMessage | GetRenderStateRequest | SetViewRequest | RenderPngRequest;

// ---- viewer → host -------------------------------------------------------------------

/** Event: the webview's script runs and wants its volumes (sent after every webview reload). */
export interface ReadyMessage {
  type: 'ready';
}

/** Event: every layer is shown (first paint after the last `layer`), or the error page is. */
export interface RenderedMessage {
  type: 'rendered';
  ok: boolean;
  timings?: ViewerTimings;
}

/** Where the time to a picture went, in ms. */
export interface ViewerTimings {
  /** Host: reading + canonicalising every file. */
  readMs?: number;
  /** Host post of `load` → received by the webview (same machine clock). */
  transferMs?: number;
  /** Webview: `load` received → first frame painted. */
  firstRenderMs?: number;
  /** Host started reading → first slice painted (end to end). */
  firstPaintMs?: number;
  /** Host started reading → every layer painted. */
  completeMs?: number;
  /** Per layer, ms from the start of reading: read by the host, posted, received, painted (the breakdown the bench prints). */
  layers?: LayerTiming[];
}

/** Where one layer's time went, in ms since the host started reading. */
export interface LayerTiming {
  name: string;
  readMs?: number;
  sentMs?: number;
  receivedMs: number;
  /** Webview: received → the served file's bytes were in (fetched, inflated by the browser); absent when they came on the channel. */
  fetchMs?: number;
  /** Webview: decoding (inflate, stored dtype, canonical RAS) took this long; 0 when the host decoded. */
  decodeMs?: number;
  /** Webview, parts of `decodeMs`: inflate + NIfTI parse, and reorientation to canonical RAS. */
  inflateMs?: number;
  canonicalMs?: number;
  /** Webview: adding the decoded layer to the view (window, labels, rebuild, first render). */
  showMs?: number;
  paintedMs?: number;
  /** Bytes of voxel data that crossed. */
  bytes: number;
}

/** Request → `SavePngResult`: ask the host to save the exported PNG (save dialog). */
export interface SavePngRequest {
  type: 'savePng';
  suggestedName: string;
  png: Uint8Array;
}

/** Event: something went wrong inside the webview (logged to the MedSeg output channel). */
export interface ViewerLogMessage {
  type: 'log';
  level: 'info' | 'error';
  message: string;
}

/** Event: the display state changed (the host keeps it per content, for the next time it is opened). */
export interface SaveStateMessage {
  type: 'saveState';
  state: unknown;
}

/** Request → `LayerBytesResult`: the stored bytes of a layer whose `url` could not be fetched. */
export interface LayerBytesRequest {
  type: 'layerBytes';
  url: string;
}

/** Everything the webview sends. */
export type FromViewer = ReadyMessage | RenderedMessage | SavePngRequest | ViewerLogMessage | SaveStateMessage | LayerBytesRequest;

// ---- replies ---------------------------------------------------------------------------

/** One rendered view of the grid. */
export interface ViewState {
  plane: SlicePlane;
  /** Index of the image layer shown. */
  layer: number;
  layerName: string;
  slice: number;
  sliceCount: number;
  /** Slice size in pixels (the rendered image before zoom). */
  width: number;
  height: number;
  orientation: OrientationLabels;
}

/** RGBA of the rendered slice at a sample point. */
export interface PixelSample extends SamplePoint {
  rgba: [number, number, number, number];
}

/** Reply to `getRenderState` / `setView`. */
export interface RenderState {
  status: 'empty' | 'loading' | 'ready' | 'error';
  title: string;
  error?: string;
  layout: ViewerLayout;
  plane: SlicePlane;
  cursor: [number, number, number];
  /** `dtype`: the typed array the webview holds (`Int16Array` for an int16 NIfTI: stored dtype, never widened). */
  layers: { name: string; role: LayerRole; dims: number[]; limits?: WindowLimits; dtype?: string }[];
  views: ViewState[];
  colormap: ColormapName;
  opacity: number;
  outline: boolean;
  labelView: LabelView;
  samples: PixelSample[];
  /** The status line as shown (voxel, mm, values under the cursor). */
  statusLine: string;
  /** Compare mode only: Dice of the current axial slice and of the volume. */
  dice?: { slice: number | null; volume: number | null };
  /** Load timings. */
  timings?: ViewerTimings;
  /** The predicted class line as shown (prediction with a classification head). */
  classificationText?: string;
}

/** Reply to `renderPng`. */
export interface RenderedPng {
  png: Uint8Array;
  suggestedName: string;
}

/** Reply to `savePng`. */
export interface SavePngResult {
  saved: boolean;
  path?: string;
}

/** Reply to `layerBytes`: the file as stored. */
export interface LayerBytesResult {
  bytes: Uint8Array;
}

/** Reply types of the requests the host sends. */
export interface ToViewerReplies {
  getRenderState: RenderState;
  setView: RenderState;
  renderPng: RenderedPng;
  [type: string]: unknown;
}

/** Reply types of the requests the webview sends. */
export interface FromViewerReplies {
  savePng: SavePngResult;
  layerBytes: LayerBytesResult;
  [type: string]: unknown;
}
