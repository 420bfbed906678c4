import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../../core/config/modelConfig';
import { MedSegError } from '../../core/util/MedSegError';
import type { NamedTensorData, NamedVariable } from './NamedTensorData';
import { ParamStore } from './ParamStore';
import { convNormAct } from './convNormAct';
import { activation, conv2d, convTranspose2x2, dense, maxPool2x2, resizeConv, spatialPyramidPool, squeezeExcitation, stopGradient, type Fwd4 } from './layers';

/** Outputs of the network: both heads return LOGITS (the losses apply sigmoid/softmax once). */
export interface MultitaskOutputs {
  /** [N, H, W, segClasses] */
  segLogits: tf.Tensor4D;
  /** [N, clsClasses] */
  clsLogits: tf.Tensor2D;
}

/** Called with every named intermediate tensor during a forward pass (for the tensor inspector). */
type Tap = (name: string, t: tf.Tensor) => void;
type Block = (x: tf.Tensor4D, training: boolean, tap: Tap) => tf.Tensor4D;

const SPP_LEVELS = [4, 2, 1] as const;
/** Thrown by the activations() tap to end the forward pass once the layer is captured. */
const STOP_FORWARD = Symbol('stop-forward');

/**
 * Tumour-attention pooling: the predicted foreground probability (detached, so the
 * classification loss does not reshape the mask), average-pooled to the bottleneck grid,
 * weights a mean of the bottleneck features; concatenated with the global average.
 * Foreground = sigmoid channel 0 (binary tumour or BraTS WT) or 1 − softmax background.
 */
function attentionPool(feat: tf.Tensor4D, segLogits: tf.Tensor4D, cfg: ModelConfig): tf.Tensor2D {
  const k = 2 ** cfg.depth;
  const probs = cfg.segHead === 'sigmoid'
    ? tf.sigmoid(tf.slice(segLogits, [0, 0, 0, 0], [-1, -1, -1, 1]))
    : tf.sub(1, tf.slice(tf.softmax(segLogits), [0, 0, 0, 0], [-1, -1, -1, 1]));
  const m = tf.avgPool(stopGradient(probs as tf.Tensor4D), k, k, 'valid');
  const inside = tf.div(tf.sum(tf.mul(feat, m), [1, 2]), tf.add(tf.sum(m, [1, 2]), 1e-3));
  return tf.concat([tf.mean(feat, [1, 2]), inside], 1) as tf.Tensor2D;
}

/**
 * Multitask 2D U-Net: encoder–decoder with skip connections and a segmentation head, plus a
 * classification head on the bottleneck. Built from named tf.Variables (see ParamStore);
 * the forward pass is a plain function of those variables, usable inside tf.variableGrads.
 */
export class MultitaskUNet {
  readonly config: Readonly<ModelConfig>;
  private readonly store: ParamStore;
  private readonly names: string[] = [];
  private readonly forwardFn: (x: tf.Tensor4D, training: boolean, tap: Tap) => MultitaskOutputs;
  private dropoutCalls = 0;

  /** Use buildModel(), which validates the config first. */
  constructor(cfg: ModelConfig, private readonly seed: number) {
    this.config = Object.freeze({ ...cfg });
    this.store = new ParamStore(seed);
    this.forwardFn = this.build(cfg);
  }

