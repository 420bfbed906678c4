
/** Options for {@link zScoreNormalize}. */
export interface ZScoreOptions {
  /**
   * Statistics over non-zero voxels only (nnU-Net's "use_mask_for_norm" for brain MRI, where
   * zero is skull-stripped background). Background voxels stay exactly 0 afterwards so the
   * network still sees where the brain ends. Default true.
   */
  nonZeroOnly?: boolean;
  /** Guards against division by ~0 on flat channels (nnU-Net uses max(std, 1e-8)). */
  epsilon?: number;
}

/** Per-channel mean/std used, so inference can apply the identical normalisation. */
export interface ChannelStats {
  mean: number;
  std: number;
  /** Voxels that entered the statistics. */
  count: number;
}

/**
 * Per-channel z-score of a channels-last image, in place: `(x - mean) / max(std, eps)`.
 * With `nonZeroOnly`, a voxel counts as background when *all* its channels are 0 (the
 * brain mask is shared between modalities, as nnU-Net's nonzero mask), and background
 * is left at 0. Returns the statistics per channel.
 */
export function zScoreNormalizeImage(image: Float32Array, channels: number, opts: ZScoreOptions = {}): ChannelStats[] {
  const nonZeroOnly = opts.nonZeroOnly ?? true;
  const eps = opts.epsilon ?? 1e-8;
  const n = image.length / channels;
  const inMask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let any = !nonZeroOnly;
    for (let c = 0; c < channels && !any; c++) any = image[i * channels + c] !== 0;
    inMask[i] = any ? 1 : 0;
  }
  const stats: ChannelStats[] = [];
  for (let c = 0; c < channels; c++) {
    // Two-pass mean/variance in float64: single-pass sums lose precision on MRI ranges.
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++) if (inMask[i]) { sum += image[i * channels + c]; count++; }
    const mean = count ? sum / count : 0;
    let ss = 0;
    for (let i = 0; i < n; i++) if (inMask[i]) { const d = image[i * channels + c] - mean; ss += d * d; }
    const std = count ? Math.sqrt(ss / count) : 0;
    const div = Math.max(std, eps);
    for (let i = 0; i < n; i++) {
      const k = i * channels + c;
      image[k] = inMask[i] ? (image[k] - mean) / div : 0;
    }
    stats.push({ mean, std, count });
  }
  return stats;
}
