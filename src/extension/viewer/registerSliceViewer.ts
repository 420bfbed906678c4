import * as vscode from 'vscode';
import type { RenderState, SamplePoint, SetViewRequest, ViewerClassification, ViewerSource } from '../../core/protocol/viewerProtocol';
import { ViewerStateStore } from './ViewerStateStore';
import type { ExtensionServices } from '../services';
import { webviewErrors } from '../panels/webviewErrors';
import { readViewerLayers } from './readViewerLayers';
import { baseName, resolveViewerRequest, ViewerRequest } from './resolveViewerFiles';
import { ViewerLoader, ViewerSession } from './ViewerSession';
import { ViewerFileServer } from './ViewerFileServer';

/** View type of the custom editor (default for NIfTI, "Open With…" for .mat / .npy). */
export const SLICE_VIEWER_VIEW_TYPE = 'medseg.sliceViewer';
/** Same editor, offered only through "Open With…" (figshare .mat, .npy). */
export const SLICE_VIEWER_OPTION_VIEW_TYPE = 'medseg.sliceViewerOption';
/** View type of panels opened by `medseg.openSliceViewer` (restored by the serializer). */
export const SLICE_VIEWER_PANEL_TYPE = 'medseg.sliceViewerPanel';

/** Argument of the test-only `medseg.viewer.debugState` command. */
export interface ViewerDebugArgs {
  set?: Omit<SetViewRequest, 'type'>;
  samples?: SamplePoint[];
  timeoutMs?: number;
  /** Also write the current view as a PNG to this path (what "Export PNG" saves). */
  exportTo?: string;
}

/** Reads a resolved request, reporting each file's layers as they arrive (see ViewerSession). */
function loadRequest(req: ViewerRequest): ViewerLoader {
  return async (progress) => {
    const byRole = (r: string): string | undefined => req.files.find((f) => f.role === r)?.uri.toString();
    const source: ViewerSource = { image: req.files[0].uri.toString(), mask: byRole('labels'), prediction: byRole('prediction'), title: req.title };
    const prediction = req.files.find((f) => f.role === 'prediction');
    const classification = prediction ? readClassification(prediction.uri) : Promise.resolve(undefined);
    let done = 0;
    await readViewerLayers(req.files, (layers, options) => {
      done++;
      const pending = req.files.slice(done).map((f) => ({ role: f.role, name: f.name }));
      // The class is known before the first layer arrives (a small JSON against volumes).
      void classification.then((c) => progress(layers, pending, { ...options, ...req.options, ...(c ? { classification: c } : {}) }, source));
    });
    await classification;
  };
}

/**
 * The predicted class written beside a predicted mask (`<id>_pred.json` next to
 * `<id>_pred.nii.gz` / `.png`), with class names; undefined when there is none.
 */
async function readClassification(mask: vscode.Uri): Promise<ViewerClassification | undefined> {
  const name = baseName(mask);
  if (!/_pred\.(nii\.gz|nii|png)$/i.test(name)) return undefined;
  const json = vscode.Uri.joinPath(mask, '..', name.replace(/_pred\.(nii\.gz|nii|png)$/i, '_pred.json'));
  try {
    const p = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(json))) as {
      className?: string; label?: number; classIndex?: number; classes?: string[]; probabilities?: number[] | null;
    };
    if (p.classIndex === undefined && p.className === undefined) return undefined;
    const classes = p.classes ?? [];
    const probabilities = (p.probabilities ?? []).map((v, i) => ({ name: classes[i] ?? String(i), p: v }));
    return { className: p.className ?? classes[p.classIndex ?? -1], label: p.label, classIndex: p.classIndex, probabilities };
  } catch {
    return undefined; // no classification head, or not written by Predict
  }
}

/** A custom readonly document: just its URI (the session reads it). */
class VolumeDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void { /* nothing held */ }
}

/** What every viewer session of the window shares: where display states are kept, and the file server. */
interface ViewerShared {
  states: ViewerStateStore;
  files: ViewerFileServer;
}

/** Opens a session for a request in `panel` (the display state of the same files comes back). */
function openSession(services: ExtensionServices, shared: ViewerShared, req: ViewerRequest, panel: vscode.WebviewPanel): ViewerSession {
  const key = ViewerStateStore.keyOf(req.files.map((f) => f.uri));
  return new ViewerSession(panel, services, req.title, req.files.map((f) => baseName(f.uri)), loadRequest(req), { states: shared.states, key }, shared.files);
}

