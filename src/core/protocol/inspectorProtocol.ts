/**
 * The Tensor Inspector's host ↔ webview boundary (one file, as vscode-hexeditor does).
 * Both ends use `MessageHandler`: the webview asks the host for planes and cell windows
 * (the host owns the full tensor and does the heavy work, so the webview never holds
 * more than what is on screen); the host pushes tensor changes (debugger "watch") and
 * can ask the webview for its state (integration tests).
 *
 * Plane values travel as typed arrays (VS Code transfers them without JSON).
 */
import { TensorLayout } from '../tensor/detectLayout';
import { TensorStats } from '../tensor/tensorStats';
import { Plane, PlaneSpec, PlaneWindow } from '../tensor/slicePlane';
import type { ColormapName } from '../viewer/colormaps';

/** What the inspector knows about the tensor on show. */
export interface TensorSummary {
  /** Variable name, expression, or file name. */
  name: string;
  shape: number[];
  dtype: string;
  stats: TensorStats;
  layout: TensorLayout;
  /** Where it came from, e.g. the file path or `debug: pwa-node (frame 3)`. */
  source: string;
  /** Shown as a banner, e.g. "downsampled to fit the 64 MB cap". */
  note?: string;
  /** Bumped on every reload so the webview can drop stale planes. */
  version: number;
}

/** Reply to `ready`: everything the webview needs for its first render. */
export interface InspectorInit {
  title: string;
  /** Variables of a multi-variable file (.npz, .mat); one entry otherwise. */
  variables: string[];
  current: TensorSummary;
  /** Whether the tensor comes from a debugger (the watch toggle is offered). */
  watchAvailable: boolean;
  watching: boolean;
}

/** A plane as the host sends it: the cut plane and the tensor version it came from. */
export interface PlaneReply extends Plane {
  /** `TensorSummary.version` the plane was cut from. */
  version: number;
}

// ---- webview → host ------------------------------------------------------------

/** The webview has loaded; the host replies with `InspectorInit`. */
export interface ReadyRequest { type: 'ready' }
/** Show another variable of the file; replies with its `TensorSummary`. */
export interface SelectVariableRequest { type: 'selectVariable'; name: string }
/**
 * One plane, or a window of it. `maxSide` asks the host to downsample (heatmap,
 * channel thumbnails); without it the window is read at full resolution (table).
 */
export interface GetPlaneRequest { type: 'getPlane'; spec: PlaneSpec; window?: PlaneWindow; maxSide?: number }
/** Save the full-resolution plane as CSV (host shows a save dialog); replies with the path or null. */
export interface ExportCsvRequest { type: 'exportCsv'; spec: PlaneSpec }
/** Save PNG bytes the webview rendered (base64 of the canvas); replies with the path or null. */
export interface ExportPngRequest { type: 'exportPng'; pngBase64: string; suggestedName: string }
/** Turn "refresh on every debugger stop" on or off; replies with the new setting. */
export interface SetWatchRequest { type: 'setWatch'; on: boolean }

/** Messages the inspector webview sends. */
export type FromInspector =
  | ReadyRequest | SelectVariableRequest | GetPlaneRequest | ExportCsvRequest | ExportPngRequest | SetWatchRequest;

/** Reply type per webview request. */
export interface InspectorHostReplies {
  ready: InspectorInit;
  selectVariable: TensorSummary;
  getPlane: PlaneReply;
  exportCsv: string | null;
  exportPng: string | null;
  setWatch: boolean;
  [type: string]: unknown;
}

// ---- host → webview ------------------------------------------------------------

/** The tensor was reloaded (debugger stopped again with watch on). */
export interface TensorChangedEvent { type: 'tensorChanged'; summary: TensorSummary }
/** A line for the status bar of the panel (progress of a debugger read, errors). */
export interface StatusEvent { type: 'status'; message: string; severity: 'info' | 'error' }
/** The watch setting changed on the host side (e.g. by a command). */
export interface WatchChangedEvent { type: 'watchChanged'; on: boolean }
/** Asks the webview what it shows (integration tests, diagnostics). */
export interface GetStateRequest { type: 'getState' }

/**
 * Switches the webview to a view (heatmap/table/channels) and/or a variable, as if the
 * user picked them; replies with its state once drawn (commands, tests).
 */
export interface SetViewRequest { type: 'setView'; view?: NonNullable<InspectorPersistedState['view']>; variable?: string }

/** Messages the host sends to the inspector webview. */
export type ToInspector = TensorChangedEvent | StatusEvent | WatchChangedEvent | GetStateRequest | SetViewRequest;

/** What the webview reports it shows. */
export interface InspectorViewState {
  name: string;
  /** Entries of the variable picker. */
  variables: string[];
  shape: number[];
  dtype: string;
  version: number;
  spec: PlaneSpec;
  colormap: ColormapName;
  /** Label colouring in use. */
  labels: boolean;
  /** Size of the displayed heatmap plane (after downsampling). */
  planeRows: number;
  planeCols: number;
  /** The first values of the displayed plane (row-major), at most 256. */
  planeHead: number[];
  /** Min/max of the stats pane. */
  min: number;
  max: number;
  watching: boolean;
  /** Rows of the virtual table currently in the DOM (proves virtualisation). */
  tableDomRows: number;
  /** The table's first data cells as laid out on screen (text and box in CSS px). */
  tableCells: { r: number; c: number; text: string; x: number; y: number; width: number; height: number }[];
  /** Entries of the "rows" axis picker as shown (e.g. `axis 2 in (64)`). */
  axisLabels: string[];
  /** The stats pane as shown: label → text (`layout`, `p1 / p99`, …). */
  statsShown: Record<string, string>;
  /** The view on show. */
  view: NonNullable<InspectorPersistedState['view']>;
  status: string;
}

/** Reply type per host request. */
export interface InspectorWebviewReplies {
  getState: InspectorViewState;
  setView: InspectorViewState;
  [type: string]: unknown;
}

/** Persisted with `vscodeApi.setState` so a hidden/restored panel keeps its view. */
export interface InspectorPersistedState {
  variable?: string;
  spec?: PlaneSpec;
  colormap?: ColormapName;
  range?: 'auto' | 'robust' | 'manual';
  manualRange?: [number, number];
  view?: 'heatmap' | 'table' | 'channels';
}
