import * as vscode from 'vscode';

/** Key of the reports webview/shared/vscodeApi.ts posts (outside each panel's protocol). */
export const WEBVIEW_ERROR_KEY = 'medsegWebviewError';

/** A CSP violation or uncaught error reported by a webview. */
export interface WebviewError {
  panel: string;
  kind: 'csp' | 'error';
  message: string;
}

const seen: WebviewError[] = [];
/** Most reports kept: a broken loop must not grow the host's memory. */
const MAX_KEPT = 500;

/**
 * Listens for a webview's error reports: logs each to the MedSeg output channel and keeps
 * it for `webviewErrors()` (integration tests fail on any). Other messages are left to
 * the panel's own channel, which ignores these.
 */
export function trackWebviewErrors(webview: vscode.Webview, panel: string, output?: vscode.OutputChannel): vscode.Disposable {
  return webview.onDidReceiveMessage((m: unknown) => {
    const r = (m as Record<string, unknown> | undefined)?.[WEBVIEW_ERROR_KEY] as { kind?: unknown; message?: unknown } | undefined;
    if (!r || (r.kind !== 'csp' && r.kind !== 'error')) return;
    const e: WebviewError = { panel, kind: r.kind, message: String(r.message) };
    if (seen.length < MAX_KEPT) seen.push(e);
    output?.appendLine(`${panel} webview ${e.kind === 'csp' ? 'CSP violation' : 'error'}: ${e.message}`);
  });
}

/** Reports received so far (and, with `clear`, forgets them). */
export function webviewErrors(clear = false): WebviewError[] {
  const out = [...seen];
  if (clear) seen.length = 0;
  return out;
}
