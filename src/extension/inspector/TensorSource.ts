/**
 * Where an inspector panel's tensor comes from: a file (one or several variables) or a
 * paused debuggee (one expression, reloaded on each stop while "watch" is on).
 */
import * as vscode from 'vscode';
import { NdArray } from '../../core/volume/NdArray';
import { TensorLayout } from '../../core/tensor/detectLayout';

/** A tensor as a source delivers it. */
export interface LoadedTensor {
  array: NdArray;
  /** e.g. the file path or the debug session and frame. */
  source: string;
  /** Banner text (downsampling, conversions). */
  note?: string;
  /** Overrides the shape-based layout guess (e.g. NIfTI axes). */
  layout?: TensorLayout;
}

/** Supplies the tensors one inspector panel shows. */
export interface TensorSource extends vscode.Disposable {
  /** Panel title. */
  readonly title: string;
  /** Names the user can pick from (one for .npy and debugger values). */
  readonly variables: string[];
  /** Whether the value can change under the panel (debugger), enabling "watch". */
  readonly watchable: boolean;
  /** Loads variable `name` (a debugger source ignores it: it has one expression). */
  load(name: string, token?: vscode.CancellationToken): Promise<LoadedTensor>;
  /** Fires when the value may have changed (the debugger stopped again) while watching. */
  readonly onDidChange?: vscode.Event<void>;
  /** Turns watching on/off. */
  setWatch?(on: boolean): void;
  readonly watching?: boolean;
}
