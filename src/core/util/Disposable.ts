/** Anything that releases resources. Structurally compatible with `vscode.Disposable`. */
export interface IDisposable {
  dispose(): void;
}

/** Base class that owns child disposables (as vscode-hexeditor's `Disposable`). */
export class Disposable implements IDisposable {
  private readonly _disposables: IDisposable[] = [];
  private _isDisposed = false;

  /** Whether `dispose` has run. */
  protected get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Registers `d` to be disposed with this object; disposes it at once if already disposed. */
  protected _register<T extends IDisposable>(d: T): T {
    if (this._isDisposed) d.dispose();
    else this._disposables.push(d);
    return d;
  }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    while (this._disposables.length) {
      try { this._disposables.pop()!.dispose(); } catch { /* keep disposing the rest */ }
    }
  }
}
