/** Task presets of the new-config wizard, as `*.medseg.json` objects (pure: unit-tested against the config validator). */

/** Builds the config object for a preset (only what differs from the engine's defaults). */
export function presetConfig(kind: 'figshare' | 'brats' | 'image-mask', root: string, name: string, inputSize: number, epochs: number, augmentation: string, backend: string): Record<string, unknown> {
  const base = {
    name, seed: 42,
    augmentation: { preset: augmentation },
    training: { epochs, iterationsPerEpoch: 20, batchSize: 8 },
    run: { outputDir: 'runs', backend },
  };
  switch (kind) {
    case 'figshare':
      // The recipe the README shows learning (media/demo/figshare-full.medseg.json), not softmax/Dice+CE/dynamic, which did not.
      return {
        ...base,
        data: { kind, root, inputSize, validation: { strategy: 'fold', fold: 1 } },
        model: { baseFilters: 8, depth: 4, norm: 'instance' },
        loss: { seg: { name: 'diceBce' }, multitask: { weighting: 'fixed', clsWeight: 1 } },
        optimizer: { name: 'adam', learningRate: 0.003, clipNorm: 12 },
        schedule: { kind: 'cosine', warmupSteps: 20, minLr: 0.0001 },
      };
    case 'brats':
      return {
        ...base,
        data: { kind, root, inputSize, classes: ['no tumour', 'tumour'], segClasses: ['WT', 'TC', 'ET'], validation: { strategy: 'fraction', fraction: 0.2 } },
        model: { segHead: 'sigmoid' },
        loss: { seg: { name: 'diceBce' }, cls: { name: 'ce' }, multitask: { weighting: 'fixed', clsWeight: 0.5 } },
        augmentation: { preset: augmentation === 'nnunet-default' ? 'nnunet-brats-da3' : augmentation },
      };
    case 'image-mask':
      return { ...base, data: { kind, root, inputSize, validation: { strategy: 'fraction', fraction: 0.2 } } };
  }
}

