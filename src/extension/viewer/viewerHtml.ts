import * as vscode from 'vscode';
import { randomBytes } from 'crypto';

/**
 * HTML shell of the viewer webview: CSP `default-src 'none'`, one nonce'd script and the
 * stylesheet from dist/webview, images only from the extension or data:/blob: (PNG
 * export), no remote content. (vscode-elements style themselves through constructable
 * stylesheets, which style-src does not govern, so no 'unsafe-inline' is needed.)
 */
export function viewerHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (ext: string): vscode.Uri => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `viewer.${ext}`));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data: blob:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</title>
<link rel="stylesheet" href="${asset('css')}">
</head><body><div id="root"></div>
<script nonce="${nonce}" src="${asset('js')}"></script>
</body></html>`;
}

/** `localResourceRoots` of the viewer: only the built webview bundles. */
export function viewerRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}
