/**
 * A layer's activations of a trained run's model for one input, computed in a worker
 * (the host never loads tfjs). Every layer of the model is a variable of the source, so
 * the inspector's variable picker switches layers; the worker is kept while the panel is
 * open so switching does not pay for a process start each time.
 */
import * as vscode from 'vscode';
import * as path from 'path';
import { ActivationsRequest, ActivationsResult } from '../../core/protocol/workerProtocol';
import { decodeBase64 } from '../../core/tensor/base64';
import { decodeTensorBytes } from '../../core/tensor/decodeTensorBytes';
import { TensorLayout } from '../../core/tensor/detectLayout';
import { WorkerClient } from '../worker/WorkerClient';
import { LoadedTensor, TensorSource } from './TensorSource';

/** What to compute: the request without its `type` and layer. */
export type ActivationsTarget = Omit<ActivationsRequest, 'type' | 'layer'>;

/**
 * Layout of an activation: feature maps are NHWC with a batch axis (set explicitly,
 * because a deep layer such as [1,4,4,64] would not be guessed from its shape).
 */
export function activationLayout(shape: readonly number[]): TensorLayout | undefined {
  if (shape.length !== 4) return undefined;
  return { kind: 'NHWC', batchAxis: 0, channelAxis: 3, spatialAxes: [1, 2], rowAxis: 1, colAxis: 2 };
}

/** Turns a worker reply into what the inspector shows. */
export function activationsToTensor(r: ActivationsResult, target: ActivationsTarget): LoadedTensor {
  const array = decodeTensorBytes(decodeBase64(r.data), r.shape, r.dtype);
  const slice = r.slice !== undefined ? `, slice ${r.slice}` : '';
  return {
    array,
    source: `${target.input} → ${path.basename(target.runDir)} (${target.checkpoint ?? 'best'} checkpoint)`,
    note: `activations of ${r.layer} after epoch ${r.epoch}${slice}, input preprocessed as in training (${r.backend})`,
    layout: activationLayout(r.shape),
  };
}

/** Activations of one run and input; variables are the model's layer names. */
export class ActivationsTensorSource implements TensorSource {
  readonly watchable = false;
  readonly title: string;
  private worker: WorkerClient | undefined;

  private constructor(
    private readonly workerPath: string,
    private readonly target: ActivationsTarget,
    readonly variables: string[],
    private readonly log: (line: string) => void,
  ) {
    this.title = `${path.basename(target.input)} activations (${path.basename(target.runDir)})`;
  }

  /** Computes `layer` (default: the worker's, the first encoder conv): the source, its first tensor and that layer's name. */
  static async open(workerPath: string, target: ActivationsTarget, layer: string | undefined, log: (line: string) => void): Promise<{ source: ActivationsTensorSource; first: LoadedTensor; layer: string }> {
    const probe = new ActivationsTensorSource(workerPath, target, [], log);
    try {
      const r = await probe.request(layer);
      // The layer list comes with the first reply; hand the running worker on to the source.
      const source = new ActivationsTensorSource(workerPath, target, r.layers, log);
      source.worker = probe.worker;
      probe.worker = undefined;
      return { source, first: activationsToTensor(r, target), layer: r.layer };
    } finally {
      probe.dispose();
    }
  }

  async load(name: string, token?: vscode.CancellationToken): Promise<LoadedTensor> {
    const r = await this.request(name, token);
    return activationsToTensor(r, this.target);
  }

  private async request(layer: string | undefined, token?: vscode.CancellationToken): Promise<ActivationsResult> {
    if (!this.worker || this.worker.process.exitCode !== null || this.worker.process.signalCode !== null) {
      this.worker = new WorkerClient({ workerPath: this.workerPath, onEvent: (e) => { if (e.type === 'log') this.log(e.text); } });
    }
    const w = this.worker;
    const cancel = token?.onCancellationRequested(() => { w.dispose(); });
    try {
      return await w.request({ type: 'activations', ...this.target, layer });
    } finally {
      cancel?.dispose();
    }
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    if (w) void w.stop();
  }
}
