/**
 * The viewer's UI state: everything `vscode.setState` keeps so a webview that was hidden
 * (and therefore destroyed) comes back exactly as it was. Volumes are not kept here: the
 * host resends them on `ready`.
 */
import type { SlicePlane } from '../../src/core/viewer/SliceGeometry';
import type { WindowLimits } from '../../src/core/viewer/windowing';
import { asColormapName, type ColormapName } from '../../src/core/viewer/colormaps';
import type { LabelView } from '../../src/core/viewer/labels';
import type { ViewerLayout, ViewerSource } from '../../src/core/protocol/viewerProtocol';

/** Persisted display state. */
export interface ViewerUiState {
  /** Title of the content this state belongs to (a different title → fresh defaults). */
  title: string;
  layout: ViewerLayout;
  plane: SlicePlane;
  cursor: [number, number, number];
  /** Window per image layer name. */
  windows: Record<string, WindowLimits>;
  preset: string;
  colormap: ColormapName;
  showLabels: boolean;
  opacity: number;
  outline: boolean;
  labelView: LabelView;
  hiddenLabels: number[];
  compare: boolean;
  radiological: boolean;
  zoom: number;
  /** Pan in slice pixels of the displayed image (shared by all views). */
  pan: [number, number];
  /** What the panel shows (command panels only): lets the host's serializer reopen it. */
  source?: ViewerSource;
}

/** Defaults for new content with `dims` (cursor at `focus`, else the centre). */
export function defaultUiState(title: string, dims: readonly number[], focus?: [number, number, number]): ViewerUiState {
  return {
    title, layout: 'single', plane: 'axial',
    cursor: focus ?? [Math.floor((dims[0] ?? 1) / 2), Math.floor((dims[1] ?? 1) / 2), Math.floor((dims[2] ?? 1) / 2)],
    windows: {}, preset: 'auto', colormap: 'grey', showLabels: true, opacity: 0.5, outline: false,
    labelView: 'labels', hiddenLabels: [], compare: true, radiological: true, zoom: 1, pan: [0, 0],
  };
}

/** Keeps only valid, in-range fields of a saved state (it may come from an older version). */
export function restoreUiState(saved: unknown, title: string, dims: readonly number[], focus?: [number, number, number]): ViewerUiState {
  const d = defaultUiState(title, dims, focus);
  if (!saved || typeof saved !== 'object') return d;
  const s = saved as Partial<ViewerUiState>;
  if (s.title !== title) return d;
  const merged = { ...d, ...s, colormap: asColormapName(s.colormap) };
  merged.cursor = d.cursor.map((c, a) => {
    const v = s.cursor?.[a];
    return typeof v === 'number' && v >= 0 && v < (dims[a] ?? 1) ? Math.floor(v) : c;
  }) as [number, number, number];
  return merged;
}
