/**
 * The `activations` job: one layer's output of a trained run's model for one input, for
 * the Tensor Inspector's feature-map view. The input goes through the same loading and
 * preprocessing as `predict` (and therefore training), so what the inspector shows is
 * what the network sees; volumes contribute one axial slice.
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { encodeBase64 } from '../../core/tensor/base64';
import type { ActivationsRequest, ActivationsResult } from '../../core/protocol/workerProtocol';
import { MedSegError } from '../../core/util/MedSegError';
import { casePreparation, prepareSample } from '../../training/data/prepareSample';
import { loadInput } from './predictJob';
import { loadRunModel } from './predictionMembers';
import { readRunConfig } from './readRunConfig';
import { selectBackend } from './selectBackend';

/** Layer shown when the request names none: the first encoder conv. */
export const DEFAULT_ACTIVATION_LAYER = 'enc0.conv1';

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Float32 values as little-endian bytes (the wire format), swapping on big-endian hosts. */
function float32LeBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (littleEndian) return bytes;
  const dv = new DataView(new ArrayBuffer(values.byteLength));
  values.forEach((v, i) => dv.setFloat32(i * 4, v, true));
  return new Uint8Array(dv.buffer);
}

/** Computes the requested layer's activations for the request's input. */
export async function runActivationsJob(req: ActivationsRequest): Promise<ActivationsResult> {
  const runDir = path.resolve(req.runDir);
  const choice = await selectBackend(req.backend ?? readRunConfig(runDir).run.backend);
  const { cfg, model, epoch } = loadRunModel(runDir, req.checkpoint ?? 'best');
  try {
    const layers = model.layerNames();
    const layer = req.layer ?? (layers.includes(DEFAULT_ACTIVATION_LAYER) ? DEFAULT_ACTIVATION_LAYER : layers[0]!);
    if (!layers.includes(layer)) throw new MedSegError('unknown-layer', `no layer '${layer}'; layers: ${layers.join(', ')}`, runDir);
    const loaded = await loadInput(path.resolve(req.input), cfg, runDir);
    const volume = loaded.slices.length > 1 || loaded.volume !== undefined;
    const sliceIndex = volume ? req.slice ?? Math.floor(loaded.slices.length / 2) : 0;
    const raw = loaded.slices[sliceIndex];
    if (!raw) throw new MedSegError('bad-input', `slice ${sliceIndex} is out of range (0..${loaded.slices.length - 1})`, req.input);
    // The same geometry and intensity steps as training and predict (crop, normalise, resize, pad).
    const { sample } = prepareSample(raw, cfg.data, casePreparation(loaded.slices, cfg.data));
    const x = tf.tensor4d(sample.image, [1, sample.height, sample.width, sample.channels]);
    let act: tf.Tensor | undefined;
    try {
      act = model.activations(x, layer);
      const values = (await act.data()) as Float32Array;
      return {
        layer, layers, shape: [...act.shape], dtype: 'float32', data: encodeBase64(float32LeBytes(values)),
        slice: volume ? sliceIndex : undefined, epoch, backend: choice.backend,
      };
    } finally {
      x.dispose();
      act?.dispose();
    }
  } finally {
    model.dispose();
  }
}
