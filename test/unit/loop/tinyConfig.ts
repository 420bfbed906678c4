/** A tiny training config on a few real figshare cases, for fast loop tests. */
import { sharedData } from '../../helpers/paths';

/** Config object (relative paths none: everything absolute). */
export function tinyConfig(outputDir: string, overrides: { epochs?: number; iterations?: number; augmentation?: string } = {}): Record<string, unknown> {
  return {
    name: 'tiny',
    seed: 7,
    data: { kind: 'figshare', root: sharedData('figshare-brain-tumor'), inputSize: 32, maxCases: 6, validation: { strategy: 'fraction', fraction: 0.25 } },
    model: { baseFilters: 4, depth: 2, norm: 'batch' },
    optimizer: { learningRate: 0.01 },
    augmentation: { preset: overrides.augmentation ?? 'none' },
    training: { epochs: overrides.epochs ?? 3, iterationsPerEpoch: overrides.iterations ?? 5, batchSize: 4, overlayCases: 2, overlaySize: 32 },
    run: { outputDir, backend: 'cpu' },
  };
}
