import * as vscode from 'vscode';
import { Finding, Severity } from '../../core/dataset/Finding';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The URI a finding is about: its file under `root`, or the root folder for dataset-wide findings. */
export function findingUri(root: vscode.Uri, f: Finding): vscode.Uri {
  return f.file ? vscode.Uri.joinPath(root, ...f.file.split('/')) : root;
}

/**
 * Groups findings by file as Problems-panel diagnostics. Binary files get a zero-width range
 * at the start; text files (labels.csv, dataset.json) the finding's line when known.
 */
export function findingsToDiagnostics(root: vscode.Uri, findings: readonly Finding[]): Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }> {
  const byFile = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
  for (const f of findings) {
    const uri = findingUri(root, f);
    const line = f.line !== undefined ? f.line - 1 : 0;
    const range = new vscode.Range(line, 0, line, f.line !== undefined ? Number.MAX_SAFE_INTEGER : 0);
    const d = new vscode.Diagnostic(range, `${f.message}. Fix: ${f.fix}`, SEVERITY[f.severity]);
    d.code = f.code;
    d.source = 'MedSeg doctor';
    const key = uri.toString();
    const entry = byFile.get(key) ?? { uri, diagnostics: [] };
    entry.diagnostics.push(d);
    byFile.set(key, entry);
  }
  return byFile;
}