  private build(cfg: ModelConfig): (x: tf.Tensor4D, training: boolean, tap: Tap) => MultitaskOutputs {
    const s = this.store;
    const ch = Array.from({ length: cfg.depth + 1 }, (_, i) => cfg.baseFilters * 2 ** i);
    const named = (n: string): string => (this.names.push(n), n);

    // conv → norm → activation, the unit every block repeats (batch norm folded into the conv for inference).
    const unit = (name: string, k: number, cin: number, cout: number, act: boolean): Fwd4 =>
      convNormAct(s, name, k, cin, cout, { norm: cfg.norm, momentum: cfg.bnMomentum, eps: cfg.normEpsilon, activation: act ? cfg.activation : null, slope: cfg.leakySlope });
    const block = (name: string, cin: number, cout: number): Block => {
      const n1 = named(`${name}.conv1`);
      const n2 = named(`${name}.conv2`);
      named(name);
      if (cfg.block === 'plain') {
        const u1 = unit(`${name}/conv1`, 3, cin, cout, true);
        const u2 = unit(`${name}/conv2`, 3, cout, cout, true);
        return (x, training, tap) => {
          const y1 = u1(x, training); tap(n1, y1);
          const y2 = u2(y1, training); tap(n2, y2); tap(name, y2);
          return y2;
        };
      }
      // Residual (He et al. v1): act(norm(conv(act(norm(conv(x))))) + shortcut(x)); 1×1 projection when channels change.
      const u1 = unit(`${name}/conv1`, 3, cin, cout, true);
      const u2 = unit(`${name}/conv2`, 3, cout, cout, false);
      const proj = cin !== cout ? unit(`${name}/shortcut`, 1, cin, cout, false) : null;
      const out = activation(s, `${name}/act`, cfg.activation, cout, cfg.leakySlope);
      return (x, training, tap) => {
        const y1 = u1(x, training); tap(n1, y1);
        const y2 = u2(y1, training); tap(n2, y2);
        const y = out(tf.add(y2, proj ? proj(x, training) : x) as tf.Tensor4D);
        tap(name, y);
        return y;
      };
    };

    const enc = ch.slice(0, cfg.depth).map((c, i) => block(`enc${i}`, i === 0 ? cfg.inChannels : ch[i - 1], c));
    const bottleneck = block('bottleneck', ch[cfg.depth - 1], ch[cfg.depth]);
    const clsFeatures = named('clsFeatures');
    const featUnits = cfg.clsPooling === 'gap' ? ch[cfg.depth]
      : cfg.clsPooling === 'attention' ? 2 * ch[cfg.depth] : ch[cfg.depth] * SPP_LEVELS.reduce((a, n) => a + n * n, 0);
    const hidden = cfg.clsHidden > 0 ? dense(s, 'cls/hidden', featUnits, cfg.clsHidden) : null;
    const clsOut = dense(s, 'cls/out', cfg.clsHidden > 0 ? cfg.clsHidden : featUnits, cfg.clsClasses, true);
    const ups: { up: (x: tf.Tensor4D) => tf.Tensor4D; dec: Block; se: ((x: tf.Tensor4D) => tf.Tensor4D) | null; name: string }[] = [];
    for (let i = cfg.depth - 1; i >= 0; i--) {
      const up = cfg.upsampling === 'transposed' ? convTranspose2x2(s, `up${i}`, ch[i + 1], ch[i]) : resizeConv(s, `up${i}`, ch[i + 1], ch[i]);
      const upName = named(`up${i}`);
      const dec = block(`dec${i}`, 2 * ch[i], ch[i]);
      const se = cfg.squeezeExcitation ? squeezeExcitation(s, `dec${i}/se`, ch[i], cfg.seReduction) : null;
      ups.push({ up, dec, se, name: upName });
    }
    const segHead = conv2d(s, 'seg/out', 1, ch[0], cfg.segClasses, true, true);
    named('segLogits');
    named('clsLogits');

    return (x, training, tap) => {
      const skips: tf.Tensor4D[] = [];
      let h = x;
      enc.forEach((b) => {
        h = b(h, training, tap);
        skips.push(h);
        h = maxPool2x2(h);
      });
      h = bottleneck(h, training, tap);
      if (training && cfg.dropout > 0) h = tf.dropout(h, cfg.dropout, undefined, this.seed + 7919 * ++this.dropoutCalls) as tf.Tensor4D;
      const shared = cfg.clsStopGradient ? stopGradient(h) : h;
      ups.forEach(({ up, dec, se, name }, k) => {
        const u = up(h);
        tap(name, u);
        // [up, skip] channel order as in the PyTorch reference, so weights can be ported.
        h = dec(tf.concat([u, skips[skips.length - 1 - k]], 3), training, tap);
        if (se) h = se(h);
      });
      const segLogits = segHead(h);
      let feats = cfg.clsPooling === 'gap' ? (tf.mean(shared, [1, 2]) as tf.Tensor2D)
        : cfg.clsPooling === 'attention' ? attentionPool(shared, segLogits, cfg) : spatialPyramidPool(shared, SPP_LEVELS);
      tap(clsFeatures, feats);
      if (hidden) feats = tf.relu(hidden(feats));
      const clsLogits = clsOut(feats);
      tap('segLogits', segLogits);
      tap('clsLogits', clsLogits);
      return { segLogits, clsLogits };
    };
  }

