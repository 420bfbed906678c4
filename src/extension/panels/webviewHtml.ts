import * as vscode from 'vscode';
import { randomBytes } from 'crypto';

/** Options for a panel's HTML shell. */
export interface WebviewHtmlOptions {
  /** Panel name: loads `dist/webview/<panel>.js` (and `.css` when `css` is true). */
  panel: string;
  title: string;
  css?: boolean;
  /** Extra markup inside <body> before the script. */
  body?: string;
  /** The one URL prefix the page may `fetch` from (the viewer's file server); none otherwise. */
  connectSrc?: string;
}

/**
 * The HTML shell every MedSeg webview uses: CSP `default-src 'none'`, one nonce'd
 * script from dist/webview, styles and images only from the extension, no remote
 * content and no eval. `connectSrc` (the slice viewer's file server on 127.0.0.1, as
 * the webview reaches it) is the only place a page may fetch from.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, o: WebviewHtmlOptions): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (ext: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${o.panel}.${ext}`));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // No 'unsafe-inline': vscode-elements and uPlot style through constructable stylesheets and the CSSOM.
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data: blob:`,
    `font-src ${webview.cspSource}`,
    ...(o.connectSrc ? [`connect-src ${o.connectSrc}`] : []),
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)}</title>
${o.css ? `<link rel="stylesheet" href="${asset('css')}">` : ''}
</head><body>
${o.body ?? ''}
<script nonce="${nonce}" src="${asset('js')}"></script>
</body></html>`;
}

/** `localResourceRoots` for MedSeg panels: only the built webview bundles. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
