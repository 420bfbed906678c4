import * as vscode from 'vscode';

/** Shared host services handed to every feature's `register…` function. */
export interface ExtensionServices {
  /** The "MedSeg" output channel (worker logs, environment reports). */
  output: vscode.OutputChannel;
  /** Absolute path of the bundled worker (`dist/worker.js`). */
  workerPath: string;
  /** The extension's root folder. */
  extensionUri: vscode.Uri;
  /** True only when VS Code runs the extension's tests: test-only commands exist only then. */
  testMode: boolean;
}

export function createServices(context: vscode.ExtensionContext): ExtensionServices {
  const output = vscode.window.createOutputChannel('MedSeg');
  context.subscriptions.push(output);
  return {
    output,
    workerPath: vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath,
    extensionUri: context.extensionUri,
    testMode: context.extensionMode === vscode.ExtensionMode.Test,
  };
}
