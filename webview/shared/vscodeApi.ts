/**
 * The one typed wrapper around `acquireVsCodeApi()` every MedSeg webview uses: posting,
 * and the panel's persisted state (`getState`/`setState`, what VS Code keeps while the
 * webview is hidden and hands to a panel serializer after a reload).
 *
 * It also reports Content Security Policy violations and uncaught errors of the page to
 * the host (`WEBVIEW_ERROR_KEY` messages, outside each panel's protocol), so that they
 * reach the MedSeg output channel and the integration tests instead of a devtools console
 * nobody opens.
 */

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };

/** Key of the error reports this helper posts (see src/extension/panels/webviewErrors.ts). */
export const WEBVIEW_ERROR_KEY = 'medsegWebviewError';

/** A webview's channel to VS Code with state of type `S`. */
export interface WebviewApi<S> {
  postMessage(m: unknown): void;
  /** The saved state, or undefined when none was saved (new panel) or it is not an object. */
  getState(): Partial<S> | undefined;
  setState(s: S): void;
  /** Merges `patch` into the saved state (other keys kept). */
  patchState(patch: Partial<S>): void;
}

let api: ReturnType<typeof acquireVsCodeApi> | undefined;

/** The webview's API (acquired once: VS Code allows one `acquireVsCodeApi` call per page). */
export function webviewApi<S extends object>(): WebviewApi<S> {
  if (!api) {
    api = acquireVsCodeApi();
    reportErrors(api);
  }
  const a = api;
  const get = (): Partial<S> | undefined => {
    const s = a.getState();
    return s && typeof s === 'object' ? (s as Partial<S>) : undefined;
  };
  return {
    postMessage: (m) => a.postMessage(m),
    getState: get,
    setState: (s) => a.setState(s),
    patchState: (patch) => a.setState({ ...(get() ?? {}), ...patch }),
  };
}

function reportErrors(a: ReturnType<typeof acquireVsCodeApi>): void {
  const post = (kind: 'csp' | 'error', message: string): void => {
    try { a.postMessage({ [WEBVIEW_ERROR_KEY]: { kind, message } }); } catch { /* the host is gone */ }
  };
  document.addEventListener('securitypolicyviolation', (e) => {
    post('csp', `Content Security Policy: '${e.violatedDirective}' blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})${e.sample ? `: ${e.sample}` : ''}`);
  });
  window.addEventListener('error', (e) => post('error', `${e.message} (${e.filename}:${e.lineno})`));
  window.addEventListener('unhandledrejection', (e) => post('error', `unhandled rejection: ${String((e.reason as Error)?.stack ?? e.reason)}`));
}
