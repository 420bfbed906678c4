import * as vscode from 'vscode';

/** Most contents remembered; the oldest is forgotten first. */
const MAX_ENTRIES = 100;
const KEY = 'medseg.viewer.displayStates';

/**
 * The viewer's display state (layout, windows, overlay settings, crosshair) per opened
 * content, kept in the workspace state: closing a viewer and opening the same file or
 * case again brings it back as it was. (While a tab stays open, the webview's own
 * getState/setState does this across hide/show and window reloads.)
 */
export class ViewerStateStore {
  constructor(private readonly memento: vscode.Memento) {}

  /** The key of a content: its files, in order. */
  static keyOf(files: readonly vscode.Uri[]): string {
    return files.map((f) => f.toString()).join('|');
  }

  get(key: string): unknown {
    return this.entries().find(([k]) => k === key)?.[1];
  }

  /** Remembers `state` for `key` as the most recent entry. */
  set(key: string, state: unknown): void {
    const rest = this.entries().filter(([k]) => k !== key);
    void this.memento.update(KEY, [...rest.slice(-(MAX_ENTRIES - 1)), [key, state]]);
  }

  private entries(): [string, unknown][] {
    const v = this.memento.get<unknown>(KEY);
    return Array.isArray(v) ? (v as [string, unknown][]) : [];
  }
}