  /** Forward pass on NHWC input. `training` uses batch statistics (and updates the moving ones) and dropout. */
  apply(x: tf.Tensor4D, training: boolean): MultitaskOutputs {
    this.checkInput(x);
    // tf.tidy only accepts TensorContainer; unpack to keep the typed result.
    const [segLogits, clsLogits] = tf.tidy(() => {
      const o = this.forwardFn(x, training, () => undefined);
      return [o.segLogits, o.clsLogits];
    });
    return { segLogits: segLogits as tf.Tensor4D, clsLogits: clsLogits as tf.Tensor2D };
  }

  /** Output of a named layer (see layerNames()) for `x`, inference mode; the caller disposes it. */
  activations(x: tf.Tensor4D, layerName: string): tf.Tensor {
    if (!this.names.includes(layerName)) throw new MedSegError('unknown-layer', `no layer ${layerName}; layers: ${this.names.join(', ')}`);
    this.checkInput(x);
    let found: tf.Tensor | null = null;
    try {
      tf.tidy(() => {
        this.forwardFn(x, false, (n, t) => {
          if (n !== layerName) return;
          found = tf.keep(tf.clone(t));
          // Stop the forward pass here: the inspector mostly asks for early layers.
          throw STOP_FORWARD;
        });
      });
    } catch (e) {
      if (e !== STOP_FORWARD) throw e;
    }
    if (!found) throw new MedSegError('unknown-layer', `layer ${layerName} produced no output`);
    return found;
  }

  /** Names accepted by activations(), in forward order (`enc0.conv1` is the first encoder conv, after norm and activation). */
  layerNames(): string[] {
    return [...this.names];
  }

  /** Trainable variables, for tf.variableGrads / optimisers. */
  get trainableVariables(): tf.Variable[] {
    return this.store.trainable.map((e) => e.variable);
  }

  /** Trainable variables with stable names and whether weight decay applies. */
  get namedTrainableVariables(): NamedVariable[] {
    return this.store.trainable;
  }

  /** Every variable (trainable and BN moving stats) with its stable name: what a weight average covers. */
  get namedVariables(): NamedVariable[] {
    return this.store.entries;
  }

  /** Number of trainable scalars (PyTorch's sum of parameters().numel()); `true` adds BN moving stats. */
  paramCount(includeNonTrainable = false): number {
    return this.store.count(includeNonTrainable);
  }

  /** Names of every variable getWeights() returns, without copying any data. */
  weightNames(): string[] {
    return this.store.entries.map((e) => e.name);
  }

  /** Every variable incl. BN moving statistics, for checkpoints. */
  getWeights(): NamedTensorData[] {
    return this.store.getWeights();
  }

  getWeightsAsync(): Promise<NamedTensorData[]> {
    return this.store.getWeightsAsync();
  }

  /** Restores weights by name; throws MedSegError on a missing name or shape mismatch. */
  setWeights(weights: readonly NamedTensorData[]): void {
    this.store.setWeights(weights);
  }

  /** Dropout masks are drawn from (seed, call count): save this count in checkpoints for a bit-identical resume. */
  get rngState(): number {
    return this.dropoutCalls;
  }

  set rngState(calls: number) {
    this.dropoutCalls = calls;
  }

  dispose(): void {
    this.store.dispose();
  }

  private checkInput(x: tf.Tensor4D): void {
    const { inChannels, depth } = this.config;
    const [, h, w, c] = x.shape;
    if (x.rank !== 4 || c !== inChannels) throw new MedSegError('bad-input', `input must be NHWC with ${inChannels} channels, got [${x.shape}]`);
    if (h % 2 ** depth !== 0 || w % 2 ** depth !== 0) throw new MedSegError('bad-input', `input height/width must be divisible by ${2 ** depth}, got [${x.shape}]`);
  }
}
