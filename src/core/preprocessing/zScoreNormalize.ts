
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
  const stats = channelStats([image], channels, opts.nonZeroOnly ?? true);
  applyZScore(image, channels, stats, opts);
  return stats;
}

/** Whether voxel `i` of a channels-last image is foreground (any channel non-zero, or every voxel when `nonZeroOnly` is off). */
function inMask(image: Float32Array, channels: number, i: number, nonZeroOnly: boolean): boolean {
  if (!nonZeroOnly) return true;
  for (let c = 0; c < channels; c++) if (image[i * channels + c] !== 0) return true;
  return false;
}

/**
 * Per-channel mean and std pooled over several channels-last images (the slices of one
 * case for nnU-Net's per-case normalisation; one image for per-image). Two passes in float64:
 * single-pass sums lose precision on MRI ranges.
 */
export function channelStats(images: readonly Float32Array[], channels: number, nonZeroOnly = true): ChannelStats[] {
  const sum = new Float64Array(channels);
  let count = 0;
  for (const im of images) {
    for (let i = 0; i < im.length / channels; i++) {
      if (!inMask(im, channels, i, nonZeroOnly)) continue;
      count++;
      for (let c = 0; c < channels; c++) sum[c] += im[i * channels + c];
    }
  }
  const mean = Array.from(sum, (s) => (count ? s / count : 0));
  const ss = new Float64Array(channels);
  for (const im of images) {
    for (let i = 0; i < im.length / channels; i++) {
      if (!inMask(im, channels, i, nonZeroOnly)) continue;
      for (let c = 0; c < channels; c++) { const d = im[i * channels + c] - mean[c]; ss[c] += d * d; }
    }
  }
  return mean.map((m, c) => ({ mean: m, std: count ? Math.sqrt(ss[c] / count) : 0, count }));
}

/** Applies given statistics in place; with `nonZeroOnly` (default) background voxels stay exactly 0. */
export function applyZScore(image: Float32Array, channels: number, stats: readonly ChannelStats[], opts: ZScoreOptions = {}): void {
  const nonZeroOnly = opts.nonZeroOnly ?? true;
  const eps = opts.epsilon ?? 1e-8;
  const div = stats.map((s) => Math.max(s.std, eps));
  for (let i = 0; i < image.length / channels; i++) {
    const keep = inMask(image, channels, i, nonZeroOnly);
    for (let c = 0; c < channels; c++) {
      const k = i * channels + c;
      image[k] = keep ? (image[k] - stats[c].mean) / div[c] : 0;
    }
  }
}