/** Opens a panel for a (possibly restored) request. */
function showPanel(services: ExtensionServices, shared: ViewerShared, req: ViewerRequest, panel?: vscode.WebviewPanel): ViewerSession {
  const p = panel ?? vscode.window.createWebviewPanel(SLICE_VIEWER_PANEL_TYPE, req.title, vscode.ViewColumn.Active, {
    enableScripts: true,
  });
  p.title = req.title;
  return openSession(services, shared, req, p);
}

/** A file opened as an editor: with its mask by convention (`_t1ce` → `_seg`), else alone. */
async function editorRequest(uri: vscode.Uri): Promise<ViewerRequest> {
  const name = baseName(uri);
  try {
    const req = await resolveViewerRequest(uri);
    return req ? { ...req, title: name } : { title: name, files: [{ uri, role: 'image', name }], options: {} };
  } catch {
    return { title: name, files: [{ uri, role: 'image', name }], options: {} };
  }
}

/**
 * Registers the slice viewer: the custom editor, "MedSeg: Open Slice Viewer" (folder,
 * file, or `{ image, mask?, prediction?, title?, layout? }`), the panel serializer that
 * restores it after a reload, and the test-only `medseg.viewer.debugState`.
 */
export function registerSliceViewer(context: vscode.ExtensionContext, services: ExtensionServices): void {
  const external = async (local: string): Promise<string> => (await vscode.env.asExternalUri(vscode.Uri.parse(local))).toString(true);
  const shared: ViewerShared = { states: new ViewerStateStore(context.workspaceState), files: new ViewerFileServer(external) };
  context.subscriptions.push(shared.files);
  const provider: vscode.CustomReadonlyEditorProvider<VolumeDocument> = {
    openCustomDocument: (uri) => new VolumeDocument(uri),
    resolveCustomEditor: async (doc, panel) => {
      // The session disposes itself with its panel; it is not kept in context.subscriptions,
      // which would hold its volumes (tens of MB) after the editor closed.
      openSession(services, shared, await editorRequest(doc.uri), panel);
    },
  };
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(SLICE_VIEWER_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
    vscode.window.registerCustomEditorProvider(SLICE_VIEWER_OPTION_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
    vscode.commands.registerCommand('medseg.openSliceViewer', async (arg?: unknown, extra?: unknown) => {
      try {
        const req = await resolveViewerRequest(arg, extra);
        if (!req) return undefined; // the picker was dismissed
        services.output.appendLine(`[viewer] Open Slice Viewer '${req.title}': ${req.files.map((f) => `${f.name} (${f.role})`).join(', ')}`);
        showPanel(services, shared, req);
        return { title: req.title, files: req.files.map((f) => f.uri.toString()) };
      } catch (err) {
        void vscode.window.showErrorMessage(`MedSeg: ${(err as Error).message}`);
        return undefined;
      }
    }),
    vscode.window.registerWebviewPanelSerializer(SLICE_VIEWER_PANEL_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const source = (state as { source?: ViewerSource } | undefined)?.source;
        if (!source) { panel.dispose(); return; }
        const req = await resolveViewerRequest({ ...source, image: vscode.Uri.parse(source.image),
          mask: source.mask ? vscode.Uri.parse(source.mask) : undefined,
          prediction: source.prediction ? vscode.Uri.parse(source.prediction) : undefined });
        if (req) showPanel(services, shared, req, panel); else panel.dispose();
      },
    }),
  );
  // Registered only under test: what the viewer renders.
  if (services.testMode) context.subscriptions.push(
    // Test-only: CSP violations and uncaught errors every MedSeg webview reported (tests fail on any).
    vscode.commands.registerCommand('medseg.test.webviewErrors', (clear?: boolean) => webviewErrors(clear === true)),
    vscode.commands.registerCommand('medseg.viewer.debugState', async (args?: ViewerDebugArgs): Promise<RenderState | undefined> => {
      const s = ViewerSession.current();
      const state = await s?.renderState(args?.set, args?.samples, args?.timeoutMs);
      if (s && args?.exportTo) await s.exportTo(vscode.Uri.file(args.exportTo));
      return state;
    }),
  );
}
